import { byId, el, row } from './dom';
import { money, shortHash, time } from './format';
import type { OpsApi, Query } from './ops-api';
import type { AuthorizationRow } from './types';

const FILTERS = ['de39', 'status', 'merchant', 'last4', 'txHash', 'from', 'to'] as const;

/** The filtered list (newest first, cursor pages), refreshed live; a row click opens the detail. */
export class AuthorizationList {
  private filter: Query = {};
  private nextCursor: string | null = null;
  private readonly body = byId<HTMLTableElement>('authorizations').tBodies[0];
  private readonly form = byId<HTMLFormElement>('filters');

  constructor(
    private readonly api: OpsApi,
    private readonly open: (id: string) => void,
    private readonly onError: (e: Error) => void,
  ) {
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.filter = this.readFilter();
      void this.refresh().catch(onError);
    });
    byId('clear-filters').addEventListener('click', () => {
      this.form.reset();
      this.filter = {};
      void this.refresh().catch(onError);
    });
    byId('more').addEventListener('click', () => void this.more().catch(onError));
  }

  /** The current filter, as the CSV export takes it too. */
  get query(): Query {
    return this.filter;
  }

  async refresh(): Promise<void> {
    const page = await this.api.get<{ items: AuthorizationRow[]; nextCursor: string | null }>('/ops/authorizations', { ...this.filter, limit: 50 });
    this.body.replaceChildren(...page.items.map((a) => this.row(a)));
    this.setCursor(page.nextCursor);
  }

  private async more(): Promise<void> {
    if (!this.nextCursor) return;
    const page = await this.api.get<{ items: AuthorizationRow[]; nextCursor: string | null }>('/ops/authorizations', {
      ...this.filter,
      limit: 50,
      cursor: this.nextCursor,
    });
    this.body.append(...page.items.map((a) => this.row(a)));
    this.setCursor(page.nextCursor);
  }

  private setCursor(cursor: string | null): void {
    this.nextCursor = cursor;
    byId('more').hidden = !cursor;
  }

  private row(a: AuthorizationRow): HTMLTableRowElement {
    const code = el('span', a.response_code ?? '…', { class: a.response_code === '00' ? 'ok' : 'bad' });
    const tr = row(
      [
        time(a.received_at),
        a.stan,
        a.merchant_id.trim(),
        `•••• ${a.pan_last4}`,
        money(a.amount_minor, a.currency_numeric),
        code,
        a.status,
        shortHash(a.tx_hash),
      ],
      {
        'data-id': a.id,
        'data-stan': a.stan,
        tabindex: '0',
      },
    );
    tr.addEventListener('click', () => this.open(a.id));
    tr.addEventListener('keydown', (e) => e.key === 'Enter' && this.open(a.id));
    return tr;
  }

  private readFilter(): Query {
    const data = new FormData(this.form);
    const query: Query = {};
    for (const name of FILTERS) {
      const value = String(data.get(name) ?? '').trim();
      if (!value) continue;
      // datetime-local is the browser's local time: the API takes ISO 8601 instants.
      query[name] = name === 'from' || name === 'to' ? new Date(value).toISOString() : name === 'de39' ? value.toUpperCase() : value;
    }
    return query;
  }
}
