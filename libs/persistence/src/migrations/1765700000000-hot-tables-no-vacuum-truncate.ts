import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['payments', 'payment_transactions', 'authorizations'];

/**
 * VACUUM ends by truncating empty pages at the end of a table, under an ACCESS EXCLUSIVE lock that
 * queues every read and write behind it; on these tables, vacuumed often (migration 1765500000000)
 * and written on every authorization, that showed up as stalls of whole batches. The space is
 * reused by new rows anyway.
 */
export class HotTablesNoVacuumTruncate1765700000000 implements MigrationInterface {
  name = 'HotTablesNoVacuumTruncate1765700000000';

  async up(q: QueryRunner): Promise<void> {
    for (const t of TABLES) await q.query(`ALTER TABLE ${t} SET (vacuum_truncate = false)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of TABLES) await q.query(`ALTER TABLE ${t} RESET (vacuum_truncate)`);
  }
}
