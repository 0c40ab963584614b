import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { pgPool } from '@bridge/persistence';
import { mapLimit, PollingLoop, type KeyStore } from '@bridge/runtime';
import { AUTHORIZER_CONFIG, type AuthorizerConfig } from '../config/authorizer-config';
import { ExchangeAdapterClient } from '../exchange/exchange-adapter.client';
import { BlockScanner } from './block-scanner';
import { bumpFees } from './bump-fees';
import { ChainGateway } from './chain-gateway';
import { KEY_STORE } from './key-store.provider';
import type { MinedTransaction } from './mined-transaction';
import { RECORD_MINED_SQL } from './record-mined-sql';
import { OPEN_PAYMENTS_SQL, type OpenPayment } from './open-payment';
import { PARKED_AFTER_BLOCKS, ParkedTransactionWatch } from './parked-transaction-watch';
import { resignWithFees } from './sign-payment';
import { StaleAuthorizationSweeper } from './stale-authorization-sweeper';
import { SubmittedMarker } from './submitted-marker';

const BATCH = 500;

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
/** The replacement's reason in the log when ParkedTransactionWatch says so. */
const PARKED = `parked (the node holds it unmined at the nonce the chain waits for, ${PARKED_AFTER_BLOCKS}+ blocks)`;
/** How often the block scan's distance to the head is checked, apart from its own loop (BlockScanner.reportLag). */
const LAG_CHECK_MS = 10_000;

/**
 * Follows payments after the answer, from the chain itself. Each new block's receipts are read once
 * (BlockScanner) and matched to open payments by hash; a payment not seen mined for a while is
 * followed on its own:
 * - SIGNED (never accepted: failed broadcast, or a crash between commit and send) → re-send the same bytes;
 * - SUBMITTED without a receipt → re-send; after STUCK_AFTER_MS — or at once when the node holds it
 *   unmined at the very nonce the chain waits for while blocks go by (ParkedTransactionWatch) — replace
 *   it at the same nonce with bumped fees, keeping every attempt; whichever attempt is mined wins, the
 *   others become REPLACED;
 * - a receipt `confirmations` deep → CONFIRMED, or FAILED when reverted (flagged for ops);
 * - a CONFIRMED payment whose block left the canonical chain (reorg) → back to SUBMITTED and re-sent.
 * Runs at start (recovery after a crash or restart), then every TRACKER_POLL_MS. The block scan has a
 * loop of its own, every BLOCK_POLL_MS: the sooner a mined payment is recorded, the fewer open payments
 * each batch's funds check sums under the wallet lock, and the fewer SUBMITTED marks are written at all
 * (SubmittedMarker: a payment recorded mined before its mark is due needs none).
 */
