import { byId, el, row } from './dom';
import { time } from './format';
import { OpsApiError, type OpsApi } from './ops-api';
import type { AuthorizationRow } from './types';

/** Flagged authorizations not yet acknowledged; an operator key acknowledges one with a comment. */
export class ExceptionsQueue {
  private readonly body = byId<HTMLTableElement>('exceptions').tBodies[0];
  private readonly error = byId('exceptions-error');

  constructor(
    private readonly api: OpsApi,
    private readonly changed: () => void,
  ) {}

  async refresh(): Promise<void> {
    // Do not wipe a comment being typed.
    if (this.body.contains(document.activeElement)) return;
    const items = await this.api.get<AuthorizationRow[]>('/ops/exceptions');
    this.body.replaceChildren(...items.map((a) => this.row(a)));
  }

  private row(a: AuthorizationRow): HTMLTableRowElement {
    const comment = el('input', undefined, { placeholder: 'comment (required)', 'aria-label': `comment for ${a.stan}`, maxlength: '2000' });
    const button = el('button', 'Acknowledge');
    button.addEventListener('click', () => void this.acknowledge(a.id, comment.value.trim()));
    return row([time(a.received_at), a.stan, a.merchant_id.trim(), a.review_reason ?? '', comment, button], { 'data-id': a.id, 'data-stan': a.stan });
  }

  private async acknowledge(id: string, comment: string): Promise<void> {
    this.error.textContent = '';
    if (!comment) {
      this.error.textContent = 'A comment is required (it goes into the audit log).';
      return;
    }
    try {
      await this.api.post(`/ops/exceptions/${encodeURIComponent(id)}/acknowledge`, { comment });
      (document.activeElement as HTMLElement | null)?.blur();
      await this.refresh();
      this.changed();
    } catch (e) {
      this.error.textContent = e instanceof OpsApiError && e.status === 403 ? 'This key is read-only: an operator key acknowledges.' : (e as Error).message;
    }
  }
}
