import { query } from './query';

/**
 * Puts an answered 0100 back to RECEIVED, answer and all: the row an earlier version left when it crashed
 * between its payment's commit and its answer's write (this version commits both as one, so no path of
 * its own leaves a payment on a RECEIVED row). For the stale sweeper's and reconciliation's handling of
 * such rows, which stays.
 */
export async function rewindToReceived(databaseUrl: string, stan: string): Promise<void> {
  const rows = await query(
    databaseUrl,
    `UPDATE authorizations SET status = 'RECEIVED', decline_reason = NULL, response_code = NULL, approval_code = NULL, response_fields = NULL,
            quote_id = NULL, rate = NULL, crypto_amount = NULL, asset_symbol = NULL, destination = NULL, responded_at = NULL,
            needs_review = false, review_reason = NULL
      WHERE stan = $1 AND mti = '0100' RETURNING id`,
    [stan],
  );
  if (rows.length !== 1) throw new Error(`no 0100 with STAN ${stan} to rewind`);
}
