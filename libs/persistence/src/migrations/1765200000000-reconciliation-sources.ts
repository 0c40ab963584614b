import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Whether a reconciliation run could read the exchange side (its third source), and why not. */
export class ReconciliationSources1765200000000 implements MigrationInterface {
  name = 'ReconciliationSources1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reconciliation_runs ADD COLUMN exchange_source text NOT NULL DEFAULT 'OK'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reconciliation_runs DROP COLUMN exchange_source`);
  }
}
