import { Inject, Injectable } from '@nestjs/common';
import { KeyedSerialBatcher } from '@bridge/runtime';
import { ChainGateway } from './chain-gateway';

/** A wallet's transactions per request (ChainGateway merges the wallets' requests of one turn). */
const MAX_PER_REQUEST = 100;

interface Signed {
  readonly rawTx: string;
  readonly hash: string;
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
  private readonly lanes: KeyedSerialBatcher<Signed, PromiseSettledResult<void>>;

  constructor(@Inject(ChainGateway) chain: Pick<ChainGateway, 'broadcastMany'>) {
    this.lanes = new KeyedSerialBatcher((_, txs) => chain.broadcastMany(txs), MAX_PER_REQUEST, true);
  }

  /** Resolves once the node accepted this transaction; rejects with its own error only. */
  async send(signerId: string, rawTx: string, hash: string): Promise<void> {
    const result = await this.lanes.add(signerId, { rawTx, hash });
    if (result.status === 'rejected') throw result.reason;
  }
}
