import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DE39_APPROVED, de39For, type DeclineReason } from '@bridge/contracts';
import type { AuthorizationStatus, RefundReason } from '@bridge/persistence';
import { AUTHORIZER_CONFIG, type AuthorizerConfig } from '../config/authorizer-config';
import { ADVICE_BUDGET_MS } from '../advices/advice.service';
import { RefundRequester } from './refund-requester';

const LIMIT = 500;

/**
 * Held by one sweeping process at a time (others skip their pass). `swept_before`: every authorization
 * received before it has been looked at once it was older than the cutoff.
 */
export const SWEEP_WATERMARK_SQL = `SELECT swept_before FROM stale_sweep_watermarks WHERE name = 'authorizations' FOR UPDATE SKIP LOCKED`;

/** Stand-in advices: the network approved them; our work on one may take its own budget, not the deadline. */
const ADVICE_MTIS = `('0120', '0121')`;

/**
 * RECEIVED and older than $2 ms ($3 ms for an advice), received from the watermark $1 on: a walk of
 * `received_at` over the rows received in one pass interval, not a search of the whole table. No index
 * covers status or responded_at, so the answer's UPDATE stays in place (HOT: migration 1765900000000).
 * Rows are inserted milliseconds after their received_at, so a watermark at now() − the longer cutoff
 * misses none unless the apps' clocks trail the database's by more than the cutoff.
 */
export const STALE_AUTHORIZATIONS_SQL = `SELECT a.id, a.received_at, a.mti IN ${ADVICE_MTIS} AS advice, a.reversed_at IS NOT NULL AS reversed,
        EXISTS (SELECT 1 FROM payments p WHERE p.authorization_id = a.id) AS paid
   FROM authorizations a
  WHERE a.received_at >= $1::timestamptz AND a.received_at < now() - ($2 || ' milliseconds')::interval AND a.status = 'RECEIVED'
    AND (a.mti NOT IN ${ADVICE_MTIS} OR a.received_at < now() - ($3 || ' milliseconds')::interval)
  ORDER BY a.received_at LIMIT ${LIMIT} FOR UPDATE OF a`;

const ADVANCE_WATERMARK_SQL = `UPDATE stale_sweep_watermarks
    SET swept_before = GREATEST(swept_before, COALESCE($2::timestamptz, now() - ($1 || ' milliseconds')::interval)) WHERE name = 'authorizations'`;

interface StaleRow {
  id: string;
  received_at: Date;
  advice: boolean;
  /** A reversal overtook it (the network gave up first) and marked it while it was still RECEIVED. */
  reversed: boolean;
  paid: boolean;
}

/**
 * Authorizations left RECEIVED by a crashed process, past their deadline plus a grace period. The
 * network got no answer (or a 91): one with a persisted payment — which the tracker will send — becomes
 * LATE_APPROVED with a refund request; one without is closed as DECLINED 91, so a repeat gets 91.
 * A stand-in advice is different: the network approved it, so its payment stands (ADVICE_SETTLED, never
 * refunded), and one left unpaid is ADVICE_UNSETTLED, flagged for reconciliation, as the advice
 * service itself records them. Either kind reversed meanwhile by the network: REVERSED — refunded if
 * paid, nothing owed if not (a 0100 whose reversal overtook it was answered 91). Since approvals and
 * settled advices commit with their payments (all or none), a paid row left RECEIVED is what an earlier
 * version left.
 */
@Injectable()
export class StaleAuthorizationSweeper {
  private readonly logger = new Logger(StaleAuthorizationSweeper.name);

  constructor(
    private readonly db: DataSource,
    private readonly refunds: RefundRequester,
    @Inject(AUTHORIZER_CONFIG) private readonly config: AuthorizerConfig,
  ) {}

  async sweep(): Promise<number> {
    const cutoffMs = this.config.responseDeadlineMs + this.config.staleAuthorizationGraceMs;
    const adviceCutoffMs = Math.max(this.config.responseDeadlineMs, ADVICE_BUDGET_MS) + this.config.staleAuthorizationGraceMs;
    return this.db.transaction(async (em) => {
      const [mark] = (await em.query(SWEEP_WATERMARK_SQL)) as { swept_before: Date }[];
      if (!mark) return 0; // another process is sweeping
      const stale = (await em.query(STALE_AUTHORIZATIONS_SQL, [mark.swept_before, String(cutoffMs), String(adviceCutoffMs)])) as StaleRow[];
      for (const s of stale) await this.close(em, s);
      // A full page may have left rows behind: the next pass continues from its last row. Otherwise up
      // to the longer cutoff: advices younger than theirs are looked at again.
      const lastOfFullPage = stale.length === LIMIT ? stale[LIMIT - 1].received_at : null;
      await em.query(ADVANCE_WATERMARK_SQL, [String(adviceCutoffMs), lastOfFullPage]);
      if (stale.length) this.logger.warn(`closed ${stale.length} authorizations left unanswered by a stopped process`);
      return stale.length;
    });
  }

  private async close(em: EntityManager, s: StaleRow): Promise<void> {
    const c = closingOf(s);
    await em.query(
      `UPDATE authorizations SET status = $2, decline_reason = $3, response_code = $4, response_fields = $5::jsonb, responded_at = now(),
              needs_review = $6, review_reason = $7 WHERE id = $1`,
      [s.id, c.status, c.declineReason, c.responseCode, JSON.stringify(c.responseFields), c.reviewReason !== null, c.reviewReason],
    );
    if (c.refund) await this.refunds.request(em, s.id, c.refund);
  }
}

/** How one stale row is closed: its status and answer, why ops must look at it, the refund it requests. */
interface Closing {
  readonly status: AuthorizationStatus;
  readonly declineReason: DeclineReason | null;
  readonly responseCode: string;
  readonly responseFields: Record<string, string>;
  readonly reviewReason: string | null;
  readonly refund?: RefundReason;
}

function closingOf(s: StaleRow): Closing {
  const code = de39For('ISSUER_UNAVAILABLE');
  const unanswered = { declineReason: 'ISSUER_UNAVAILABLE', responseCode: code, responseFields: { responseCode: code } } as const;
  // The network reversed it (it gave up first), whatever kind of message it was: paid, the money comes
  // back; unpaid — its payment rolled back with its approval or settled row — nothing is owed.
  if (s.reversed) return { ...unanswered, status: 'REVERSED', reviewReason: null, refund: s.paid ? 'REVERSAL' : undefined };
  if (s.advice) {
    const status = s.paid ? 'ADVICE_SETTLED' : 'ADVICE_UNSETTLED';
    return { status, declineReason: null, responseCode: DE39_APPROVED, responseFields: {}, reviewReason: s.paid ? null : 'ADVICE_UNSETTLED:SYSTEM_ERROR' };
  }
  if (s.paid) return { ...unanswered, status: 'LATE_APPROVED', reviewReason: 'LATE_APPROVAL', refund: 'LATE_APPROVAL' };
  return { ...unanswered, status: 'DECLINED', reviewReason: null };
}
