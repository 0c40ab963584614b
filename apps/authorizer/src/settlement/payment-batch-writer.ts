import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APPROVALS_NOT_ALL_WRITTEN } from '@bridge/persistence';
import type { KeyStore } from '@bridge/runtime';
import { approvalsSql, CLOSED_FOR_ANSWER_SQL } from '../pipeline/answer-sql';
import { AUTHORIZER_CONFIG, type AuthorizerConfig } from '../config/authorizer-config';
import { Metrics } from '../ops/metrics';
import { ApprovalsNotWritten } from './approvals-not-written';
import { ChainError } from './chain-error';
import { ChainFundsCache } from './chain-funds-cache';
import { ChainGateway, type FeeQuote } from './chain-gateway';
import { FundsSnapshot, needOf, type ChainFunds } from './funds-snapshot';
import { GuessNoLongerHolds } from './guess-no-longer-holds';
import { KEY_STORE } from './key-store.provider';
import { NonceGuesses } from './nonce-guesses';
import { commitInOneTrip } from './one-trip-commit';
import { INSERT_PAYMENTS, paymentInserts, type SignedPayment } from './payment-inserts';
import { paymentTx, type ResolvedOrder } from './payment-order';
import type { BatchDecision } from './settlement-outcome';
import { reuseOrSign, type DigestSigner, type PaymentTx, type SignedAhead } from './sign-payment';
import { SpeculativeSigner } from './speculative-signer';
import { SignerLock } from './signer-lock';
import { SubmittedMarker } from './submitted-marker';
import { WalletDirectory } from './wallet-directory';

interface ToSign {
  order: ResolvedOrder;
  tx: PaymentTx;
}

/** An order and the wallet that signs it (itself, or a delegated wallet's spender). */
export interface SignerOrder {
  readonly signerId: string;
  readonly order: ResolvedOrder;
}

/** What became of one order of a batch: a decision, or a failure of its signer's part only. */
export type BatchOutcome = BatchDecision | { readonly kind: 'FAILED'; readonly error: Error };

/** One signer's part of a batch, read before the lock. */
interface Prepared {
  readonly signerId: string;
  readonly orders: ResolvedOrder[];
  readonly keyPath: string;
  readonly key: DigestSigner;
  readonly onChain: ChainFunds;
}

/** One signer's part decided from a first nonce: each order's outcome, the payments signed, the next nonce. */
interface Plan {
  readonly part: Prepared;
  readonly outcomes: BatchDecision[];
  readonly signed: SignedPayment[];
  readonly next: bigint;
}

/** Funds as read under the lock (two trips); none: the one-trip check decides for the whole batch. */
interface LockedFunds {
  readonly snapshot: FundsSnapshot;
  readonly signerAddress: string;
}

/** Placeholder for an order that gets a nonce, replaced by its signed transaction. */
const SIGN = Symbol('sign');
type Decided = Exclude<BatchDecision, { kind: 'SIGNED' }> | typeof SIGN;

/**
 * One DB transaction for a batch of orders of any number of signing wallets (group commit): lock the
 * signers' rows (in id order), compute each one's funds, then per order check the deadline, reserve
 * funds, take the signer's next nonce and sign; insert all payments with their raw transactions and
 * advance the nonces; commit. With traffic from many cards nearly every wallet has one order waiting:
 * one transaction for all of them instead of one each (64 cards: ~590 approved/s when each wallet had
 * its own). Nonces stay dense and ordered across processes because every allocation happens under
 * the signer's row lock. The chain is read before the locks (readings name their block).
 *
 * Two ways to write it. In one trip (commitInOneTrip) when every signer's next nonce can be guessed
 * (NonceGuesses): signed at the guess, the deadline checked, and PostgreSQL checks under the lock that
 * the nonces are as guessed and that the whole batch fits the funds; if either fails nothing is
 * written and the batch goes in two trips (SignerLock): the locks and the open sums, then the
 * decision order by order, the writes and COMMIT. So funds are decided order by order in one place
 * (FundsSnapshot) and the one trip never declines. An order that carries its authorization's answer
 * (AnswerWithPayment) has it written in the same commit, all or none: a row closed or reversed
 * meanwhile rolls the batch back, and it is written again without that order (AUTHORIZATION_CLOSED).
 * Orders come signed ahead at the nonce they were expected to get (SpeculativeSigner); one whose
 * decided transaction differs is signed again here. Signatures never used are dropped — nothing leaves
 * the process before the commit. A signer whose part cannot be done (no key, chain unreadable, spender
 * short of gas) fails its own orders only.
 */
