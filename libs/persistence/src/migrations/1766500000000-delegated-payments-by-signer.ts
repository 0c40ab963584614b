import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The funds check (OPEN_SUMS) finds a batch's payments by funding wallet, and a signer's payments for
 * other funding wallets — a delegated wallet's spender paying gas for it — by signer. Only payments
 * signed by a wallet other than their funder can be the latter, so the signer's indexes hold those only:
 * a custodial payment (the wallet signs its own) is not read a second time through its signer only to
 * be filtered out, and gets no entry in them. Its mined payments are found by funder, then block: on
 * ix_payments_mined (block, then funder) a funder's lookup walks every wallet's payments since the
 * reading, once per funder of the batch. ix_payments_mined stays for the tracker's reorg check (by block).
 */
export class DelegatedPaymentsBySigner1766500000000 implements MigrationInterface {
  name = 'DelegatedPaymentsBySigner1766500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_payments_open_delegated ON payments (wallet_id) WHERE open AND wallet_id <> funding_wallet_id`);
    await q.query(`CREATE INDEX ix_payments_mined_delegated ON payments (wallet_id, block_number) WHERE NOT open AND wallet_id <> funding_wallet_id`);
    await q.query(`DROP INDEX IF EXISTS ix_payments_mined_signer`);
    await q.query(`CREATE INDEX ix_payments_mined_funding ON payments (funding_wallet_id, block_number) WHERE NOT open`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS ix_payments_mined_funding`);
    await q.query(`CREATE INDEX ix_payments_mined_signer ON payments (wallet_id, block_number) WHERE NOT open`);
    await q.query(`DROP INDEX IF EXISTS ix_payments_mined_delegated`);
    await q.query(`DROP INDEX IF EXISTS ix_payments_open_delegated`);
  }
}
