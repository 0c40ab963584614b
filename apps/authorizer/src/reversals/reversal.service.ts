import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { de39For, type De39 } from '@bridge/contracts';
import type { IsoMessage } from '@bridge/iso8583';
import type { ReversalRequest } from '../mapping/reversal-request';
import { toSimpleResponseFromEcho } from '../mapping/to-simple-response';
import { RefundRequester } from '../settlement/refund-requester';
import { OriginalFinder } from './original-finder';

const IN_PROGRESS_WAIT_MS = 2_000;
const POLL_MS = 25;
/** States whose money moved (or will): reversing them requests a refund. */
const PAID = new Set(['APPROVED', 'LATE_APPROVED', 'ADVICE_SETTLED']);
/**
 * States a reversal turns into REVERSED: those paid, and a stand-in advice left unpaid — the network took
 * back what it approved, so nothing is owed (reconciliation counts it MATCHED, not APPROVED_UNPAID).
 */
const REVERSIBLE = [...PAID, 'ADVICE_UNSETTLED'];

/**
 * 0400/0401 → 0410 and 0420/0421 → 0430. The reversal's own key is claimed first, so a repeat
 * replays the stored answer; the original is then locked, marked REVERSED once, and a refund is
 * requested. Not found → 25; already reversed → 00 again, nothing done twice.
 */
@Injectable()
export class ReversalService {
  constructor(
    private readonly db: DataSource,
    private readonly finder: OriginalFinder,
    private readonly refunds: RefundRequester,
  ) {}

  async reverse(r: ReversalRequest): Promise<IsoMessage> {
    await this.waitUntilAnswered(r);
    const code = await this.db.transaction((em) => this.claimAndApply(em, r));
    return toSimpleResponseFromEcho(r.mti, r.echo, code);
  }

  private async claimAndApply(em: EntityManager, r: ReversalRequest): Promise<De39> {
    const claimed = (await em.query(
      `INSERT INTO reversals (id, mti, acquirer_id, stan, transmission_date_time, terminal_id, response_code)
       VALUES ($1,$2,$3,$4,$5,$6,'96') ON CONFLICT (acquirer_id, stan, transmission_date_time, terminal_id) DO NOTHING RETURNING id`,
      [randomUUID(), r.mti, r.acquirerId, r.stan, r.transmissionDateTime, r.terminalId],
    )) as { id: string }[];
    if (!claimed.length) return this.storedAnswer(em, r);
    const original = await this.finder.lock(em, r);
    const code: De39 = original ? '00' : de39For('ORIGINAL_NOT_FOUND');
    if (original && !original.reversed_at) {
      if (PAID.has(original.status)) await this.refunds.request(em, original.id, 'REVERSAL');
      await em.query(`UPDATE authorizations SET status = CASE WHEN status = ANY($2) THEN 'REVERSED' ELSE status END, reversed_at = now() WHERE id = $1`, [
        original.id,
        REVERSIBLE,
      ]);
    }
    await em.query(`UPDATE reversals SET response_code = $2, original_authorization_id = $3 WHERE id = $1`, [claimed[0].id, code, original?.id ?? null]);
    return code;
  }

  private async storedAnswer(em: EntityManager, r: ReversalRequest): Promise<De39> {
    const [row] = (await em.query(
      `SELECT response_code FROM reversals WHERE acquirer_id = $1 AND stan = $2 AND transmission_date_time = $3 AND terminal_id = $4`,
      [r.acquirerId, r.stan, r.transmissionDateTime, r.terminalId],
    )) as { response_code: De39 }[];
    return row.response_code;
  }

  /**
   * A reversal can overtake its original (the network timed out): let the original finish first. One
   * already marked reversed (an earlier reversal found it in progress) is not waited for again: it stays
   * RECEIVED until the stale sweeper closes it, and a repeat of that reversal would wait 2 s each time.
   */
  private async waitUntilAnswered(r: ReversalRequest): Promise<void> {
    const deadline = Date.now() + IN_PROGRESS_WAIT_MS;
    while (Date.now() < deadline) {
      const params = r.original ? [r.original.stan, r.original.transmissionDateTime] : [r.stan, r.transmissionDateTime];
      const rows = (await this.db.query(
        `SELECT 1 FROM authorizations WHERE stan = $1 AND transmission_date_time = $2 AND status = 'RECEIVED' AND reversed_at IS NULL LIMIT 1`,
        params,
      )) as unknown[];
      if (!rows.length) return;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}