@Injectable()
export class PaymentBatchWriter {
  private readonly logger = new Logger(PaymentBatchWriter.name);
  private readonly guesses = new NonceGuesses();

  constructor(
    private readonly db: DataSource,
    private readonly chain: ChainGateway,
    private readonly funds: ChainFundsCache,
    private readonly wallets: WalletDirectory,
    private readonly submitted: SubmittedMarker,
    private readonly ahead: SpeculativeSigner,
    @Inject(KEY_STORE) private readonly keys: KeyStore,
    @Inject(AUTHORIZER_CONFIG) private readonly config: AuthorizerConfig,
    @Optional() private readonly metrics?: Metrics,
  ) {}

  async write(items: readonly SignerOrder[]): Promise<BatchOutcome[]> {
    const outcomes = new Map<ResolvedOrder, BatchOutcome>();
    const fail = (orders: readonly ResolvedOrder[], error: unknown) => orders.forEach((o) => outcomes.set(o, { kind: 'FAILED', error: error as Error }));
    const parts = await Promise.all(
      [...bySigner(items)].map(([signerId, orders]) => this.prepare(signerId, orders).catch((e) => (fail(orders, e), undefined))),
    );
    let ready = parts.filter((p): p is Prepared => p !== undefined);
    const signedBefore = new Map<ResolvedOrder, SignedAhead>();
    while (ready.length) {
      try {
        if (!(await this.inOneTrip(ready, outcomes, signedBefore))) await this.underLock(ready, outcomes, fail, signedBefore);
        break;
      } catch (e) {
        if (!(e instanceof ApprovalsNotWritten)) throw e;
        ready = await this.withoutClosed(ready, outcomes, e);
      }
    }
    return items.map((i) => outcomes.get(i.order)!);
  }

  /**
   * The batch rolled back: an approval found its row closed (the stale sweeper, a commit held past the
   * deadline plus its grace) or reversed (the network gave up first). Those orders are AUTHORIZATION_CLOSED,
   * nothing paid; the rest go again, signed anew at the nonces the rollback left free. Each pass drops at
   * least one order, so this ends. None closed → the approval was refused otherwise: the batch fails.
   */
  private async withoutClosed(ready: readonly Prepared[], outcomes: Map<ResolvedOrder, BatchOutcome>, error: ApprovalsNotWritten): Promise<Prepared[]> {
    const ids = ready.flatMap((p) => p.orders.filter((o) => o.answer).map((o) => o.authorizationId));
    const closed = new Set(((await this.db.query(CLOSED_FOR_ANSWER_SQL, [ids])) as { id: string }[]).map((r) => r.id));
    if (!closed.size) throw error;
    this.logger.warn(`batch rolled back (${error.message}); not paying ${[...closed].join(', ')}, writing the rest again`);
    for (const o of ready.flatMap((p) => p.orders)) {
      if (!closed.has(o.authorizationId)) continue;
      outcomes.set(o, { kind: 'AUTHORIZATION_CLOSED' });
      o.answer?.done(false);
    }
    return ready.map((p) => ({ ...p, orders: p.orders.filter((o) => !closed.has(o.authorizationId)) })).filter((p) => p.orders.length);
  }

  private async prepare(signerId: string, orders: ResolvedOrder[]): Promise<Prepared> {
    const signerWallet = await this.wallets.find(signerId);
    if (!signerWallet?.keyPath) throw new ChainError('REJECTED', `wallet ${signerId} has no key in this bridge`);
    const onChain = await FundsSnapshot.readChain(this.funds, signerWallet.address, orders);
    return { signerId, orders, keyPath: signerWallet.keyPath, key: this.keys.digestSigner(signerWallet.keyPath), onChain };
  }

