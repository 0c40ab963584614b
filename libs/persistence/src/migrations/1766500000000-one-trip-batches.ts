import type { MigrationInterface, QueryRunner } from 'typeorm';
import { GUESS_NO_LONGER_HOLDS } from '../guess-no-longer-holds';

/**
 * A payment batch can be written in one round trip (lock, checks, inserts, approvals, COMMIT) when it
 * was signed at the nonces this process last committed: the trip's statements run one after another,
 * so a check must stop the ones after it. `bridge_guess_holds(what, off)` raises GUESS_NO_LONGER_HOLDS
 * when `off` rows of the check named `what` ('nonces', 'funds') failed; the transaction is then rolled
 * back and the batch is written in two trips, deciding order by order (PaymentBatchWriter).
 */
export class OneTripBatches1766500000000 implements MigrationInterface {
  name = 'OneTripBatches1766500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE FUNCTION bridge_guess_holds(what text, off bigint) RETURNS bigint LANGUAGE plpgsql AS $$
       BEGIN
         IF off <> 0 THEN
           RAISE EXCEPTION 'the batch''s guess no longer holds: % % off', off, what USING ERRCODE = '${GUESS_NO_LONGER_HOLDS}', DETAIL = what;
         END IF;
         RETURN off;
       END $$`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION bridge_guess_holds(text, bigint)`);
  }
}
