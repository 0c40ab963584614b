import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ReversalRequest } from '../mapping/reversal-request';

export interface OriginalRow {
  id: string;
  status: string;
  reversed_at: Date | null;
}

/**
 * Finds (and locks) the authorization a reversal refers to: by DE90 (original STAN + DE7 + acquirer,
 * preferring the reversal's terminal), else by the reversal's own key, which then is the original's.
 */
@Injectable()
export class OriginalFinder {
  async lock(em: EntityManager, r: ReversalRequest): Promise<OriginalRow | undefined> {
    const rows = r.original
      ? ((await em.query(
          `SELECT id, status, reversed_at FROM authorizations
            WHERE stan = $1 AND transmission_date_time = $2 AND ltrim(acquirer_id, '0') = ltrim($3, '0')
            ORDER BY (terminal_id = $4) DESC LIMIT 1 FOR UPDATE`,
          [r.original.stan, r.original.transmissionDateTime, r.original.acquirerId, r.terminalId],
        )) as OriginalRow[])
      : ((await em.query(
          `SELECT id, status, reversed_at FROM authorizations
            WHERE acquirer_id = $1 AND stan = $2 AND transmission_date_time = $3 AND terminal_id = $4 FOR UPDATE`,
          [r.acquirerId, r.stan, r.transmissionDateTime, r.terminalId],
        )) as OriginalRow[]);
    return rows[0];
  }
}
