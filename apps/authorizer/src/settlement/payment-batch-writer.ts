import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APPROVALS_NOT_ALL_WRITTEN, PreparedStatement, sqlLiteral } from '@bridge/persistence';
import { uuidV7, type KeyStore } from '@bridge/runtime';
import { APPROVALS, approvalsSql, CLOSED_FOR_ANSWER_SQL } from '../pipeline/answer-sql';
import { AUTHORIZER_CONFIG, type AuthorizerConfig } from '../config/authorizer-config';
import { Metrics } from '../ops/metrics';
import { ApprovalsNotWritten } from './approvals-not-written';
import { ChainError } from './chain-error';
import { ChainFundsCache } from './chain-funds-cache';
import { ChainGateway, type FeeQuote } from './chain-gateway';
import { FundsSnapshot, type ChainFunds } from './funds-snapshot';
import { KEY_STORE } from './key-store.provider';
import { paymentTx, type ResolvedOrder } from './payment-order';
import type { BatchDecision } from './settlement-outcome';
import { reuseOrSign, type DigestSigner, type PaymentTx, type SignedTx } from './sign-payment';
import { SpeculativeSigner } from './speculative-signer';
import { SignerLock, type SignerRow } from './signer-lock';
import { SubmittedMarker } from './submitted-marker';
import { WalletDirectory } from './wallet-directory';

interface Signed extends SignedTx {
  signerId: string;
  order: ResolvedOrder;
  nonce: bigint;
}

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
 * the signer's row lock. The chain is read before the locks (readings name their block), so they are
 * held for two DB round trips. An order that carries its authorization's answer (AnswerWithPayment) has
 * it written in the same commit, all or none: a row closed or reversed meanwhile rolls the batch back,
 * and it is written again without that order (AUTHORIZATION_CLOSED). Orders come signed ahead at the nonce they were expected to get
 * (SpeculativeSigner); one whose decided transaction differs (another process took nonces, an earlier
 * order was declined) is signed again here. Signatures never used are dropped — nothing leaves the
 * process before the commit. A signer whose part cannot be done (no key, chain unreadable, spender
 * short of gas) fails its own orders only.
 */
@Injectable()
export class PaymentBatchWriter {
  private readonly logger = new Logger(PaymentBatchWriter.name);
  private readonly lockTimer: (startedMs: number) => void;
  private readonly commitTimer: (startedMs: number) => void;

  constructor(
    private readonly db: DataSource,
    private readonly chain: ChainGateway,
    private readonly funds: ChainFundsCache,
    private readonly wallets: WalletDirectory,
    private readonly submitted: SubmittedMarker,
    private readonly ahead: SpeculativeSigner,
    @Inject(KEY_STORE) private readonly keys: KeyStore,
    @Inject(AUTHORIZER_CONFIG) private readonly config: AuthorizerConfig,
    metrics: Metrics,
  ) {
    this.lockTimer = metrics.batchTripTimer('lock');
    this.commitTimer = metrics.batchTripTimer('commit');
  }

