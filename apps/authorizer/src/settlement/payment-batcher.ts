import { Injectable } from '@nestjs/common';
import { KeyedSerialBatcher } from '@bridge/runtime';
import { bySigner, PaymentBatchWriter, type BatchOutcome, type SignerOrder } from './payment-batch-writer';
import type { ResolvedOrder } from './payment-order';
import type { BatchDecision } from './settlement-outcome';
import { SpeculativeSigner } from './speculative-signer';

/** Orders per DB transaction: bounded so one batch's lock time stays a few milliseconds. */
const MAX_BATCH = 128;

/** One lane for every wallet: a batch takes the orders of all wallets that have some waiting. */
const LANE = 'payments';

/**
 * Orders that arrive while a batch is being written wait and go together in the next one (group
 * commit): one transaction, one commit and two round trips for many payments, whichever wallets they
 * come from, instead of serialising them on each wallet's lock. One batch at a time per process keeps
 * each wallet's orders in arrival order, which is the order of their nonces (and of the guesses the
 * speculative signer made). Several processes lock overlapping wallets in id order.
 */
@Injectable()
export class PaymentBatcher {
  private readonly batches: KeyedSerialBatcher<SignerOrder, BatchOutcome>;

  constructor(
    private readonly writer: PaymentBatchWriter,
    private readonly ahead: SpeculativeSigner,
  ) {
    this.batches = new KeyedSerialBatcher((_, items) => this.write(items), MAX_BATCH);
  }

  async submit(signerId: string, order: ResolvedOrder): Promise<BatchDecision> {
    this.ahead.queued(signerId, order);
    const outcome = await this.batches.add(LANE, { signerId, order });
    if (outcome.kind === 'FAILED') throw outcome.error;
    return outcome;
  }

  /** After each batch, the orders still queued of each wallet in it are re-guessed from what it committed. */
  private async write(items: SignerOrder[]): Promise<BatchOutcome[]> {
    try {
      return await this.writer.write(items);
    } finally {
      const queued = bySigner(this.batches.pending(LANE));
      for (const signerId of new Set(items.map((i) => i.signerId))) this.ahead.resync(signerId, queued.get(signerId) ?? []);
    }
  }
}
