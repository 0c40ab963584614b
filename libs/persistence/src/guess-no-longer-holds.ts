/**
 * SQLSTATE of `bridge_guess_holds` (migration 1766500000000): a batch written in one trip was decided on
 * a guess — its signers' next nonces as this process last committed them, its funds without the lock's
 * open sums — that PostgreSQL found wrong under the lock, so nothing of it was written. Class BR is the
 * bridge's own (BR001: approvals-not-all-written.ts).
 */
export const GUESS_NO_LONGER_HOLDS = 'BR002';
