import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What a mined payment cost in gas (receipt gasUsed × effectiveGasPrice, EIP-1559), for daily totals. */
export class PaymentFees1765100000000 implements MigrationInterface {
  name = 'PaymentFees1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE payments ADD COLUMN gas_used numeric(78,0), ADD COLUMN fee_paid numeric(78,0)`);
    await q.query(`CREATE INDEX ix_authorizations_responded_at ON authorizations (responded_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS ix_authorizations_responded_at`);
    await q.query(`ALTER TABLE payments DROP COLUMN fee_paid, DROP COLUMN gas_used`);
  }
}
