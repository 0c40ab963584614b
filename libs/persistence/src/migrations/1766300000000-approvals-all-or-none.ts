import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APPROVALS_NOT_ALL_WRITTEN } from '../approvals-not-all-written';

/**
 * An approval is written in its payment's commit, on its row only while that row is still RECEIVED and
 * not reversed. An UPDATE that matches no row is not an error, so a row closed meanwhile — by the stale
 * sweeper past deadline + grace, or by a reversal that overtook its original — let the payment commit
 * without its approval: money moved for an authorization the network was told 91 (or had reversed).
 * `bridge_all_approved(written, expected)` turns that count into an error, so the batch's transaction —
 * payments, nonces and approvals — rolls back as one; PaymentBatchWriter then drops the closed ones and
 * writes the rest again.
 */
export class ApprovalsAllOrNone1766300000000 implements MigrationInterface {
  name = 'ApprovalsAllOrNone1766300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE FUNCTION bridge_all_approved(written bigint, expected int) RETURNS bigint LANGUAGE plpgsql AS $$
       BEGIN
         IF written <> expected THEN
           RAISE EXCEPTION '% of % approvals written: an authorization was closed or reversed meanwhile', written, expected
             USING ERRCODE = '${APPROVALS_NOT_ALL_WRITTEN}';
         END IF;
         RETURN written;
       END $$`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION bridge_all_approved(bigint, int)`);
  }
}
