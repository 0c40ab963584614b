import { Injectable } from '@nestjs/common';
import { ChainGateway } from './chain-gateway';
import type { OpenPayment } from './open-payment';

/** Blocks the chain may make without a payment it waits for before that payment counts as parked. */
export const PARKED_AFTER_BLOCKS = 3;

/** What the node does with a payment's newest attempt, as far as parking goes. */
export type PoolVerdict = 'PARKED' | 'WAITING' | 'OTHER';

/** A hash not looked at for this long is forgotten (its payment was mined, replaced or left the pass). */
const FORGET_AFTER_MS = 60_000;

/**
 * Tells when the node holds a payment's transaction but will not mine it although the chain waits for
 * exactly that nonce: the wallet's nonce on chain is the payment's, the node has the transaction in its
 * pool, its fee cap covers the base fee, and blocks go by without it. Re-sending the same bytes cannot
 * help (the node answers "already known"); a replacement — a new hash, validated afresh — can.
 *
 * Anvil's pool does this (session 15, docs/performance.md): `eth_sendRawTransaction` reads the sender's
 * nonce from the state, marks a transaction whose predecessor is not mined yet as requiring it, then
 * takes the pool's lock; if a block mines that predecessor in between, the requirement can never be met
 * and the transaction — with every later one of the wallet behind it — waits in the pool forever, while
 * its nonce is the chain's next. A node that re-checks its queue against each new head (geth) never
 * parks one, and then this never fires: the payment is mined first.
 */
@Injectable()
export class ParkedTransactionWatch {
  /** Hash → the head at which it was first seen waiting at the chain's nonce, and when it was last seen so. */
  private readonly waiting = new Map<string, { since: number; seenAt: number }>();
  private nonces = new Map<string, Promise<bigint>>();

  constructor(private readonly chain: ChainGateway) {}

  /** Each tracker pass starts here: wallet nonces are read again, hashes long out of sight forgotten. */
  beginPass(now = Date.now()): void {
    this.nonces = new Map();
    for (const [hash, w] of this.waiting) if (now - w.seenAt > FORGET_AFTER_MS) this.waiting.delete(hash);
  }

  /**
   * `p`'s newest attempt (`head`: the pass's head): PARKED once it has waited PARKED_AFTER_BLOCKS blocks
   * in the node's pool at the nonce the chain waits for, with a fee cap above the base fee; WAITING
   * before that (re-sending the same bytes would change nothing); OTHER otherwise (mined, unknown to
   * the node, behind another nonce, or underpriced — the stuck rule's case).
   */
  async check(p: OpenPayment, head: number, now = Date.now()): Promise<PoolVerdict> {
    const newest = p.attempts[0];
    const baseFee = this.chain.baseFee;
    if (baseFee === undefined || BigInt(newest.max_fee_per_gas) < baseFee) return 'OTHER';
    if ((await this.nonceOf(p.address)) !== BigInt(p.nonce)) return 'OTHER';
    const tx = await this.chain.transaction(newest.tx_hash);
    if (!tx || tx.blockNumber !== null) return 'OTHER';
    const since = this.waiting.get(newest.tx_hash)?.since ?? head;
    this.waiting.set(newest.tx_hash, { since, seenAt: now });
    return head - since >= PARKED_AFTER_BLOCKS ? 'PARKED' : 'WAITING';
  }

  private nonceOf(address: string): Promise<bigint> {
    let nonce = this.nonces.get(address);
    if (!nonce) this.nonces.set(address, (nonce = this.chain.nonceAt(address)));
    return nonce;
  }
}