  async write(items: readonly SignerOrder[]): Promise<BatchOutcome[]> {
    const outcomes = new Map<ResolvedOrder, BatchOutcome>();
    const fail = (orders: readonly ResolvedOrder[], error: unknown) => orders.forEach((o) => outcomes.set(o, { kind: 'FAILED', error: error as Error }));
    const parts = await Promise.all(
      [...bySigner(items)].map(([signerId, orders]) => this.prepare(signerId, orders).catch((e) => (fail(orders, e), undefined))),
    );
    let ready = parts.filter((p): p is Prepared => p !== undefined);
    while (ready.length) {
      try {
        await this.underLock(ready, outcomes, fail);
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

  private async underLock(
    ready: readonly Prepared[],
    outcomes: Map<ResolvedOrder, BatchOutcome>,
    fail: (o: readonly ResolvedOrder[], e: unknown) => void,
  ): Promise<void> {
    const fees = this.chain.currentFees();
    const fundingIds = [...new Set(ready.flatMap((p) => p.orders.map((o) => o.funding.id)))];
    const minedAfter = ready.map((p) => FundsSnapshot.oldestBlock(p.onChain)).reduce((a, b) => (b < a ? b : a));
    const started = performance.now();
    const lock = await SignerLock.acquire(this.db, {
      signerIds: ready.map((p) => p.signerId),
      fundingIds,
      minedAfter,
      submitted: this.submitted.take(),
      writes: [INSERT_PAYMENTS, APPROVALS],
      prepare: this.config.pgPreparedStatements,
    });
    this.lockTimer(started);
    try {
      const signed: Signed[] = [];
      const next = new Map<Prepared, bigint>();
      for (const part of ready) {
        try {
          const row = lock.signers.get(part.signerId);
          if (!row) throw new ChainError('REJECTED', `wallet ${part.signerId} not found`);
          const { decisions, toSign } = this.decide(row, part.orders, FundsSnapshot.of(part.onChain, lock.openFor(part.signerId, part.onChain.funds)), fees);
          const mine = toSign.map((s) => ({
            signerId: part.signerId,
            order: s.order,
            nonce: s.tx.nonce,
            ...reuseOrSign(part.key, s.tx, this.ahead.take(s.order)),
          }));
          let i = 0;
          part.orders.forEach((o, k) =>
            outcomes.set(o, decisions[k] === SIGN ? { kind: 'SIGNED', rawTx: mine[i].rawTx, hash: mine[i++].hash } : (decisions[k] as BatchDecision)),
          );
          signed.push(...mine);
          next.set(part, BigInt(row.next_nonce) + BigInt(toSign.length));
        } catch (e) {
          fail(part.orders, e);
        }
      }
      if (signed.length) await this.commit(lock, signed, fees);
      for (const [part, nonce] of next) this.ahead.committed(part.signerId, part.key, nonce);
    } finally {
      await lock.release();
    }
  }

  /**
   * The payments and, in the same statement trip and transaction, the approvals of those that carry one:
   * a payment never commits without its approval, nor an approval without its payment.
   */
  private async commit(lock: SignerLock, signed: readonly Signed[], fees: FeeQuote): Promise<void> {
    const answers = signed.flatMap((s) => (s.order.answer ? [{ to: s.order.answer, row: s.order.answer.row(s.hash) }] : []));
    const rows = answers.map((a) => a.row);
    const approvals = rows.length ? `;\n${approvalsSql(rows, this.config.pgPreparedStatements)}` : '';
    const writes = this.insertSql(signed, fees) + approvals;
    const started = performance.now();
    await lock.commit(writes).catch((e: Error & { code?: string }) => {
      throw e.code === APPROVALS_NOT_ALL_WRITTEN ? new ApprovalsNotWritten(e.message, { cause: e }) : e;
    });
    this.commitTimer(started);
    for (const a of answers) a.to.done(true);
  }

  /** Per order in arrival order: funds, deadline, then the next nonce. */
  private decide(signer: SignerRow, orders: readonly ResolvedOrder[], funds: FundsSnapshot, fees: FeeQuote): { decisions: Decided[]; toSign: ToSign[] } {
    let nonce = BigInt(signer.next_nonce);
    const toSign: ToSign[] = [];
    const decisions: Decided[] = orders.map((order) => {
      const gasCost = order.gasLimit * fees.maxFeePerGas;
      if (!funds.reserve(order, gasCost)) {
        if (order.kind === 'ERC20_TRANSFER_FROM' && funds.gasShort(gasCost)) throw new ChainError('UNAVAILABLE', `spender ${signer.address} cannot pay gas`);
        return { kind: 'INSUFFICIENT_FUNDS' };
      }
      if (!order.stillInTime()) return { kind: 'DEADLINE_PASSED' };
      toSign.push({ order, tx: paymentTx(order, this.chain.chainId, nonce++, fees) });
      return SIGN;
    });
    return { decisions, toSign };
  }

  /** The payments, their first attempts and the nonce advances in one statement (rows as one JSON literal). */
  private insertSql(signed: readonly Signed[], fees: FeeQuote): string {
    const rows = signed.map((s) => ({
      id: uuidV7(), // time-ordered: see uuid-v7.ts
      authorization_id: s.order.authorizationId,
      wallet_id: s.signerId,
      funding_wallet_id: s.order.funding.id,
      kind: s.order.kind,
      nonce: s.nonce.toString(),
      asset_symbol: s.order.assetSymbol,
      destination: s.order.destination,
      amount: s.order.amount.toString(),
      tx_hash: s.hash,
      raw_tx: s.rawTx,
      gas_limit: s.order.gasLimit.toString(),
    }));
    return INSERT_PAYMENTS.sql(
      [
        sqlLiteral(JSON.stringify(rows)),
        String(rows.length),
        sqlLiteral(this.chain.caip2),
        sqlLiteral(fees.maxFeePerGas),
        sqlLiteral(fees.maxPriorityFeePerGas),
      ],
      this.config.pgPreparedStatements,
    );
  }
}

/**
 * The payments ($1: rows as JSON, $2: their count — json_to_recordset is assumed to return 100 rows,
 * the LIMIT tells the planner the truth), their first attempts and the signers' nonce advances, on
 * chain $3 at fees $4 / $5.
 */
export const INSERT_PAYMENTS = new PreparedStatement(
  'bridge_insert_payments',
  ['json', 'int', 'text', 'numeric', 'numeric'],
  `WITH r AS (
     SELECT * FROM json_to_recordset($1) AS r(id uuid, authorization_id uuid, wallet_id uuid, funding_wallet_id uuid,
       kind text, nonce bigint, asset_symbol text, destination text, amount numeric, tx_hash text, raw_tx text, gas_limit bigint)
     LIMIT $2),
   p AS (
     INSERT INTO payments (id, authorization_id, wallet_id, funding_wallet_id, kind, chain, nonce, asset_symbol, destination, amount, tx_hash,
       max_fee_per_gas, max_priority_fee_per_gas, gas_limit, status, created_at)
     SELECT id, authorization_id, wallet_id, funding_wallet_id, kind, $3, nonce, asset_symbol, destination, amount, tx_hash, $4, $5, gas_limit, 'SIGNED', now() FROM r
     RETURNING id, max_fee_per_gas, max_priority_fee_per_gas),
   w AS (UPDATE wallets SET next_nonce = next_nonce + c.n FROM (SELECT wallet_id, count(*) AS n FROM r GROUP BY wallet_id) c WHERE wallets.id = c.wallet_id)
   INSERT INTO payment_transactions (tx_hash, payment_id, raw_tx, max_fee_per_gas, max_priority_fee_per_gas)
   SELECT r.tx_hash, p.id, r.raw_tx, p.max_fee_per_gas, p.max_priority_fee_per_gas FROM p JOIN r ON r.id = p.id`,
);

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
