import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The wallet lock sums this wallet's payments mined after the funds reading's block. On the
 * block_number index alone that read every wallet's recent payments and kept one wallet's: with
 * traffic spread over many cards, each batch scanned all of them. Per wallet (as funder and as
 * signer), the scan covers only its own rows.
 */
export class MinedPaymentsPerWallet1765600000000 implements MigrationInterface {
  name = 'MinedPaymentsPerWallet1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_payments_mined_funding ON payments (funding_wallet_id, block_number) WHERE NOT open`);
    await q.query(`CREATE INDEX ix_payments_mined_signer ON payments (wallet_id, block_number) WHERE NOT open`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS ix_payments_mined_signer`);
    await q.query(`DROP INDEX IF EXISTS ix_payments_mined_funding`);
  }
}