@Injectable()
export class PaymentTracker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(PaymentTracker.name);
  private readonly loop: PollingLoop;
  private readonly blocks: PollingLoop;
  private readonly lagCheck: PollingLoop;

  constructor(
    private readonly db: DataSource,
    private readonly chain: ChainGateway,
    private readonly scanner: BlockScanner,
    private readonly sweeper: StaleAuthorizationSweeper,
    private readonly exchange: ExchangeAdapterClient,
    private readonly submitted: SubmittedMarker,
    private readonly parked: ParkedTransactionWatch,
    @Inject(KEY_STORE) private readonly keys: KeyStore,
    @Inject(AUTHORIZER_CONFIG) private readonly config: AuthorizerConfig,
  ) {
    this.loop = new PollingLoop(
      this.config.trackerPollMs,
      () => this.pass(),
      (e) => this.logger.warn(`tracker pass failed: ${e.message}`),
    );
    this.blocks = new PollingLoop(
      this.config.blockPollMs,
      // A node without eth_getBlockReceipts turned the scan off: the pass follows each payment instead.
      async () => (this.scanner.active ? this.scanner.scan(await this.chain.blockNumber(), (mined) => this.recordMined(mined)) : undefined),
      (e) => this.logger.warn(`block scan failed: ${e.message}`),
    );
    this.lagCheck = new PollingLoop(
      LAG_CHECK_MS,
      async () => this.scanner.reportLag(await this.chain.blockNumber()),
      () => undefined, // a node out of reach is reported by the two loops above
    );
  }

  onApplicationBootstrap(): void {
    this.blocks.start(true);
    this.loop.start(true);
    this.lagCheck.start();
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([this.blocks.stop(), this.loop.stop(), this.lagCheck.stop()]);
  }

  private async pass(): Promise<void> {
    const head = await this.chain.blockNumber();
    // Left to the block scan while recent; a node without block receipts → every open payment, every pass.
    const quietMs = this.scanner.active ? Math.min(REBROADCAST_AFTER_MS, this.config.stuckAfterMs) : 0;
    const open = (await this.db.query(OPEN_PAYMENTS_SQL, [this.chain.caip2, BATCH, quietMs])) as OpenPayment[];
    this.parked.beginPass();
    const mined: MinedTransaction[] = [];
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
  private async follow(p: OpenPayment, head: number): Promise<MinedTransaction | undefined> {
    for (const attempt of p.attempts) {
      const receipt = await this.chain.receipt(attempt.tx_hash);
      if (!receipt) continue;
      if (head - receipt.blockNumber + 1 < this.config.confirmations) return undefined;
      return {
        status: receipt.status === 1 ? 'CONFIRMED' : 'FAILED',
        hash: attempt.tx_hash,
        blockNumber: String(receipt.blockNumber),
        blockHash: receipt.blockHash,
        gasUsed: receipt.gasUsed.toString(),
        feePaid: receipt.fee.toString(),
      };
    }
    await this.unmined(p, head);
    return undefined;
  }

  /** No attempt mined: replace it when stuck or parked, leave it while the node holds it next in line, else re-send. */
  private async unmined(p: OpenPayment, head: number): Promise<void> {
    const newest = p.attempts[0];
    if (p.status === 'SUBMITTED' && p.key_path) {
      if (Date.now() - new Date(newest.created_at).getTime() > this.config.stuckAfterMs) return this.replace(p, p.key_path, 'stuck');
      const pool = await this.parked.check(p, head);
      if (pool === 'PARKED') return this.replace(p, p.key_path, PARKED);
      if (pool === 'WAITING') return; // the node has it, next in line: the same bytes again change nothing
    }
    const sinceBroadcast = p.last_broadcast_at ? Date.now() - new Date(p.last_broadcast_at).getTime() : Infinity;
    if (p.status === 'SIGNED' || sinceBroadcast > REBROADCAST_AFTER_MS) {
      await this.chain.broadcast(newest.raw_tx, newest.tx_hash);
      await this.db.query(`UPDATE payments SET status = 'SUBMITTED', submitted_at = COALESCE(submitted_at, now()), last_broadcast_at = now() WHERE id = $1`, [
        p.id,
      ]);
    }
  }

  /** Mined transactions recorded in one statement (RECORD_MINED_SQL): one round trip per pass. */
  private async recordMined(mined: MinedTransaction[]): Promise<void> {
    if (!mined.length) return;
    // Named: node-postgres prepares it once per connection (PreparedStatement says why).
    const { rows } = await pgPool(this.db).query<MinedRow>({
      name: this.config.pgPreparedStatements ? 'bridge_record_mined' : undefined,
      text: RECORD_MINED_SQL,
      values: [
        mined.map((m) => m.status),
        mined.map((m) => m.hash),
        mined.map((m) => m.blockNumber),
        mined.map((m) => m.blockHash),
        mined.map((m) => m.gasUsed),
        mined.map((m) => m.feePaid),
      ],
    });
    this.submitted.forget(rows.map((r) => r.hash));
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

  private async replace(p: OpenPayment, keyPath: string, why: string): Promise<void> {
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
    this.logger.warn(`payment ${p.id} ${why}: replaced ${newest.tx_hash} with ${next.hash} (fees +20%)`);
    await this.chain.broadcast(next.rawTx, next.hash);
  }

  /** Receipts of recently confirmed payments must still sit in canonical blocks: one check per block. */
  private async checkReorgs(head: number): Promise<void> {
    if (this.config.reorgDepth === 0) return;
    const blocks = (await this.db.query(
      `SELECT DISTINCT block_number::text, block_hash FROM payments WHERE NOT open AND status = 'CONFIRMED' AND chain = $1 AND block_number > $2`,
      [this.chain.caip2, head - this.config.reorgDepth],
    )) as { block_number: string; block_hash: string }[];
    const canonical = await Promise.all(blocks.map((b) => this.chain.isCanonical(Number(b.block_number), b.block_hash)));
    const orphaned = blocks.filter((_, i) => !canonical[i]);
    if (!orphaned.length) return;
    this.scanner.rewindTo(Math.min(...orphaned.map((b) => Number(b.block_number))));
    await this.resubmitOrphaned(orphaned.map((b) => b.block_hash));
  }

  /** Payments whose block left the canonical chain go back to SUBMITTED, their transaction sent again. */
  private async resubmitOrphaned(blockHashes: string[]): Promise<void> {
    const recent = (await this.db.query(
      `SELECT p.id, p.mined_tx_hash, p.block_number, t.raw_tx FROM payments p JOIN payment_transactions t ON t.tx_hash = p.mined_tx_hash
        WHERE p.status = 'CONFIRMED' AND p.block_hash = ANY($1)`,
      [blockHashes],
    )) as { id: string; mined_tx_hash: string; block_number: string; raw_tx: string }[];
    for (const r of recent) {
      this.logger.warn(`payment ${r.id}: block ${r.block_number} left the canonical chain, back to SUBMITTED`);
      await this.db.query(
        `UPDATE payments SET status = 'SUBMITTED', block_number = NULL, block_hash = NULL, mined_tx_hash = NULL, confirmed_at = NULL, gas_used = NULL, fee_paid = NULL, last_broadcast_at = now() WHERE id = $1`,
        [r.id],
      );
      await this.chain.broadcast(r.raw_tx, r.mined_tx_hash).catch((e) => this.logger.warn(`re-send after reorg: ${(e as Error).message}`));
    }
  }
}