  /**
   * The batch in one trip, signed at the guessed nonces with no funds decided here; false — nothing
   * written — when a nonce cannot be guessed or PostgreSQL finds the guess wrong (then: two trips).
   * The signatures made are kept in `signedBefore` for the two trips to reuse where they still match.
   */
  private async inOneTrip(
    ready: readonly Prepared[],
    outcomes: Map<ResolvedOrder, BatchOutcome>,
    signedBefore: Map<ResolvedOrder, SignedAhead>,
  ): Promise<boolean> {
    const starts = ready.map((p) => this.guesses.guess(p.signerId));
    if (starts.some((s) => s === undefined)) return false;
    const fees = this.chain.currentFees();
    const plans = ready.map((part, i) => this.plan(part, starts[i]!, undefined, fees, signedBefore));
    const paying = plans.filter((p) => p.signed.length);
    const signed = paying.flatMap((p) => p.signed);
    if (signed.length) {
      try {
        await commitInOneTrip(this.db, {
          nonces: new Map(paying.map((p) => [p.part.signerId, p.next - BigInt(p.signed.length)])),
          fundingIds: [...new Set(signed.map((s) => s.order.funding.id))],
          minedAfter: oldestReading(paying.map((p) => p.part)),
          funds: paying.flatMap((p) =>
            FundsSnapshot.checks(
              p.part.signerId,
              p.part.onChain,
              p.signed.map((s) => needOf(s.order, gasCost(s.order, fees))),
            ),
          ),
          submitted: this.submitted.take(),
          writes: this.writes(signed, fees),
          prepared: [INSERT_PAYMENTS],
          prepare: this.config.pgPreparedStatements,
        });
      } catch (e) {
        if (!(e instanceof GuessNoLongerHolds)) throw this.unknownCommit(ready, e);
        this.metrics?.paymentBatchGuessesRefused.inc({ check: e.check });
        if (e.check === 'nonces') paying.forEach((p) => this.guesses.forget(p.part.signerId, true));
        return false;
      }
      signed.forEach((s) => s.order.answer?.done(true));
    }
    this.metrics?.paymentBatches.inc({ trips: 'one' });
    for (const p of plans) this.done(p, outcomes);
    return true;
  }

  private async underLock(
    ready: readonly Prepared[],
    outcomes: Map<ResolvedOrder, BatchOutcome>,
    fail: (o: readonly ResolvedOrder[], e: unknown) => void,
    signedBefore: Map<ResolvedOrder, SignedAhead>,
  ): Promise<void> {
    const fees = this.chain.currentFees();
    const lock = await SignerLock.acquire(this.db, {
      signerIds: ready.map((p) => p.signerId),
      fundingIds: [...new Set(ready.flatMap((p) => p.orders.map((o) => o.funding.id)))],
      minedAfter: oldestReading(ready),
      submitted: this.submitted.take(),
      writes: [INSERT_PAYMENTS],
      prepare: this.config.pgPreparedStatements,
    });
    try {
      const plans: Plan[] = [];
      for (const part of ready) {
        try {
          const row = lock.signers.get(part.signerId);
          if (!row) throw new ChainError('REJECTED', `wallet ${part.signerId} not found`);
          this.guesses.seen(part.signerId, BigInt(row.next_nonce));
          const snapshot = FundsSnapshot.of(part.onChain, lock.openFor(part.signerId, part.onChain.funds));
          plans.push(this.plan(part, BigInt(row.next_nonce), { snapshot, signerAddress: row.address }, fees, signedBefore));
        } catch (e) {
          fail(part.orders, e);
        }
      }
      const signed = plans.flatMap((p) => p.signed);
      if (signed.length) await this.commit(ready, lock, signed, fees);
      this.metrics?.paymentBatches.inc({ trips: 'two' });
      for (const p of plans) this.done(p, outcomes);
    } finally {
      await lock.release();
    }
  }

  /** The approvals of the payments that carry one, with the inserts: a payment never commits without its approval, nor the reverse. */
  private writes(signed: readonly SignedPayment[], fees: FeeQuote): string {
    const answers = signed.flatMap((s) => (s.order.answer ? [s.order.answer.row(s.hash)] : []));
    const inserts = paymentInserts(signed, this.chain.caip2, fees, this.config.pgPreparedStatements);
    return inserts + (answers.length ? `;\n${approvalsSql(answers)}` : '');
  }

