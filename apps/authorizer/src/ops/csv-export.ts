import type { Writable } from 'node:stream';
import type { AuthorizationFilterDto } from './authorization-filter.dto';
import type { OpsQueryService } from './ops-query.service';

const PAGE = 1_000;
export const CSV_COLUMNS = [
  'id',
  'received_at',
  'mti',
  'acquirer_id',
  'stan',
  'terminal_id',
  'merchant_id',
  'rrn',
  'pan_last4',
  'amount_minor',
  'currency_numeric',
  'status',
  'response_code',
  'decline_reason',
  'approval_code',
  'crypto_amount',
  'asset_symbol',
  'destination',
  'tx_hash',
  'payment_status',
  'mined_tx_hash',
  'block_number',
  'needs_review',
  'review_reason',
];

/** RFC 4180 field: quoted when it holds a comma, quote or line break. */
function field(v: unknown): string {
  const s = v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Streams every matching authorization as CSV, a keyset page at a time, waiting for the socket to
 * drain: 100k rows never sit in memory at once.
 */
export async function streamCsv(out: Writable, query: OpsQueryService, filter: AuthorizationFilterDto): Promise<void> {
  const write = (line: string) => (out.write(line) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await write(CSV_COLUMNS.join(',') + '\r\n');
  let after: { receivedAt: string; id: string } | undefined;
  for (;;) {
    const rows = await query.page(filter, PAGE, after);
    for (const row of rows) await write(CSV_COLUMNS.map((c) => field(row[c])).join(',') + '\r\n');
    if (rows.length < PAGE) break;
    const last = rows[rows.length - 1];
    after = { receivedAt: (last.received_at as Date).toISOString(), id: last.id };
  }
  out.end();
}
