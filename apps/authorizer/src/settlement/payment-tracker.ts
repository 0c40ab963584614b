import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AUTHORIZER_CONFIG, type AuthorizerConfig } from '../config/authorizer-config';
import { ChainGateway } from './chain-gateway';

const POLL_MS = 1_000;
const BATCH = 500;

interface OpenPayment {
  tx_hash: string;
  raw_tx: string;
  status: 'SIGNED' | 'SUBMITTED';
}

/**
 * Follows payments after the response: re-sends SIGNED ones (a broadcast that failed, or a crash
 * between commit and send; same bytes, same hash) and moves SUBMITTED ones to CONFIRMED or
 * FAILED (reverted) once the receipt is `confirmations` deep. Runs once at start, then every second.
 */
@Injectable()
export class PaymentTracker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(PaymentTracker.name);
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly db: DataSource,
    private readonly chain: ChainGateway,
    @Inject(AUTHORIZER_CONFIG) private readonly config: AuthorizerConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), POLL_MS);
    this.timer.unref();
    void this.tick();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const open = (await this.db.query(
        `SELECT tx_hash, raw_tx, status FROM payments WHERE status IN ('SIGNED','SUBMITTED') AND chain = $1 ORDER BY wallet_id, nonce LIMIT ${BATCH}`,
        [this.chain.caip2],
      )) as OpenPayment[];
      if (open.length === 0) return;
      const head = await this.chain.blockNumber();
      for (const p of open) await this.follow(p, head);
    } catch (e) {
      this.logger.warn(`tracker pass failed: ${(e as Error).message}`);
    } finally {
      this.running = false;
    }
  }

  private async follow(p: OpenPayment, head: number): Promise<void> {
    const receipt = await this.chain.receipt(p.tx_hash);
    if (!receipt) {
      if (p.status === 'SIGNED') {
        await this.chain.broadcast(p.raw_tx, p.tx_hash);
        await this.db.query(`UPDATE payments SET status = 'SUBMITTED', submitted_at = now() WHERE tx_hash = $1 AND status = 'SIGNED'`, [p.tx_hash]);
      }
      return;
    }
    if (head - receipt.blockNumber + 1 < this.config.confirmations) return;
    const status = receipt.status === 1 ? 'CONFIRMED' : 'FAILED';
    if (status === 'FAILED') this.logger.error(`payment ${p.tx_hash} reverted on-chain: approved authorization left unpaid, needs ops`);
    await this.db.query(
      `UPDATE payments SET status = $2, block_number = $3, confirmed_at = now(), submitted_at = COALESCE(submitted_at, now()) WHERE tx_hash = $1`,
      [p.tx_hash, status, receipt.blockNumber],
    );
  }
}
