import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { TransactionReceipt } from 'ethers';
import { DataSource } from 'typeorm';
import { mapLimit, type KeyStore } from '@bridge/runtime';
import { AUTHORIZER_CONFIG, type AuthorizerConfig } from '../config/authorizer-config';
import { ExchangeAdapterClient } from '../exchange/exchange-adapter.client';
import { bumpFees } from './bump-fees';
import { ChainGateway } from './chain-gateway';
import { KEY_STORE } from './key-store.provider';
import { OPEN_PAYMENTS_SQL, type OpenPayment } from './open-payment';
import { resignWithFees } from './sign-payment';
import { StaleAuthorizationSweeper } from './stale-authorization-sweeper';

const BATCH = 500;
const FOLLOW_CONCURRENCY = 16;
/** A transaction the node has not mined is sent again after this long (nodes drop from their mempool). */
const REBROADCAST_AFTER_MS = 5_000;

/**
 * Follows payments after the answer, from the chain itself:
 * - SIGNED (never accepted: failed broadcast, or a crash between commit and send) → re-send the same bytes;
 * - SUBMITTED without a receipt → re-send; after STUCK_AFTER_MS replace it at the same nonce with bumped
 *   fees, keeping every attempt; whichever attempt is mined wins, the others become REPLACED;
 * - a receipt `confirmations` deep → CONFIRMED, or FAILED when reverted (flagged for ops);
 * - a CONFIRMED payment whose block left the canonical chain (reorg) → back to SUBMITTED and re-sent.
 * Runs at start (recovery after a crash or restart), then every TRACKER_POLL_MS.
 */
