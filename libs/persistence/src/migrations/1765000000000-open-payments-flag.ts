import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `open` (signed or submitted, not yet mined) as a stored generated column, and the partial indexes
 * keyed on it instead of on `status`: marking a payment SUBMITTED then changes no indexed value, so
 * with free room in the page (fillfactor) PostgreSQL updates it in place (HOT) without touching
 * the six indexes. Funds are read at a named block minus our payments mined after it, so mined
 * payments (CONFIRMED, or FAILED: gas was spent) are indexed by block number.
 */
export class OpenPaymentsFlag1765000000000 implements MigrationInterface {
  name = 'OpenPaymentsFlag1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE payments ADD COLUMN open boolean GENERATED ALWAYS AS (status IN ('SIGNED','SUBMITTED')) STORED`);
    // The signed bytes live once, per attempt, in payment_transactions (smaller rows: more HOT room).
    await q.query(`ALTER TABLE payments DROP COLUMN raw_tx`);
    await q.query(`ALTER TABLE payments SET (fillfactor = 70)`);
    await q.query(`DROP INDEX IF EXISTS ix_payments_open`);
    await q.query(`DROP INDEX IF EXISTS ix_payments_funding_open`);
    await q.query(`DROP INDEX IF EXISTS ix_payments_recent_confirmed`);
    await q.query(`CREATE INDEX ix_payments_open ON payments (wallet_id) WHERE open`);
    await q.query(`CREATE INDEX ix_payments_funding_open ON payments (funding_wallet_id) WHERE open`);
    await q.query(`CREATE INDEX ix_payments_mined ON payments (block_number) WHERE NOT open`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS ix_payments_mined`);
    await q.query(`DROP INDEX IF EXISTS ix_payments_funding_open`);
    await q.query(`DROP INDEX IF EXISTS ix_payments_open`);
    await q.query(`ALTER TABLE payments DROP COLUMN open`);
    await q.query(`ALTER TABLE payments RESET (fillfactor)`);
    await q.query(`ALTER TABLE payments ADD COLUMN raw_tx text`);
    await q.query(`UPDATE payments p SET raw_tx = t.raw_tx FROM payment_transactions t WHERE t.tx_hash = p.tx_hash`);
    await q.query(`ALTER TABLE payments ALTER COLUMN raw_tx SET NOT NULL`);
    await q.query(`CREATE INDEX ix_payments_open ON payments (wallet_id) WHERE status IN ('SIGNED','SUBMITTED')`);
    await q.query(`CREATE INDEX ix_payments_funding_open ON payments (funding_wallet_id) WHERE status IN ('SIGNED','SUBMITTED')`);
    await q.query(`CREATE INDEX ix_payments_recent_confirmed ON payments (block_number) WHERE status = 'CONFIRMED'`);
  }
}
