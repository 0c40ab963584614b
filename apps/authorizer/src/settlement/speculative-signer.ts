import { Injectable } from '@nestjs/common';
import { LruMap } from '@bridge/runtime';
import { ChainGateway, type FeeQuote } from './chain-gateway';
import { paymentTx, type ResolvedOrder } from './payment-order';
import { samePayment, signPayment, type DigestSigner, type SignedAhead } from './sign-payment';

/** Wallets whose next nonce is guessed; far more than the wallets one batch lane serves in a second. */
const GUESSES_KEPT = 10_000;

/** Signatures per turn of the event loop (~63 µs each with libsecp256k1). */
const SIGN_SLICE = 16;

interface Guess {
  readonly key: DigestSigner;
  /** The nonce the next order to queue will get if every order before it is approved. */
  next: bigint;
}

/**
 * Signs each order as it queues behind its wallet's running batch, at the nonce it will get if every
 * order before it is approved and no other process takes nonces meanwhile. Signing (~0.25 ms a
 * payment) then overlaps the batch that holds the wallet's lock instead of lengthening the next one
 * (one wallet, 50 in flight: it was 5 of the 12 ms a batch held the lock). A guess is only a guess:
 * the writer uses a signature only when the transaction it decides under the lock is field for field
 * the one signed (`reuseOrSign`), and signs again otherwise. Nothing signed here leaves the process
 * unless that batch commits it. (A worker thread was tried for the signing and lost on 2 cores: short
 * of CPU, its signatures came back after the batches that wanted them.)
 */
@Injectable()
export class SpeculativeSigner {
  /** The last wallets' next nonces (each holds its wallet's key): one evicted is not signed ahead until its next commit. */
  private readonly guesses = new LruMap<string, Guess>(GUESSES_KEPT);
  private readonly lastCommit = new Map<string, Guess>();
  /** Orders to sign at the next turn of the event loop, with their guess. */
  private readonly toSign = new Map<ResolvedOrder, Guess>();
  private readonly ahead = new WeakMap<ResolvedOrder, SignedAhead>();

  constructor(private readonly chain: ChainGateway) {}

  /** An order joins its signing wallet's queue (nothing is guessed before the wallet's first commit). */
  queued(signerId: string, order: ResolvedOrder): void {
    const guess = this.guesses.get(signerId);
    if (guess) this.later(order, guess.key, guess.next++);
  }

  /** The signature made ahead for `order`, if any (once); an order taken before its turn is not signed ahead. */
  take(order: ResolvedOrder): SignedAhead | undefined {
    this.toSign.delete(order);
    const signed = this.ahead.get(order);
    this.ahead.delete(order);
    return signed;
  }

  /** A batch of the wallet committed (or declined all): `next` is its next nonce, read under the lock. */
  committed(signerId: string, key: DigestSigner, next: bigint): void {
    this.lastCommit.set(signerId, { key, next });
  }

  /**
   * After each batch: the orders still queued take the nonces from the committed `next` on, in order;
   * those signed for another nonce or fee — a decline shifted them, another process took nonces, the
   * fees were refreshed — are signed again, off the next batch's lock. After a batch that did not
   * commit the nonces are unknown: no guessing until one does.
   */
  resync(signerId: string, queued: readonly ResolvedOrder[]): void {
    const commit = this.lastCommit.get(signerId);
    this.lastCommit.delete(signerId);
    if (!commit) return void this.guesses.delete(signerId);
    const fees = this.chain.currentFees();
    queued.forEach((order, i) => {
      const nonce = commit.next + BigInt(i);
      const signed = this.ahead.get(order);
      if (this.toSign.has(order) || !signed || !samePayment(signed.tx, paymentTx(order, this.chain.chainId, nonce, fees))) this.later(order, commit.key, nonce);
    });
    this.guesses.set(signerId, { key: commit.key, next: commit.next + BigInt(queued.length) });
  }

  /**
   * Signed after pending I/O callbacks (setImmediate), not on arrival: orders arrive in bursts (a
   * broadcast batch answers many at once), and signing each on the spot held up the next batch's
   * lock query behind the whole burst (~12 ms every third batch). A burst is signed SIGN_SLICE at a
   * time, I/O callbacks between the slices: 100 signatures in one go kept a batch's database answer
   * waiting ~10 ms (event-loop delay p99 16–37 ms in the settlement bench).
   */
  private later(order: ResolvedOrder, key: DigestSigner, nonce: bigint): void {
    if (!this.toSign.size) setImmediate(() => this.signQueued());
    this.ahead.delete(order);
    this.toSign.set(order, { key, next: nonce });
  }

  private signQueued(): void {
    const fees = this.chain.currentFees();
    let n = 0;
    for (const [order, guess] of this.toSign) {
      if (n++ === SIGN_SLICE) return void setImmediate(() => this.signQueued());
      this.toSign.delete(order);
      this.sign(order, guess, fees);
    }
  }

  private sign(order: ResolvedOrder, { key, next }: Guess, fees: FeeQuote): void {
    const tx = paymentTx(order, this.chain.chainId, next, fees);
    this.ahead.set(order, { tx, ...signPayment(key, tx) });
  }
}
