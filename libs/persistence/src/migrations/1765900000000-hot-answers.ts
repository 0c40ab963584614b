import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The answer's UPDATE of an authorization set the indexed `responded_at`, so every answer wrote a new
 * entry into all seven indexes of the table (~90–150 µs of PostgreSQL per authorization under load).
 * With no indexed column changed and room on the page, PostgreSQL updates the row in place (HOT).
 *
 * - `ix_authorizations_responded_at` served only the stale-authorization sweep; the sweep now walks
 *   `received_at` from a watermark (`stale_sweep_watermarks`) that it advances.
 * - `ix_authorizations_received_at` duplicated `ix_authorizations_list` (received_at DESC, id DESC),
 *   which serves the same ranges in either direction; `ix_authorizations_original` (acquirer_id, stan,
 *   transmission_date_time) was a prefix of the unique network key's index.
 * - fillfactor: an answered row is ~2.3× its RECEIVED row (response fields, quote, destination), so a
 *   page filled with RECEIVED rows to 40 % holds its rows once answered (measured in docs/performance.md).
 */
export class HotAnswers1765900000000 implements MigrationInterface {
  name = 'HotAnswers1765900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS ix_authorizations_responded_at`);
    await q.query(`DROP INDEX IF EXISTS ix_authorizations_received_at`);
    await q.query(`DROP INDEX IF EXISTS ix_authorizations_original`);
    await q.query(`ALTER TABLE authorizations SET (fillfactor = 40)`);
    await q.query(`CREATE TABLE stale_sweep_watermarks (name varchar(32) PRIMARY KEY, swept_before timestamptz NOT NULL)`);
    // Rows left RECEIVED before this migration are still swept: the watermark starts at the oldest.
    await q.query(
      `INSERT INTO stale_sweep_watermarks (name, swept_before)
       SELECT 'authorizations', COALESCE(MIN(received_at), now()) FROM authorizations WHERE status = 'RECEIVED'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE stale_sweep_watermarks`);
    await q.query(`ALTER TABLE authorizations RESET (fillfactor)`);
    await q.query(`CREATE INDEX ix_authorizations_original ON authorizations (acquirer_id, stan, transmission_date_time)`);
    await q.query(`CREATE INDEX ix_authorizations_received_at ON authorizations (received_at)`);
    await q.query(`CREATE INDEX ix_authorizations_responded_at ON authorizations (responded_at)`);
  }
}
