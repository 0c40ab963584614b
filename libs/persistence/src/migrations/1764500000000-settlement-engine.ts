import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Settlement engine: delegated funding (a cardholder wallet + the bridge's spender), payment kinds,
 * every signed attempt of a payment (replacements keep both hashes), mined block for reorg checks.
 */
export class SettlementEngine1764500000000 implements MigrationInterface {
  name = 'SettlementEngine1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE wallets ADD COLUMN spender_wallet_id uuid REFERENCES wallets(id)`);
    await q.query(`ALTER TABLE payments ADD COLUMN funding_wallet_id uuid REFERENCES wallets(id), ADD COLUMN kind varchar(24) NOT NULL DEFAULT 'ERC20_TRANSFER',
      ADD COLUMN block_hash char(66), ADD COLUMN mined_tx_hash char(66), ADD COLUMN last_broadcast_at timestamptz, ADD COLUMN failure_reason text`);
    await q.query(`UPDATE payments SET funding_wallet_id = wallet_id`);
    await q.query(`ALTER TABLE payments ALTER COLUMN funding_wallet_id SET NOT NULL`);
    await q.query(`CREATE INDEX ix_payments_funding_open ON payments (funding_wallet_id) WHERE status IN ('SIGNED','SUBMITTED')`);
    await q.query(`CREATE INDEX ix_payments_recent_confirmed ON payments (block_number) WHERE status = 'CONFIRMED'`);
    await q.query(`CREATE TABLE payment_transactions (
      tx_hash char(66) PRIMARY KEY, payment_id uuid NOT NULL REFERENCES payments(id), raw_tx text NOT NULL,
      max_fee_per_gas numeric(78,0) NOT NULL, max_priority_fee_per_gas numeric(78,0) NOT NULL,
      status varchar(16) NOT NULL DEFAULT 'PENDING', created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX ix_payment_transactions_payment ON payment_transactions (payment_id)`);
    await q.query(`INSERT INTO payment_transactions (tx_hash, payment_id, raw_tx, max_fee_per_gas, max_priority_fee_per_gas, created_at)
      SELECT tx_hash, id, raw_tx, max_fee_per_gas, max_priority_fee_per_gas, created_at FROM payments`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS payment_transactions`);
    await q.query(`DROP INDEX IF EXISTS ix_payments_recent_confirmed`);
    await q.query(`DROP INDEX IF EXISTS ix_payments_funding_open`);
    await q.query(`ALTER TABLE payments DROP COLUMN funding_wallet_id, DROP COLUMN kind, DROP COLUMN block_hash, DROP COLUMN mined_tx_hash,
      DROP COLUMN last_broadcast_at, DROP COLUMN failure_reason`);
    await q.query(`ALTER TABLE wallets DROP COLUMN spender_wallet_id`);
  }
}
