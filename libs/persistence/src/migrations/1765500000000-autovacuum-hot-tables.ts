import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * payments and authorizations are queue-like: every row is inserted, updated two or three times
 * (SUBMITTED, CONFIRMED; answered) and then only read. The hot paths read them through partial
 * indexes of the few open rows (ix_payments_open, ix_payments_funding_open under the wallet lock,
 * the NULL end of the responded_at index), and each update leaves a dead entry there until VACUUM: with the
 * default trigger (20 % of the table dead) the wallet lock's open-payment sums walked tens of
 * thousands of dead entries after a burst. Vacuum them after a fixed number of changes instead,
 * without the cost-based pauses (the tables' live parts are small and hot in cache).
 */
const TABLES = ['payments', 'payment_transactions', 'authorizations'];

export class AutovacuumHotTables1765500000000 implements MigrationInterface {
  name = 'AutovacuumHotTables1765500000000';

  async up(q: QueryRunner): Promise<void> {
    for (const t of TABLES) {
      await q.query(
        `ALTER TABLE ${t} SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 2000, autovacuum_vacuum_insert_scale_factor = 0,
           autovacuum_vacuum_insert_threshold = 5000, autovacuum_analyze_scale_factor = 0.02, autovacuum_vacuum_cost_delay = 0)`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of TABLES) {
      await q.query(
        `ALTER TABLE ${t} RESET (autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold, autovacuum_vacuum_insert_scale_factor,
           autovacuum_vacuum_insert_threshold, autovacuum_analyze_scale_factor, autovacuum_vacuum_cost_delay)`,
      );
    }
  }
}
