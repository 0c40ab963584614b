import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The stale-authorization sweep runs on every tracker pass and looks for RECEIVED rows past the
 * deadline: on the plain received_at index it walked every answered authorization before the first
 * unanswered one (a scan growing with the table). A partial index holds only the unanswered: rows
 * without an answer time (every path that answers sets responded_at). Its predicate is not
 * `status = 'RECEIVED'`, which the answer update also says: the planner would then scan this index,
 * dead entries and all, instead of looking the rows up by id.
 */
export class UnansweredAuthorizationsIndex1765400000000 implements MigrationInterface {
  name = 'UnansweredAuthorizationsIndex1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_authorizations_unanswered ON authorizations (received_at) WHERE responded_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS ix_authorizations_unanswered`);
  }
}
