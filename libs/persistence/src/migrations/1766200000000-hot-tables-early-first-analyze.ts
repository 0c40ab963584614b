import type { MigrationInterface, QueryRunner } from 'typeorm';
import { HOT_TABLES } from './1766100000000-hot-tables-small-statistics-sample';

/**
 * Migration 1765800000000 set the hot tables' re-analyse threshold to 10,000 changes (+ 20 % of the
 * rows), so a new database ran its first ~4,000 authorizations on no statistics at all. On a slow machine
 * at 200/s, a fresh `npm start` (15 s of warm-up load, then 40 s): in 2 of 5 runs a ~12 s spell with
 * nearly every answer over 25 ms, p99 147 / 216 ms (56–71 in the other three), ending at the first
 * ANALYZE; with a 1,000-change base, 63–93 ms in 5 of 5, warm-up p99 116–161 against 131–337
 * (docs/performance.md, session 16). From ~50,000 rows on the 20 % dominates as before; an ANALYZE is a
 * 3,000-row sample since 1766100000000 (30–65 ms a table there), not the 30,000 rows whose every-round
 * spikes 1765800000000 was about.
 */
export class HotTablesEarlyFirstAnalyze1766200000000 implements MigrationInterface {
  name = 'HotTablesEarlyFirstAnalyze1766200000000';

  async up(q: QueryRunner): Promise<void> {
    for (const t of HOT_TABLES) await q.query(`ALTER TABLE ${t} SET (autovacuum_analyze_threshold = 1000)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of HOT_TABLES) await q.query(`ALTER TABLE ${t} SET (autovacuum_analyze_threshold = 10000)`);
  }
}
