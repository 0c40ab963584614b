import { randomUUID } from 'node:crypto';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PaymentEventMessage } from '@bridge/contracts';
import { MerchantEntity } from '@bridge/persistence';
import { mapLimit, PollingLoop } from '@bridge/runtime';
import { CircuitOpenError } from '../integrations/circuit-open.error';
import { IntegrationRegistry } from '../integrations/integration-registry';
import { MerchantDirectory } from '../merchants/merchant-directory';

const POLL_MS = 500;
const MAX_BACKOFF_S = 300;

interface Due {
  id: string;
  authorization_id: string;
  event: PaymentEventMessage['event'];
  payload: PaymentEventMessage;
  attempts: number;
}

/**
 * The patent's "exchange tells the merchant the crypto payment succeeded": a signed webhook to the
 * merchant's exchange after broadcast and again on confirmation, retried with exponential backoff;
 * every delivery keeps its attempts, last error and delivery time.
 */
@Injectable()
export class NotificationWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(NotificationWorker.name);
  private readonly loop: PollingLoop;

  constructor(
    private readonly db: DataSource,
    private readonly integrations: IntegrationRegistry,
    private readonly merchants: MerchantDirectory,
  ) {
    this.loop = new PollingLoop(
      POLL_MS,
      () => this.pass(),
      (e) => this.logger.warn(`notification pass failed: ${e.message}`),
    );
  }

  /**
   * Records an event from the authorizer once (a repeated event is ignored). Merchants without an
   * exchange endpoint (static integration) have nobody to notify: nothing is written for them.
   */
  async record(message: PaymentEventMessage): Promise<void> {
    const merchant = await this.merchants.find(message.acquirerId, message.merchantId);
    if (!merchant || merchant.integration !== 'HTTP') return;
    await this.db.query(
      `INSERT INTO notification_deliveries (id, authorization_id, event, payload) VALUES ($1,$2,$3,$4) ON CONFLICT (authorization_id, event) DO NOTHING`,
      [randomUUID(), message.authorizationId, message.event, JSON.stringify(message)],
    );
  }

  /** A batch of events: each is recorded on its own, a failure is logged and does not stop the others. */
  async recordAll(messages: readonly PaymentEventMessage[]): Promise<void> {
    const results = await Promise.allSettled(messages.map((m) => this.record(m)));
    for (const r of results) if (r.status === 'rejected') this.logger.error(`payment event not recorded: ${(r.reason as Error)?.message ?? String(r.reason)}`);
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
  }

  private async pass(): Promise<void> {
    const due = (await this.db.query(
      `SELECT id, authorization_id, event, payload, attempts FROM notification_deliveries WHERE status = 'PENDING' AND next_attempt_at <= now() ORDER BY next_attempt_at LIMIT 50`,
    )) as Due[];
    await mapLimit(due, 8, (d) => this.deliver(d));
  }

  private async deliver(d: Due): Promise<void> {
    const merchant = await this.db.getRepository(MerchantEntity).findOneBy({ acquirerId: d.payload.acquirerId, merchantId: d.payload.merchantId.trimEnd() });
    if (!merchant || merchant.integration !== 'HTTP') {
      await this.db.query(`UPDATE notification_deliveries SET status = 'SKIPPED', last_error = 'no exchange endpoint for this merchant' WHERE id = $1`, [d.id]);
      return;
    }
    try {
      await this.integrations.for(merchant).notifyPayment({ event: d.event, authorizationId: d.authorization_id, payload: { ...d.payload } });
      await this.db.query(
        `UPDATE notification_deliveries SET status = 'DELIVERED', attempts = attempts + 1, delivered_at = now(), last_error = NULL WHERE id = $1`,
        [d.id],
      );
    } catch (e) {
      if (e instanceof CircuitOpenError) return this.deferUntil(d, e);
      const backoffS = Math.min(MAX_BACKOFF_S, 2 ** d.attempts);
      await this.db.query(
        `UPDATE notification_deliveries SET attempts = attempts + 1, last_error = $2, next_attempt_at = now() + ($3 || ' seconds')::interval WHERE id = $1`,
        [d.id, (e as Error).message.slice(0, 500), String(backoffS)],
      );
    }
  }

  /** Nothing was sent (breaker open): retried when the breaker lets calls through, attempts unchanged. */
  private async deferUntil(d: Due, e: CircuitOpenError): Promise<void> {
    await this.db.query(`UPDATE notification_deliveries SET last_error = $2, next_attempt_at = $3 WHERE id = $1`, [d.id, e.message.slice(0, 500), e.retryAt]);
  }
}
