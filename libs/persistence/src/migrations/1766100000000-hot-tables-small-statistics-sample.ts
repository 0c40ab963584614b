import type { MigrationInterface, QueryRunner } from 'typeorm';

export const HOT_TABLES = ['authorizations', 'payments', 'payment_transactions'];
/** ANALYZE samples 300 rows per unit of the largest target among a table's columns: 3,000 rows. */
export const HOT_TABLES_STATISTICS_TARGET = 10;

/**
 * ANALYZE of the hot tables took ~4 % of the stack's CPU under load (docs/performance.md, session 9):
 * with the default target (100) it samples 30,000 rows and builds 100-entry lists and histograms for
 * every column — 322 / 168 / 102 ms for authorizations / payments / payment_transactions at ~20,000
 * rows, every 10,000 + 20 % changes (migration 1765800000000), i.e. every few seconds at 2,000
 * auths/s. Every hot-path statement is an index lookup by key or by a partial index, and the rows keep
 * the same shapes in the same proportions, so a 3,000-row sample estimates them as well: 39 / 23 / 13 ms.
 * The target is per column: a column added later gets the default again and brings the 30,000-row
 * sample back (an e2e test fails then).
 */
export class HotTablesSmallStatisticsSample1766100000000 implements MigrationInterface {
  name = 'HotTablesSmallStatisticsSample1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await this.setTarget(q, HOT_TABLES_STATISTICS_TARGET);
  }

  async down(q: QueryRunner): Promise<void> {
    await this.setTarget(q, -1); // the default (default_statistics_target)
  }

  private async setTarget(q: QueryRunner, target: number): Promise<void> {
    for (const table of HOT_TABLES) {
      const columns = (await q.query(`SELECT attname FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped`, [table])) as {
        attname: string;
      }[];
      const alter = columns.map((c) => `ALTER COLUMN ${q.connection.driver.escape(c.attname)} SET STATISTICS ${target}`).join(', ');
      await q.query(`ALTER TABLE ${table} ${alter}`);
    }
  }
}