  private async commit(ready: readonly Prepared[], lock: SignerLock, signed: readonly SignedPayment[], fees: FeeQuote): Promise<void> {
    try {
      await lock.commit(this.writes(signed, fees));
    } catch (e) {
      throw this.unknownCommit(ready, e);
    }
    signed.forEach((s) => s.order.answer?.done(true));
  }

  /** A commit that failed: approvals refused (typed), or anything else — what was written is then unknown. */
  private unknownCommit(ready: readonly Prepared[], e: unknown): unknown {
    if ((e as { code?: string }).code === APPROVALS_NOT_ALL_WRITTEN) return new ApprovalsNotWritten((e as Error).message, { cause: e });
    ready.forEach((p) => this.guesses.forget(p.signerId, false));
    return e;
  }

  /** A part committed (or all its orders declined): its outcomes, and its next nonce for the guesses. */
  private done(p: Plan, outcomes: Map<ResolvedOrder, BatchOutcome>): void {
    p.part.orders.forEach((o, k) => outcomes.set(o, p.outcomes[k]));
    this.ahead.committed(p.part.signerId, p.part.key, p.next);
    this.guesses.committed(p.part.signerId, p.next);
  }

  /** A part decided from nonce `start` and signed (reusing a signature made ahead or in a pass before). */
  private plan(part: Prepared, start: bigint, funds: LockedFunds | undefined, fees: FeeQuote, signedBefore: Map<ResolvedOrder, SignedAhead>): Plan {
    const { decisions, toSign } = this.decide(start, part.orders, funds, fees);
    const signed = toSign.map(({ order, tx }) => {
      const s = { signerId: part.signerId, order, tx, ...reuseOrSign(part.key, tx, signedBefore.get(order) ?? this.ahead.take(order)) };
      signedBefore.set(order, s);
      return s;
    });
    let i = 0;
    const outcomes = decisions.map((d): BatchDecision => (d === SIGN ? { kind: 'SIGNED', rawTx: signed[i].rawTx, hash: signed[i++].hash } : d));
    return { part, outcomes, signed, next: start + BigInt(toSign.length) };
  }

  /** Per order in arrival order: funds (when read under the lock), deadline, then the next nonce. */
  private decide(start: bigint, orders: readonly ResolvedOrder[], funds: LockedFunds | undefined, fees: FeeQuote): { decisions: Decided[]; toSign: ToSign[] } {
    let nonce = start;
    const toSign: ToSign[] = [];
    const decisions: Decided[] = orders.map((order) => {
      const gas = gasCost(order, fees);
      if (funds && !funds.snapshot.reserve(order, gas)) {
        if (order.kind === 'ERC20_TRANSFER_FROM' && funds.snapshot.gasShort(gas))
          throw new ChainError('UNAVAILABLE', `spender ${funds.signerAddress} cannot pay gas`);
        return { kind: 'INSUFFICIENT_FUNDS' };
      }
      if (!order.stillInTime()) return { kind: 'DEADLINE_PASSED' };
      toSign.push({ order, tx: paymentTx(order, this.chain.chainId, nonce++, fees) });
      return SIGN;
    });
    return { decisions, toSign };
  }
}

/** The most an order's gas can cost at `fees` (EIP-1559: gas limit × max fee per gas). */
const gasCost = (o: ResolvedOrder, fees: FeeQuote): bigint => o.gasLimit * fees.maxFeePerGas;

/** The oldest block among the batch's chain readings: payments mined after it count as still open. */
const oldestReading = (ready: readonly Prepared[]): bigint => ready.map((p) => FundsSnapshot.oldestBlock(p.onChain)).reduce((a, b) => (b < a ? b : a));

/** Orders grouped by signer, each group in arrival order (nonces follow it). */
export function bySigner(items: readonly SignerOrder[]): Map<string, ResolvedOrder[]> {
  const groups = new Map<string, ResolvedOrder[]>();
  for (const { signerId, order } of items) {
    const group = groups.get(signerId);
    if (group) group.push(order);
    else groups.set(signerId, [order]);
  }
  return groups;
}
