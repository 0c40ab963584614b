import { Injectable } from '@nestjs/common';
import { PaymentBatchWriter } from './payment-batch-writer';
import type { ResolvedOrder } from './payment-order';
import type { BatchDecision } from './settlement-outcome';

/** Orders per DB transaction: bounded so one batch's lock time stays a few milliseconds. */
const MAX_BATCH = 64;

interface Waiting {
  order: ResolvedOrder;
  resolve: (d: BatchDecision) => void;
  reject: (e: unknown) => void;
}

/**
 * Per signing wallet, orders that arrive while a batch is being written wait and go together in the
 * next one (group commit): one row lock, one funds read and one commit for many payments, instead of
 * serialising them one by one on the wallet's lock.
 */
@Injectable()
export class PaymentBatcher {
  private readonly queues = new Map<string, Waiting[]>();

  constructor(private readonly writer: PaymentBatchWriter) {}

  submit(signerId: string, order: ResolvedOrder): Promise<BatchDecision> {
    return new Promise((resolve, reject) => {
      const queue = this.queues.get(signerId);
      if (queue) {
        queue.push({ order, resolve, reject });
        return;
      }
      this.queues.set(signerId, [{ order, resolve, reject }]);
      void this.drain(signerId);
    });
  }

  private async drain(signerId: string): Promise<void> {
    const queue = this.queues.get(signerId)!;
    while (queue.length > 0) {
      const batch = queue.splice(0, MAX_BATCH);
      try {
        const decisions = await this.writer.write(
          signerId,
          batch.map((w) => w.order),
        );
        batch.forEach((w, i) => w.resolve(decisions[i]));
      } catch (e) {
        for (const w of batch) w.reject(e);
      }
    }
    this.queues.delete(signerId);
  }
}
