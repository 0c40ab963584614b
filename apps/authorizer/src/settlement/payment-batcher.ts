import { Injectable } from '@nestjs/common';
import { KeyedSerialBatcher } from '@bridge/runtime';
import { PaymentBatchWriter } from './payment-batch-writer';
import type { ResolvedOrder } from './payment-order';
import type { BatchDecision } from './settlement-outcome';

/** Orders per DB transaction: bounded so one batch's lock time stays a few milliseconds. */
const MAX_BATCH = 64;

/**
 * Per signing wallet, orders that arrive while a batch is being written wait and go together in the
 * next one (group commit): one row lock, one funds read and one commit for many payments, instead of
 * serialising them one by one on the wallet's lock.
 */
@Injectable()
export class PaymentBatcher {
  private readonly batches: KeyedSerialBatcher<ResolvedOrder, BatchDecision>;

  constructor(writer: PaymentBatchWriter) {
    this.batches = new KeyedSerialBatcher((signerId, orders) => writer.write(signerId, orders), MAX_BATCH);
  }

  submit(signerId: string, order: ResolvedOrder): Promise<BatchDecision> {
    return this.batches.add(signerId, order);
  }
}
