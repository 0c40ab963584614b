import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A reversal now makes an unpaid stand-in advice (ADVICE_UNSETTLED) REVERSED: the network took back
 * what it approved, so nothing is owed. Rows reversed before stayed ADVICE_UNSETTLED with `reversed_at`
 * set, which reconciliation lists APPROVED_UNPAID — an exception inviting ops to pay a reversed advice.
 * Down leaves them: REVERSED is what they were, and the two cannot be told apart afterwards.
 */
export class ReversedUnsettledAdvices1766400000000 implements MigrationInterface {
  name = 'ReversedUnsettledAdvices1766400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE authorizations SET status = 'REVERSED' WHERE status = 'ADVICE_UNSETTLED' AND reversed_at IS NOT NULL`);
  }

  async down(): Promise<void> {
    // Nothing to undo (above).
  }
}