@Injectable()
export class PaymentTracker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(PaymentTracker.name);
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly db: DataSource,
    private readonly chain: ChainGateway,
    private readonly sweeper: StaleAuthorizationSweeper,
    private readonly exchange: ExchangeAdapterClient,
    @Inject(KEY_STORE) private readonly keys: KeyStore,
    @Inject(AUTHORIZER_CONFIG) private readonly config: AuthorizerConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.trackerPollMs);
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
      const head = await this.chain.blockNumber();
      const open = (await this.db.query(OPEN_PAYMENTS_SQL, [this.chain.caip2, BATCH])) as OpenPayment[];
      await mapLimit(open, FOLLOW_CONCURRENCY, (p) => this.follow(p, head).catch((e) => this.logger.warn(`payment ${p.id}: ${(e as Error).message}`)));
      await this.checkReorgs(head);
      await this.sweeper.sweep();
    } catch (e) {
      this.logger.warn(`tracker pass failed: ${(e as Error).message}`);
    } finally {
      this.running = false;
    }
  }

  private async follow(p: OpenPayment, head: number): Promise<void> {
    for (const attempt of p.attempts) {
      const receipt = await this.chain.receipt(attempt.tx_hash);
      if (receipt) return this.settle(p, attempt.tx_hash, receipt, head);
    }
    const newest = p.attempts[0];
    const sinceBroadcast = p.last_broadcast_at ? Date.now() - new Date(p.last_broadcast_at).getTime() : Infinity;
    const sinceSigned = Date.now() - new Date(newest.created_at).getTime();
    if (p.status === 'SUBMITTED' && sinceSigned > this.config.stuckAfterMs && p.key_path) return this.replace(p, p.key_path);
    if (p.status === 'SIGNED' || sinceBroadcast > REBROADCAST_AFTER_MS) {
      await this.chain.broadcast(newest.raw_tx, newest.tx_hash);
      await this.db.query(`UPDATE payments SET status = 'SUBMITTED', submitted_at = COALESCE(submitted_at, now()), last_broadcast_at = now() WHERE id = $1`, [
        p.id,
      ]);
    }
  }

  private async settle(p: OpenPayment, hash: string, receipt: TransactionReceipt, head: number): Promise<void> {
    if (head - receipt.blockNumber + 1 < this.config.confirmations) return;
    const status = receipt.status === 1 ? 'CONFIRMED' : 'FAILED';
    await this.db.transaction(async (em) => {
      await em.query(
        `UPDATE payments SET status = $2, mined_tx_hash = $3, block_number = $4, block_hash = $5, confirmed_at = now(),
           submitted_at = COALESCE(submitted_at, now()), failure_reason = $6 WHERE id = $1`,
        [p.id, status, hash, receipt.blockNumber, receipt.blockHash, status === 'FAILED' ? 'reverted on-chain' : null],
      );
      await em.query(`UPDATE payment_transactions SET status = CASE WHEN tx_hash = $2 THEN 'MINED' ELSE 'REPLACED' END WHERE payment_id = $1`, [p.id, hash]);
      if (status === 'CONFIRMED') await this.announceConfirmed(em, p.id, hash);
      if (status === 'FAILED') {
        // The network was told "approved": the merchant is unpaid. Ops must act.
        await em.query(`UPDATE authorizations SET needs_review = true, review_reason = 'PAYMENT_REVERTED' WHERE id = $1`, [p.authorization_id]);
        this.logger.error(`payment ${hash} reverted on-chain: authorization ${p.authorization_id} flagged for review`);
      }
    });
  }

  private async announceConfirmed(em: { query: DataSource['query'] }, paymentId: string, hash: string): Promise<void> {
    const [row] = (await em.query(
      `SELECT a.id, a.acquirer_id, a.merchant_id, p.chain, p.asset_symbol, p.amount::text, p.destination FROM payments p JOIN authorizations a ON a.id = p.authorization_id WHERE p.id = $1`,
      [paymentId],
    )) as { id: string; acquirer_id: string; merchant_id: string; chain: string; asset_symbol: string; amount: string; destination: string }[];
    if (!row) return;
    this.exchange.emitPaymentEvent({
      event: 'PAYMENT_CONFIRMED',
      authorizationId: row.id,
      acquirerId: row.acquirer_id,
      merchantId: row.merchant_id,
      chain: row.chain,
      assetSymbol: row.asset_symbol,
      amount: row.amount,
      destination: row.destination,
      txHash: hash,
    });
  }

  private async replace(p: OpenPayment, keyPath: string): Promise<void> {
    const newest = p.attempts[0];
    const fees = bumpFees(
      { maxFeePerGas: BigInt(newest.max_fee_per_gas), maxPriorityFeePerGas: BigInt(newest.max_priority_fee_per_gas) },
      this.chain.currentFees(),
    );
    const next = resignWithFees(this.keys.signer(keyPath), newest.raw_tx, fees);
    await this.db.transaction(async (em) => {
      await em.query(`INSERT INTO payment_transactions (tx_hash, payment_id, raw_tx, max_fee_per_gas, max_priority_fee_per_gas) VALUES ($1,$2,$3,$4,$5)`, [
        next.hash,
        p.id,
        next.rawTx,
        fees.maxFeePerGas.toString(),
        fees.maxPriorityFeePerGas.toString(),
      ]);
      await em.query(
        `UPDATE payments SET tx_hash = $2, raw_tx = $3, max_fee_per_gas = $4, max_priority_fee_per_gas = $5, last_broadcast_at = now() WHERE id = $1`,
        [p.id, next.hash, next.rawTx, fees.maxFeePerGas.toString(), fees.maxPriorityFeePerGas.toString()],
      );
    });
    this.logger.warn(`payment ${p.id} stuck: replaced ${newest.tx_hash} with ${next.hash} (fees +20%)`);
    await this.chain.broadcast(next.rawTx, next.hash);
  }

  /** Receipts of recently confirmed payments must still sit in canonical blocks. */
  private async checkReorgs(head: number): Promise<void> {
    if (this.config.reorgDepth === 0) return;
    const recent = (await this.db.query(
      `SELECT p.id, p.mined_tx_hash, p.block_number, p.block_hash, t.raw_tx FROM payments p JOIN payment_transactions t ON t.tx_hash = p.mined_tx_hash
        WHERE p.status = 'CONFIRMED' AND p.chain = $1 AND p.block_number > $2`,
      [this.chain.caip2, head - this.config.reorgDepth],
    )) as { id: string; mined_tx_hash: string; block_number: string; block_hash: string; raw_tx: string }[];
    for (const r of recent) {
      if (await this.chain.isCanonical(Number(r.block_number), r.block_hash)) continue;
      this.logger.warn(`payment ${r.id}: block ${r.block_number} left the canonical chain, back to SUBMITTED`);
      await this.db.query(
        `UPDATE payments SET status = 'SUBMITTED', block_number = NULL, block_hash = NULL, mined_tx_hash = NULL, confirmed_at = NULL, last_broadcast_at = now() WHERE id = $1`,
        [r.id],
      );
      await this.chain.broadcast(r.raw_tx, r.mined_tx_hash).catch((e) => this.logger.warn(`re-send after reorg: ${(e as Error).message}`));
    }
  }
}
