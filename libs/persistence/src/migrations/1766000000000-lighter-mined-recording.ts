import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Recording a payment mined was the largest PostgreSQL cost per authorization after the payment's
 * insert (~90 µs, ~11 WAL records; docs/performance.md, session 7): a new payments row with an entry in
 * six indexes, and an update of each attempt.
 * - An attempt's status is derived from its payment (MINED: the mined hash; REPLACED: another attempt
 *   was mined; PENDING: none yet), in the view payment_attempts: nothing to update per attempt, and a
 *   payment whose block is reorged away shows its attempts PENDING again (the stored status did not).
 * - The mined payments' indexes by block and by funding wallet and block are one, by block and funding
 *   wallet: the funds check under the wallet lock reads the payments its wallets funded after its chain
 *   reading (the last second or so) with both as index conditions, and the reorg check reads by block.
 *   The signer's index (signer, block) stays: without it the planner may read a signer's mined payments
 *   through its nonce index, the whole history of the wallet (seen on a small table).
 */
export class LighterMinedRecording1766000000000 implements MigrationInterface {
  name = 'LighterMinedRecording1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE VIEW payment_attempts AS
      SELECT t.tx_hash, t.payment_id, t.raw_tx, t.max_fee_per_gas, t.max_priority_fee_per_gas, t.created_at,
             CASE WHEN p.mined_tx_hash IS NULL THEN 'PENDING' WHEN p.mined_tx_hash = t.tx_hash THEN 'MINED' ELSE 'REPLACED' END AS status
        FROM payment_transactions t JOIN payments p ON p.id = t.payment_id`);
    await q.query(`ALTER TABLE payment_transactions DROP COLUMN status`);
    await q.query(`DROP INDEX IF EXISTS ix_payments_mined_funding`);
    await q.query(`DROP INDEX IF EXISTS ix_payments_mined`);
    await q.query(`CREATE INDEX ix_payments_mined ON payments (block_number, funding_wallet_id) WHERE NOT open`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS ix_payments_mined`);
    await q.query(`CREATE INDEX ix_payments_mined ON payments (block_number) WHERE NOT open`);
    await q.query(`CREATE INDEX ix_payments_mined_funding ON payments (funding_wallet_id, block_number) WHERE NOT open`);
    await q.query(`ALTER TABLE payment_transactions ADD COLUMN status varchar(16) NOT NULL DEFAULT 'PENDING'`);
    await q.query(`UPDATE payment_transactions t SET status = a.status FROM payment_attempts a WHERE a.tx_hash = t.tx_hash AND a.status <> 'PENDING'`);
    await q.query(`DROP VIEW payment_attempts`);
  }
}
