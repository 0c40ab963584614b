import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Index writes per payment, the largest share of PostgreSQL's time per authorization after the
 * answer's (docs/performance.md, session 6):
 * - `payments.tx_hash` (the newest attempt) had a unique index of its own, yet every attempt's hash is
 *   already the primary key of payment_transactions, which the SUBMITTED marks and the ops search go
 *   through; the recording of a mined payment rewrote that index entry for nothing.
 * - An attempt's only update (PENDING → MINED / REPLACED) changes no indexed column, but full pages
 *   made it a new row with two index entries (5 % HOT measured): leave room on each page.
 */
export class FewerPaymentIndexWrites1765950000000 implements MigrationInterface {
  name = 'FewerPaymentIndexWrites1765950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE payments DROP CONSTRAINT IF EXISTS payments_tx_hash_key`);
    await q.query(`ALTER TABLE payment_transactions SET (fillfactor = 80)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE payment_transactions RESET (fillfactor)`);
    await q.query(`ALTER TABLE payments ADD CONSTRAINT payments_tx_hash_key UNIQUE (tx_hash)`);
  }
}
