import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { returnedRows } from '@bridge/persistence';
import { mapLimit, PollingLoop, type KeyStore } from '@bridge/runtime';
import { AUTHORIZER_CONFIG, type AuthorizerConfig } from '../config/authorizer-config';
import { ExchangeAdapterClient } from '../exchange/exchange-adapter.client';
import { bumpFees } from './bump-fees';
import { ChainGateway } from './chain-gateway';
import { KEY_STORE } from './key-store.provider';
import { OPEN_PAYMENTS_SQL, type OpenPayment } from './open-payment';
import { resignWithFees } from './sign-payment';
import { StaleAuthorizationSweeper } from './stale-authorization-sweeper';

const BATCH = 500;

interface Mined {
  id: string;
  status: 'CONFIRMED' | 'FAILED';
  hash: string;
  blockNumber: string;
  blockHash: string;
  gasUsed: string;
  /** gasUsed × effectiveGasPrice, in wei. */
  feePaid: string;
}

interface MinedRow {
  authorization_id: string;
  chain: string;
  asset_symbol: string;
  amount: string;
  destination: string;
  hash: string;
  status: 'CONFIRMED' | 'FAILED';
  acquirer_id: string;
  merchant_id: string;
}
/** Receipt reads in flight: issued in one tick, they go as one JSON-RPC batch request (ChainGateway). */
const FOLLOW_CONCURRENCY = 100;
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
  private readonly loop: PollingLoop;

  constructor(
    private readonly db: DataSource,
    private readonly chain: ChainGateway,
    private readonly sweeper: StaleAuthorizationSweeper,
    private readonly exchange: ExchangeAdapterClient,
    @Inject(KEY_STORE) private readonly keys: KeyStore,
    @Inject(AUTHORIZER_CONFIG) private readonly config: AuthorizerConfig,
  ) {
    this.loop = new PollingLoop(
      this.config.trackerPollMs,
      () => this.pass(),
      (e) => this.logger.warn(`tracker pass failed: ${e.message}`),
    );
  }

  onApplicationBootstrap(): void {
    this.loop.start(true);
  }

  onModuleDestroy(): void {
    this.loop.stop();
  }

  private async pass(): Promise<void> {
    const head = await this.chain.blockNumber();
    const open = (await this.db.query(OPEN_PAYMENTS_SQL, [this.chain.caip2, BATCH])) as OpenPayment[];
    const mined: Mined[] = [];
    await mapLimit(open, FOLLOW_CONCURRENCY, (p) =>
      this.follow(p, head)
        .then((m) => void (m && mined.push(m)))
        .catch((e) => this.logger.warn(`payment ${p.id}: ${(e as Error).message}`)),
    );
    await this.recordMined(mined);
    await this.checkReorgs(head);
    await this.sweeper.sweep();
  }

  /** Returns the payment when one of its attempts is mined deep enough; otherwise re-sends or replaces. */
  private async follow(p: OpenPayment, head: number): Promise<Mined | undefined> {
    for (const attempt of p.attempts) {
      const receipt = await this.chain.receipt(attempt.tx_hash);
      if (!receipt) continue;
      if (head - receipt.blockNumber + 1 < this.config.confirmations) return undefined;
      return {
        id: p.id,
        status: receipt.status === 1 ? 'CONFIRMED' : 'FAILED',
        hash: attempt.tx_hash,
        blockNumber: String(receipt.blockNumber),
        blockHash: receipt.blockHash,
        gasUsed: receipt.gasUsed.toString(),
        feePaid: receipt.fee.toString(),
      };
    }
    const newest = p.attempts[0];
    const sinceBroadcast = p.last_broadcast_at ? Date.now() - new Date(p.last_broadcast_at).getTime() : Infinity;
    const sinceSigned = Date.now() - new Date(newest.created_at).getTime();
    if (p.status === 'SUBMITTED' && sinceSigned > this.config.stuckAfterMs && p.key_path) {
      await this.replace(p, p.key_path);
      return undefined;
    }
    if (p.status === 'SIGNED' || sinceBroadcast > REBROADCAST_AFTER_MS) {
      await this.chain.broadcast(newest.raw_tx, newest.tx_hash);
      await this.db.query(`UPDATE payments SET status = 'SUBMITTED', submitted_at = COALESCE(submitted_at, now()), last_broadcast_at = now() WHERE id = $1`, [
        p.id,
      ]);
    }
  }

  /** All payments found mined in one pass, recorded in one statement (one round trip, not five each). */
  private async recordMined(mined: Mined[]): Promise<void> {
    if (!mined.length) return;
    const rows = returnedRows<MinedRow>(
      await this.db.query(
        `WITH m AS (SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::numeric[], $7::numeric[])
                      AS m(id, status, hash, block_number, block_hash, gas_used, fee_paid)),
              p AS (UPDATE payments SET status = m.status, mined_tx_hash = m.hash, block_number = m.block_number, block_hash = m.block_hash, confirmed_at = now(),
                      gas_used = m.gas_used, fee_paid = m.fee_paid,
                      submitted_at = COALESCE(payments.submitted_at, now()), failure_reason = CASE WHEN m.status = 'FAILED' THEN 'reverted on-chain' END
                    FROM m WHERE payments.id = m.id
                    RETURNING payments.authorization_id, payments.chain, payments.asset_symbol, payments.amount::text, payments.destination, m.hash, m.status),
              t AS (UPDATE payment_transactions SET status = CASE WHEN payment_transactions.tx_hash = m.hash THEN 'MINED' ELSE 'REPLACED' END
                    FROM m WHERE payment_transactions.payment_id = m.id),
              -- The network was told "approved": a reverted payment leaves the merchant unpaid. Ops must act.
              f AS (UPDATE authorizations SET needs_review = true, review_reason = 'PAYMENT_REVERTED' FROM p WHERE authorizations.id = p.authorization_id AND p.status = 'FAILED')
         SELECT p.*, a.acquirer_id, a.merchant_id FROM p JOIN authorizations a ON a.id = p.authorization_id`,
        [
          mined.map((m) => m.id),
          mined.map((m) => m.status),
          mined.map((m) => m.hash),
          mined.map((m) => m.blockNumber),
          mined.map((m) => m.blockHash),
          mined.map((m) => m.gasUsed),
          mined.map((m) => m.feePaid),
        ],
      ),
    );
    for (const r of rows) {
      if (r.status === 'FAILED') this.logger.error(`payment ${r.hash} reverted on-chain: authorization ${r.authorization_id} flagged for review`);
      else this.announceConfirmed(r);
    }
  }

  private announceConfirmed(r: MinedRow): void {
    this.exchange.emitPaymentEvent({
      event: 'PAYMENT_CONFIRMED',
      authorizationId: r.authorization_id,
      acquirerId: r.acquirer_id,
      merchantId: r.merchant_id,
      chain: r.chain,
      assetSymbol: r.asset_symbol,
      amount: r.amount,
      destination: r.destination,
      txHash: r.hash,
    });
  }

  private async replace(p: OpenPayment, keyPath: string): Promise<void> {
    const newest = p.attempts[0];
    const fees = bumpFees(
      { maxFeePerGas: BigInt(newest.max_fee_per_gas), maxPriorityFeePerGas: BigInt(newest.max_priority_fee_per_gas) },
      this.chain.currentFees(),
    );
    const next = resignWithFees(this.keys.digestSigner(keyPath), newest.raw_tx, fees);
    await this.db.transaction(async (em) => {
      await em.query(`INSERT INTO payment_transactions (tx_hash, payment_id, raw_tx, max_fee_per_gas, max_priority_fee_per_gas) VALUES ($1,$2,$3,$4,$5)`, [
        next.hash,
        p.id,
        next.rawTx,
        fees.maxFeePerGas.toString(),
        fees.maxPriorityFeePerGas.toString(),
      ]);
      await em.query(`UPDATE payments SET tx_hash = $2, max_fee_per_gas = $3, max_priority_fee_per_gas = $4, last_broadcast_at = now() WHERE id = $1`, [
        p.id,
        next.hash,
        fees.maxFeePerGas.toString(),
        fees.maxPriorityFeePerGas.toString(),
      ]);
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
        `UPDATE payments SET status = 'SUBMITTED', block_number = NULL, block_hash = NULL, mined_tx_hash = NULL, confirmed_at = NULL, gas_used = NULL, fee_paid = NULL, last_broadcast_at = now() WHERE id = $1`,
        [r.id],
      );
      await this.chain.broadcast(r.raw_tx, r.mined_tx_hash).catch((e) => this.logger.warn(`re-send after reorg: ${(e as Error).message}`));
    }
  }
}
