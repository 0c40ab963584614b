import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Reconciliation runs and their per-authorization (or per-transfer) classification. */
export class Reconciliation1764900000000 implements MigrationInterface {
  name = 'Reconciliation1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE reconciliation_runs (
      id uuid PRIMARY KEY, started_at timestamptz NOT NULL DEFAULT now(), finished_at timestamptz,
      window_from timestamptz NOT NULL, window_to timestamptz NOT NULL, matched integer NOT NULL DEFAULT 0, exceptions integer NOT NULL DEFAULT 0)`);
    await q.query(`CREATE TABLE reconciliation_items (
      id uuid PRIMARY KEY, run_id uuid NOT NULL REFERENCES reconciliation_runs(id) ON DELETE CASCADE, authorization_id uuid,
      tx_hash char(66), classification varchar(32) NOT NULL, detail jsonb NOT NULL DEFAULT '{}')`);
    await q.query(`CREATE INDEX ix_reconciliation_items_run ON reconciliation_items (run_id, classification)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS reconciliation_items`);
    await q.query(`DROP TABLE IF EXISTS reconciliation_runs`);
  }
}
