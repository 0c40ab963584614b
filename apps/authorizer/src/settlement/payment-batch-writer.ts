import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { KeyStore } from '@bridge/runtime';
import { ChainError } from './chain-error';
import { ChainFundsCache } from './chain-funds-cache';
import { ChainGateway, type FeeQuote } from './chain-gateway';
import { FundsSnapshot } from './funds-snapshot';
import { KEY_STORE } from './key-store.provider';
import type { ResolvedOrder } from './payment-order';
import type { BatchDecision } from './settlement-outcome';
import { reuseOrSign, signPayment, type DigestSigner, type PaymentTx, type SignedAhead, type SignedTx } from './sign-payment';
import { SignerLock, sqlLiteral, type SignerRow } from './signer-lock';
import { SubmittedMarker } from './submitted-marker';
import { WalletDirectory } from './wallet-directory';

interface Signed extends SignedTx {
  order: ResolvedOrder;
  nonce: bigint;
}

interface ToSign {
  order: ResolvedOrder;
  tx: PaymentTx;
}

/** Placeholder for an order that gets a nonce, replaced by its signed transaction. */
const SIGN = Symbol('sign');
type Decided = Exclude<BatchDecision, { kind: 'SIGNED' }> | typeof SIGN;

/**
 * One DB transaction for a batch of orders of one signing wallet (group commit): lock the signer's
 * row, compute funds, then per order check the deadline, reserve funds, take the next nonce and
 * sign; insert all payments with their raw transactions and advance the nonce. Nonces stay dense and
 * ordered across processes because every allocation happens under that row lock. The chain is read
 * before the lock (readings name their block), so the lock is held for two DB round trips + signing.
 * Signing overlaps the first trip: while PostgreSQL takes the lock, every order is signed with the
 * nonce this process expects (the one after its own last batch). An order whose decided transaction
 * differs (another process took nonces, an earlier order was declined) is signed again; signatures
 * never used are dropped — nothing leaves the process before the commit.
 */
@Injectable()
export class PaymentBatchWriter {
  constructor(
    private readonly db: DataSource,
    private readonly chain: ChainGateway,
    private readonly funds: ChainFundsCache,
    private readonly wallets: WalletDirectory,
    private readonly submitted: SubmittedMarker,
    @Inject(KEY_STORE) private readonly keys: KeyStore,
  ) {}

  /** Per signing wallet, the nonce after this process's last committed batch (the speculation's guess). */
  private readonly expectedNonce = new Map<string, bigint>();

  async write(signerId: string, orders: readonly ResolvedOrder[]): Promise<BatchDecision[]> {
    const signerWallet = await this.wallets.find(signerId);
    if (!signerWallet?.keyPath) throw new ChainError('REJECTED', `wallet ${signerId} has no key in this bridge`);
    const onChain = await FundsSnapshot.readChain(this.funds, signerWallet.address, orders);
    const fundingIds = [...new Set(orders.map((o) => o.funding.id))];
    const fees = this.chain.currentFees();
    const key = this.keys.digestSigner(signerWallet.keyPath);
    let speculated = new Map<ResolvedOrder, SignedAhead>();
    const speculate = () => (speculated = this.speculate(key, signerId, orders, fees));
    const lock = await SignerLock.acquire(this.db, signerId, fundingIds, FundsSnapshot.oldestBlock(onChain), this.submitted.take(), speculate);
    this.expectedNonce.delete(signerId); // until this batch commits
    try {
      if (!lock.signer) throw new ChainError('REJECTED', `wallet ${signerId} not found`);
      const funds = FundsSnapshot.of(onChain, lock.open);
      const { decisions, toSign } = this.decide(lock.signer, orders, funds, fees);
      if (!toSign.length) return decisions as BatchDecision[]; // no SIGN among them
      const signed = toSign.map((s) => ({ order: s.order, nonce: s.tx.nonce, ...reuseOrSign(key, s.tx, speculated.get(s.order)) }));
      await lock.commit(this.insertSql(signerId, signed, fees));
      this.expectedNonce.set(signerId, signed[signed.length - 1].nonce + 1n);
      let next = 0;
      return decisions.map((d) => (d === SIGN ? { kind: 'SIGNED', rawTx: signed[next].rawTx, hash: signed[next++].hash } : d));
    } finally {
      await lock.release();
    }
  }

  /** Every order signed at the nonces this process expects, as if all were approved (none when it cannot guess). */
  private speculate(key: DigestSigner, signerId: string, orders: readonly ResolvedOrder[], fees: FeeQuote): Map<ResolvedOrder, SignedAhead> {
    const first = this.expectedNonce.get(signerId);
    const out = new Map<ResolvedOrder, SignedAhead>();
    if (first === undefined) return out;
    orders.forEach((order, i) => {
      const tx = this.txFor(order, first + BigInt(i), fees);
      out.set(order, { tx, ...signPayment(key, tx) });
    });
    return out;
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
      toSign.push({ order, tx: this.txFor(order, nonce++, fees) });
      return SIGN;
    });
    return { decisions, toSign };
  }

  private txFor(order: ResolvedOrder, nonce: bigint, fees: FeeQuote): PaymentTx {
    return {
      kind: order.kind,
      chainId: this.chain.chainId,
      token: order.token,
      from: order.funding.address,
      to: order.destination,
      amount: order.amount,
      nonce,
      gasLimit: order.gasLimit,
      fees,
    };
  }

  /** The payments, their first attempts and the nonce advance in one statement (rows as one JSON literal). */
  private insertSql(signerId: string, signed: readonly Signed[], fees: FeeQuote): string {
    const rows = signed.map((s) => ({
      id: randomUUID(),
      authorization_id: s.order.authorizationId,
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
    const signer = sqlLiteral(signerId);
    return `WITH r AS (
        SELECT * FROM json_to_recordset(${sqlLiteral(JSON.stringify(rows))}::json) AS r(id uuid, authorization_id uuid, funding_wallet_id uuid, kind text,
          nonce bigint, asset_symbol text, destination text, amount numeric, tx_hash text, raw_tx text, gas_limit bigint)),
      p AS (
        INSERT INTO payments (id, authorization_id, wallet_id, funding_wallet_id, kind, chain, nonce, asset_symbol, destination, amount, tx_hash,
          max_fee_per_gas, max_priority_fee_per_gas, gas_limit, status, created_at)
        SELECT id, authorization_id, ${signer}, funding_wallet_id, kind, ${sqlLiteral(this.chain.caip2)}, nonce, asset_symbol, destination, amount, tx_hash,
          ${sqlLiteral(fees.maxFeePerGas)}::numeric, ${sqlLiteral(fees.maxPriorityFeePerGas)}::numeric, gas_limit, 'SIGNED', now() FROM r
        RETURNING id, max_fee_per_gas, max_priority_fee_per_gas),
      w AS (UPDATE wallets SET next_nonce = next_nonce + ${signed.length} WHERE id = ${signer})
      INSERT INTO payment_transactions (tx_hash, payment_id, raw_tx, max_fee_per_gas, max_priority_fee_per_gas)
      SELECT r.tx_hash, p.id, r.raw_tx, p.max_fee_per_gas, p.max_priority_fee_per_gas FROM p JOIN r ON r.id = p.id`;
  }
}
