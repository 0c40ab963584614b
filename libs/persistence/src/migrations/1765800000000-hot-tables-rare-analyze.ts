import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['payments', 'payment_transactions', 'authorizations'];

/**
 * Migration 1765500000000 had these tables re-analysed after 2 % of their rows changed: on tables of a
 * few tens of thousands of rows taking ~600 changes a second that was an ANALYZE (30,000 sampled rows
 * each) every autovacuum round, every 5 s, and the 2 s windows holding one showed the p99 spikes at
 * 200 auths/s (61–161 ms against 13–41 ms without). Their statistics barely move — the same shapes of
 * rows, in the same proportions — so re-analyse after 20 % and at least 10,000 changes. Vacuuming
 * (dead entries in the open-payment indexes) keeps its thresholds.
 */
export class HotTablesRareAnalyze1765800000000 implements MigrationInterface {
  name = 'HotTablesRareAnalyze1765800000000';

  async up(q: QueryRunner): Promise<void> {
    for (const t of TABLES) await q.query(`ALTER TABLE ${t} SET (autovacuum_analyze_scale_factor = 0.2, autovacuum_analyze_threshold = 10000)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of TABLES) await q.query(`ALTER TABLE ${t} SET (autovacuum_analyze_scale_factor = 0.02) , RESET (autovacuum_analyze_threshold)`);
  }
}
