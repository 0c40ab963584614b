import { byId, el } from './dom';
import { money, time } from './format';
import type { OpsApi } from './ops-api';
import type { AuthorizationDetail } from './types';

/** One authorization in full: answer, quote, every payment attempt, refunds, notifications, reversals. */
export class DetailDrawer {
  private readonly drawer = byId('drawer');
  private readonly body = byId('drawer-body');

  constructor(private readonly api: OpsApi) {
    byId('drawer-close').addEventListener('click', () => (this.drawer.hidden = true));
    document.addEventListener('keydown', (e) => e.key === 'Escape' && (this.drawer.hidden = true));
  }

  async open(id: string): Promise<void> {
    const d = await this.api.get<AuthorizationDetail>(`/ops/authorizations/${encodeURIComponent(id)}`);
    const a = d.authorization;
    this.body.replaceChildren(
      el('h2', `STAN ${a.stan} · DE39 ${a.response_code ?? '…'}`),
      list([
        ['Received', time(a.received_at)],
        ['Answered', a.responded_at ? time(a.responded_at) : '–'],
        ['Status', a.status],
        ['Decline reason', a.decline_reason ?? '–'],
        ['Approval code (DE38)', a.approval_code ?? '–'],
        ['Merchant (DE42)', a.merchant_id.trim()],
        ['PAN', `•••• ${a.pan_last4}`],
        ['Amount (DE4)', money(a.amount_minor, a.currency_numeric)],
        ['Rate', a.rate ?? '–'],
        ['Crypto amount', a.crypto_amount ? `${a.crypto_amount} ${a.asset_symbol ?? ''} base units` : '–'],
        ['Destination', a.destination ?? '–'],
        ['Review', a.needs_review ? (a.review_reason ?? 'flagged') : '–'],
      ]),
      el('h3', 'Payment attempts'),
      table(
        ['Tx hash', 'Status', 'Max fee (wei)'],
        d.payment.attempts.map((t) => [t.tx_hash, t.status, t.max_fee_per_gas]),
      ),
      el('h3', 'Refunds'),
      table(
        ['Reason', 'Status', 'Amount', 'Tx hash'],
        d.refunds.map((r) => [r.reason, r.status, r.amount, r.tx_hash ?? '–']),
      ),
      el('h3', 'Notifications'),
      table(
        ['Event', 'Status', 'Attempts'],
        d.notifications.map((n) => [n.event, n.status, String(n.attempts)]),
      ),
      el('h3', 'Reversals'),
      table(
        ['MTI', 'STAN', 'DE39'],
        d.reversals.map((r) => [r.mti, r.stan, r.response_code]),
      ),
    );
    this.drawer.hidden = false;
  }
}

function list(pairs: [string, string][]): HTMLDListElement {
  const dl = el('dl');
  for (const [k, v] of pairs) dl.append(el('dt', k), el('dd', v));
  return dl;
}

function table(head: string[], rows: string[][]): HTMLElement {
  if (!rows.length) return el('p', 'none', { class: 'muted' });
  const t = el('table');
  const tr = el('tr');
  head.forEach((h) => tr.append(el('th', h)));
  t.append(el('thead'), el('tbody'));
  t.tHead!.append(tr);
  for (const r of rows) {
    const row = el('tr');
    r.forEach((c) => row.append(el('td', c)));
    t.tBodies[0].append(row);
  }
  return t;
}
