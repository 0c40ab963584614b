import type { AuthorizationFilterDto } from './authorization-filter.dto';

/** Columns ops see: no PAN (only its last four), no token. */
export const LIST_COLUMNS = `a.id, a.received_at, a.responded_at, a.mti, a.acquirer_id, a.stan, a.transmission_date_time, a.terminal_id, a.merchant_id,
  a.rrn, a.pan_last4, a.amount_minor::text, a.currency_numeric, a.status, a.response_code, a.decline_reason, a.approval_code, a.quote_id,
  a.rate::text, a.crypto_amount::text, a.asset_symbol, a.destination, a.needs_review, a.review_reason, a.acknowledged_at,
  p.tx_hash, p.status AS payment_status, p.mined_tx_hash, p.block_number::text`;

/** WHERE clause and parameters for a filter; keyset pagination on (received_at, id) descending. */
export function whereOf(f: AuthorizationFilterDto, after?: { receivedAt: string; id: string }): { where: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    clauses.push(sql.replace('?', `$${params.length}`));
  };
  if (f.from) add('a.received_at >= ?', f.from);
  if (f.to) add('a.received_at < ?', f.to);
  if (f.de39) add('a.response_code = ?', f.de39);
  if (f.merchant) add('a.merchant_id = ?', f.merchant.padEnd(15, ' '));
  if (f.status) add('a.status = ?', f.status);
  if (f.last4) add('a.pan_last4 = ?', f.last4);
  if (f.txHash) add('EXISTS (SELECT 1 FROM payment_transactions t WHERE t.payment_id = p.id AND t.tx_hash = ?)', f.txHash.toLowerCase());
  if (after) {
    params.push(after.receivedAt, after.id);
    clauses.push(`(a.received_at, a.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

export function encodeCursor(receivedAt: Date, id: string): string {
  return Buffer.from(`${receivedAt.toISOString()}|${id}`).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): { receivedAt: string; id: string } | undefined {
  if (!cursor) return undefined;
  const [receivedAt, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  return receivedAt && id ? { receivedAt, id } : undefined;
}
