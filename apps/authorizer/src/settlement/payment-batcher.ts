import { Inject, Injectable } from '@nestjs/common';
import { KeyedSerialBatcher, Semaphore } from '@bridge/runtime';
import { AUTHORIZER_CONFIG, type AuthorizerConfig } from '../config/authorizer-config';
import { PaymentBatchWriter } from './payment-batch-writer';
import type { ResolvedOrder } from './payment-order';
import type { BatchDecision } from './settlement-outcome';
import { SpeculativeSigner } from './speculative-signer';

/** Orders per DB transaction: bounded so one batch's lock time stays a few milliseconds. */
const MAX_BATCH = 64;

/**
 * Per signing wallet, orders that arrive while a batch is being written wait and go together in the
 * next one (group commit): one row lock, one funds read and one commit for many payments, instead of
 * serialising them one by one on the wallet's lock. Across wallets at most
 * SETTLEMENT_BATCH_CONCURRENCY batches run at once: with traffic spread over many cards, unbounded
 * batches of ~3 payments each crowded PostgreSQL (9–10 ms per round trip on 2 cores); waiting for a
 * slot lets each wallet's batch grow (8 cards, 256 in flight: 1,140–1,184 → 1,259–1,278 approved/s).
 * But traffic from many cards (every authorization another wallet) makes batches of one, and then the
 * slots bound throughput (64 cards, 400/s offered: 2 slots p50 202 ms saturated, 8 slots 24 ms): the
 * default is 8. The fix for that traffic is one transaction across wallets (docs/performance.md).
 */
@Injectable()
export class PaymentBatcher {
  private readonly batches: KeyedSerialBatcher<ResolvedOrder, BatchDecision>;

  constructor(
    private readonly writer: PaymentBatchWriter,
    private readonly ahead: SpeculativeSigner,
    @Inject(AUTHORIZER_CONFIG) config: Pick<AuthorizerConfig, 'settlementBatchConcurrency'>,
  ) {
    const slots = new Semaphore(config.settlementBatchConcurrency);
    this.batches = new KeyedSerialBatcher((signerId, orders) => slots.run(() => this.write(signerId, orders)), MAX_BATCH);
  }

  submit(signerId: string, order: ResolvedOrder): Promise<BatchDecision> {
    this.ahead.queued(signerId, order);
    return this.batches.add(signerId, order);
  }

  /** The orders still queued are re-guessed from what this batch committed, before the next one starts. */
  private async write(signerId: string, orders: ResolvedOrder[]): Promise<BatchDecision[]> {
    try {
      return await this.writer.write(signerId, orders);
    } finally {
      this.ahead.resync(signerId, this.batches.pending(signerId));
    }
  }
}
