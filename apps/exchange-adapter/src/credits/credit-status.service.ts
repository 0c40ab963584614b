import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CreditRecord, CreditStatusReply, CreditStatusRequest, ExchangeCreditStatus } from '@bridge/contracts';
import type { ExchangeIntegration } from '../integrations/exchange-integration';
import { IntegrationRegistry } from '../integrations/integration-registry';
import { MerchantDirectory } from '../merchants/merchant-directory';

/** Ids per request to an exchange: keeps each signed request small. */
const CHUNK = 500;

interface Delivery {
  authorization_id: string;
  status: 'PENDING' | 'DELIVERED' | 'SKIPPED';
  attempts: number;
  last_error: string | null;
}

type Notification = Pick<ExchangeCreditStatus, 'notification' | 'notificationAttempts' | 'notificationError'>;

/**
 * The exchange side of reconciliation: for each authorization, what the adapter delivered (webhooks)
 * and what the merchant's exchange says it credited. An exchange that cannot be asked makes the whole
 * answer fail (ok: false), so reconciliation never mistakes "could not ask" for "not credited".
 */
@Injectable()
export class CreditStatusService {
  constructor(
    private readonly db: DataSource,
    private readonly merchants: MerchantDirectory,
    private readonly integrations: IntegrationRegistry,
  ) {}

  async statusOf(request: CreditStatusRequest): Promise<CreditStatusReply> {
    const deliveries = await this.deliveries(request.authorizations.map((a) => a.authorizationId));
    const groups = new Map<ExchangeIntegration, string[]>();
    const unknown = new Set<string>();
    for (const a of request.authorizations) {
      const merchant = await this.merchants.find(a.acquirerId, a.merchantId);
      if (!merchant) {
        unknown.add(a.authorizationId);
        continue;
      }
      const integration = this.integrations.for(merchant);
      const ids = groups.get(integration) ?? [];
      ids.push(a.authorizationId);
      groups.set(integration, ids);
    }
    const credits = new Map<string, CreditRecord | 'NOT_APPLICABLE'>();
    try {
      for (const [integration, ids] of groups) await this.ask(integration, ids, credits);
    } catch (e) {
      return { ok: false, detail: (e as Error).message };
    }
    const statuses = request.authorizations.map(({ authorizationId: id }): ExchangeCreditStatus => {
      const credit = credits.get(id);
      const notification = deliveries.get(id) ?? { notification: 'NONE', notificationAttempts: 0, notificationError: null };
      if (unknown.has(id)) return { authorizationId: id, ...notification, credit: 'UNKNOWN_MERCHANT', creditedAmount: null, creditedTxHash: null };
      if (credit === 'NOT_APPLICABLE') return { authorizationId: id, ...notification, credit, creditedAmount: null, creditedTxHash: null };
      return {
        authorizationId: id,
        ...notification,
        credit: credit?.status ?? 'NONE',
        creditedAmount: credit?.amount ?? null,
        creditedTxHash: credit?.txHash ?? null,
      };
    });
    return { ok: true, statuses };
  }

  private async ask(integration: ExchangeIntegration, ids: string[], into: Map<string, CreditRecord | 'NOT_APPLICABLE'>): Promise<void> {
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const records = await integration.credits(chunk);
      if (records === null) chunk.forEach((id) => into.set(id, 'NOT_APPLICABLE'));
      else records.filter((r) => chunk.includes(r.authorizationId)).forEach((r) => into.set(r.authorizationId, r));
    }
  }

  /** Both events' deliveries folded into one: pending while any is pending, skipped only if all were. */
  private async deliveries(ids: string[]): Promise<Map<string, Notification>> {
    const rows = (await this.db.query(
      `SELECT authorization_id, status, attempts, last_error FROM notification_deliveries WHERE authorization_id = ANY($1::uuid[]) ORDER BY created_at`,
      [ids],
    )) as Delivery[];
    const folded = new Map<string, Notification>();
    for (const r of rows) {
      const prior = folded.get(r.authorization_id);
      const state = prior?.notification === 'PENDING' || r.status === 'PENDING' ? 'PENDING' : prior?.notification === 'DELIVERED' ? 'DELIVERED' : r.status;
      folded.set(r.authorization_id, {
        notification: state,
        notificationAttempts: (prior?.notificationAttempts ?? 0) + r.attempts,
        notificationError: r.last_error ?? prior?.notificationError ?? null,
      });
    }
    return folded;
  }
}
