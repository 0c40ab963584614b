import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The indexes this migration builds on `payments`, by name. */
export const DELEGATED_PAYMENTS_INDEXES: Record<string, string> = {
  ix_payments_open_delegated: `(wallet_id) WHERE open AND wallet_id <> funding_wallet_id`,
  ix_payments_mined_delegated: `(wallet_id, block_number) WHERE NOT open AND wallet_id <> funding_wallet_id`,
  ix_payments_mined_funding: `(funding_wallet_id, block_number) WHERE NOT open`,
};

/**
 * The funds check (OPEN_SUMS) finds a batch's payments by funding wallet, and a signer's payments for
 * other funding wallets — a delegated wallet's spender paying gas for it — by signer. Only payments
 * signed by a wallet other than their funder can be the latter, so the signer's indexes hold those only:
 * a custodial payment (the wallet signs its own) is not read a second time through its signer only to
 * be filtered out, and gets no entry in them. Its mined payments are found by funder, then block: on
 * ix_payments_mined (block, then funder) a funder's lookup walks every wallet's payments since the
 * reading, once per funder of the batch. ix_payments_mined stays for the tracker's reorg check (by block).
 *
 * Built CONCURRENTLY, outside a transaction (`transaction = false`; runMigrations runs the others one
 * transaction each): a plain CREATE INDEX holds writes to `payments` — every authorization's — for the
 * whole build, which on a deployed table of millions of payments is an outage. An interrupted build
 * leaves an INVALID index of its name, so each is dropped first and the migration can simply run again.
 */
export class DelegatedPaymentsBySigner1766500000000 implements MigrationInterface {
  name = 'DelegatedPaymentsBySigner1766500000000';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    for (const [index, definition] of Object.entries(DELEGATED_PAYMENTS_INDEXES)) {
      await q.query(`DROP INDEX CONCURRENTLY IF EXISTS ${index}`);
      await q.query(`CREATE INDEX CONCURRENTLY ${index} ON payments ${definition}`);
    }
    // Dropped once ix_payments_mined_funding serves its lookups.
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS ix_payments_mined_signer`);
  }

  /** Plain statements: TypeORM undoes a migration inside a transaction whatever its `transaction`. */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS ix_payments_mined_funding`);
    await q.query(`CREATE INDEX ix_payments_mined_signer ON payments (wallet_id, block_number) WHERE NOT open`);
    await q.query(`DROP INDEX IF EXISTS ix_payments_mined_delegated`);
    await q.query(`DROP INDEX IF EXISTS ix_payments_open_delegated`);
  }
}
