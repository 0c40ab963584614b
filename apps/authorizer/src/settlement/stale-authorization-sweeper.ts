import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { de39For } from '@bridge/contracts';
import { AUTHORIZER_CONFIG, type AuthorizerConfig } from '../config/authorizer-config';
import { RefundRequester } from './refund-requester';

/**
 * RECEIVED past $1 ms. Every answer sets responded_at, so `responded_at IS NULL` finds the unanswered
 * rows on the responded_at index; ordered by received_at alone it walked every answered row first.
 */
export const STALE_AUTHORIZATIONS_SQL = `SELECT a.id, EXISTS (SELECT 1 FROM payments p WHERE p.authorization_id = a.id) AS paid FROM authorizations a
   WHERE a.responded_at IS NULL AND a.status = 'RECEIVED' AND a.received_at < now() - ($1 || ' milliseconds')::interval
   ORDER BY a.received_at LIMIT 500 FOR UPDATE SKIP LOCKED`;

/**
 * Authorizations left RECEIVED by a crashed process, past their deadline plus a grace period. The
 * network got no answer (or a 91): one with a persisted payment — which the tracker will send — becomes
 * LATE_APPROVED with a refund request; one without is closed as DECLINED 91, so a repeat gets 91.
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
    return this.db.transaction(async (em) => {
      const stale = (await em.query(STALE_AUTHORIZATIONS_SQL, [String(cutoffMs)])) as { id: string; paid: boolean }[];
      for (const s of stale) {
        await em.query(
          `UPDATE authorizations SET status = $2, decline_reason = 'ISSUER_UNAVAILABLE', response_code = $5::text, response_fields = jsonb_build_object('responseCode', $5::text),
             responded_at = now(), needs_review = $3, review_reason = $4 WHERE id = $1`,
          [s.id, s.paid ? 'LATE_APPROVED' : 'DECLINED', s.paid, s.paid ? 'LATE_APPROVAL' : null, de39For('ISSUER_UNAVAILABLE')],
        );
        if (s.paid) await this.refunds.request(em, s.id, 'LATE_APPROVAL');
      }
      if (stale.length) this.logger.warn(`closed ${stale.length} authorizations left unanswered by a stopped process`);
      return stale.length;
    });
  }
}
