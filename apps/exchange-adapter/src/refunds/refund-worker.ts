import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { JsonRpcProvider } from 'ethers';
import { DataSource } from 'typeorm';
import { AssetEntity, MerchantEntity } from '@bridge/persistence';
import { mapLimit, PollingLoop } from '@bridge/runtime';
import { ADAPTER_CONFIG, type AdapterConfig } from '../config/adapter-config';
import { ExchangeUnavailableError } from '../integrations/exchange-unavailable.error';
import { IntegrationRegistry } from '../integrations/integration-registry';

const POLL_MS = 1_000;
const RETRY_AFTER_MS = 5_000;

interface DueRefund {
  id: string;
  chain: string;
  asset_symbol: string;
  amount: string;
  to_address: string;
  acquirer_id: string;
  merchant_id: string;
}

/**
 * Carries out refund requests (reversals, late approvals): requested → sent (tx hash) → confirmed |
 * failed. Only money that arrived is refunded (the payment must be CONFIRMED). The merchant's exchange
 * sends it; the request carries the refund id as idempotency key, so a retry cannot pay twice.
 */
@Injectable()
export class RefundWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RefundWorker.name);
  private readonly loop: PollingLoop;
  private provider?: JsonRpcProvider;

  constructor(
    private readonly db: DataSource,
    private readonly integrations: IntegrationRegistry,
    @Inject(ADAPTER_CONFIG) private readonly config: AdapterConfig,
  ) {
    this.loop = new PollingLoop(
      POLL_MS,
      () => this.pass(),
      (e) => this.logger.warn(`refund pass failed: ${e.message}`),
    );
  }

  onApplicationBootstrap(): void {
    if (this.config.rpcUrl) this.provider = new JsonRpcProvider(this.config.rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
    this.loop.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
    this.provider?.destroy();
  }

  private async pass(): Promise<void> {
    const due = (await this.db.query(
      `SELECT r.id, r.chain, r.asset_symbol, r.amount::text, r.to_address, a.acquirer_id, a.merchant_id
         FROM refund_requests r JOIN authorizations a ON a.id = r.authorization_id JOIN payments p ON p.authorization_id = r.authorization_id
        WHERE r.status = 'REQUESTED' AND p.status = 'CONFIRMED' AND (r.last_error IS NULL OR r.updated_at < now() - interval '${RETRY_AFTER_MS} milliseconds')
        ORDER BY r.created_at LIMIT 20`,
    )) as DueRefund[];
    await mapLimit(due, 4, (r) => this.send(r));
    await this.confirmSent();
  }

  private async send(r: DueRefund): Promise<void> {
    const merchant = await this.db.getRepository(MerchantEntity).findOneBy({ acquirerId: r.acquirer_id, merchantId: r.merchant_id.trimEnd() });
    const asset = await this.db.getRepository(AssetEntity).findOneBy({ chain: r.chain, symbol: r.asset_symbol });
    try {
      if (!asset) throw new Error(`asset ${r.asset_symbol} unknown on ${r.chain}`);
      const outcome = await this.integrations
        .for(merchant ?? { integration: 'STATIC' })
        .requestRefund({ refundId: r.id, chain: r.chain, asset, amount: BigInt(r.amount), to: r.to_address });
      if (outcome.status === 'QUEUED') {
        // Held by the exchange: asked again after RETRY_AFTER_MS with the same refund id (idempotent there).
        await this.db.query(`UPDATE refund_requests SET last_error = $2, updated_at = now() WHERE id = $1`, [
          r.id,
          `queued by the exchange: ${outcome.reason}`,
        ]);
        return;
      }
      await this.db.query(`UPDATE refund_requests SET status = 'SENT', tx_hash = $2, last_error = NULL, updated_at = now() WHERE id = $1`, [
        r.id,
        outcome.txHash,
      ]);
      this.logger.log(`refund ${r.id} sent: ${outcome.txHash}`);
    } catch (e) {
      const retry = e instanceof ExchangeUnavailableError;
      await this.db.query(`UPDATE refund_requests SET status = $2, last_error = $3, updated_at = now() WHERE id = $1`, [
        r.id,
        retry ? 'REQUESTED' : 'FAILED',
        (e as Error).message.slice(0, 500),
      ]);
      if (!retry) this.logger.error(`refund ${r.id} failed: ${(e as Error).message}`);
    }
  }

  private async confirmSent(): Promise<void> {
    if (!this.provider) return;
    const sent = (await this.db.query(`SELECT id, tx_hash FROM refund_requests WHERE status = 'SENT' LIMIT 50`)) as { id: string; tx_hash: string }[];
    for (const r of sent) {
      const receipt = await this.provider.getTransactionReceipt(r.tx_hash);
      if (!receipt) continue;
      const status = receipt.status === 1 ? 'CONFIRMED' : 'FAILED';
      await this.db.query(`UPDATE refund_requests SET status = $2, last_error = $3, updated_at = now() WHERE id = $1`, [
        r.id,
        status,
        status === 'FAILED' ? 'refund reverted on-chain' : null,
      ]);
    }
  }
}
