import { Inject, Injectable } from '@nestjs/common';
import { ChainGateway } from './chain-gateway';

/** Transactions per JSON-RPC batch request. */
const MAX_PER_REQUEST = 100;

interface Pending {
  readonly rawTx: string;
  readonly hash: string;
  readonly resolve: () => void;
  readonly reject: (e: unknown) => void;
}

/**
 * Broadcasts a signing wallet's transactions in nonce order, one request at a time per wallet; the
 * ones that queue up meanwhile go together as one JSON-RPC batch, in order. A node that receives one
 * sender's nonces out of order parks the later ones; anvil's automine (foundry-rs/foundry#10122) can
 * even stop mining them for good, which the bench hit under load as stalls and replacement storms.
 * Callers enqueue in nonce order: a batch's decisions resolve in order, batches one after another.
 */
@Injectable()
export class OrderedBroadcaster {
  private readonly lanes = new Map<string, Pending[]>();

  constructor(@Inject(ChainGateway) private readonly chain: Pick<ChainGateway, 'broadcast'>) {}

  send(signerId: string, rawTx: string, hash: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const lane = this.lanes.get(signerId);
      if (lane) return void lane.push({ rawTx, hash, resolve, reject });
      this.lanes.set(signerId, [{ rawTx, hash, resolve, reject }]);
      setImmediate(() => void this.drain(signerId)); // after the rest of this batch's decisions have queued
    });
  }

  private async drain(signerId: string): Promise<void> {
    const lane = this.lanes.get(signerId)!;
    while (lane.length) {
      const batch = lane.splice(0, MAX_PER_REQUEST);
      // Called in one tick: ChainGateway's provider sends them as one batch request, in this order.
      const results = await Promise.allSettled(batch.map((p) => this.chain.broadcast(p.rawTx, p.hash)));
      results.forEach((r, i) => (r.status === 'fulfilled' ? batch[i].resolve() : batch[i].reject(r.reason)));
    }
    this.lanes.delete(signerId);
  }
}
