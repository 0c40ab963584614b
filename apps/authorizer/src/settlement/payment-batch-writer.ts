import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { KeyStore } from '@bridge/runtime';
import { ChainError } from './chain-error';
import { ChainFundsCache } from './chain-funds-cache';
import { ChainGateway, type FeeQuote } from './chain-gateway';
import { FundsSnapshot } from './funds-snapshot';
import { KEY_STORE } from './key-store.provider';
import { paymentTx, type ResolvedOrder } from './payment-order';
import type { BatchDecision } from './settlement-outcome';
import { reuseOrSign, type PaymentTx, type SignedTx } from './sign-payment';
import { SpeculativeSigner } from './speculative-signer';
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
 * before the lock (readings name their block), so the lock is held for two DB round trips. Orders
 * come signed ahead at the nonce they were expected to get (SpeculativeSigner); one whose decided
 * transaction differs (another process took nonces, an earlier order was declined) is signed again
 * here. Signatures never used are dropped — nothing leaves the process before the commit.
 */
@Injectable()
export class PaymentBatchWriter {
  constructor(
    private readonly db: DataSource,
    private readonly chain: ChainGateway,
    private readonly funds: ChainFundsCache,
    private readonly wallets: WalletDirectory,
    private readonly submitted: SubmittedMarker,
    private readonly ahead: SpeculativeSigner,
    @Inject(KEY_STORE) private readonly keys: KeyStore,
  ) {}

  async write(signerId: string, orders: readonly ResolvedOrder[]): Promise<BatchDecision[]> {
    const signerWallet = await this.wallets.find(signerId);
    if (!signerWallet?.keyPath) throw new ChainError('REJECTED', `wallet ${signerId} has no key in this bridge`);
    const onChain = await FundsSnapshot.readChain(this.funds, signerWallet.address, orders);
    const fundingIds = [...new Set(orders.map((o) => o.funding.id))];
    const fees = this.chain.currentFees();
    const key = this.keys.digestSigner(signerWallet.keyPath);
    const lock = await SignerLock.acquire(this.db, signerId, fundingIds, FundsSnapshot.oldestBlock(onChain), this.submitted.take());
    try {
      if (!lock.signer) throw new ChainError('REJECTED', `wallet ${signerId} not found`);
      const funds = FundsSnapshot.of(onChain, lock.open);
      const { decisions, toSign } = this.decide(lock.signer, orders, funds, fees);
      const next = BigInt(lock.signer.next_nonce) + BigInt(toSign.length);
      if (!toSign.length) {
        this.ahead.committed(signerId, key, next);
        return decisions as BatchDecision[]; // no SIGN among them
      }
      const signed = toSign.map((s) => ({ order: s.order, nonce: s.tx.nonce, ...reuseOrSign(key, s.tx, this.ahead.take(s.order)) }));
      await lock.commit(this.insertSql(signerId, signed, fees));
      this.ahead.committed(signerId, key, next);
      let i = 0;
      return decisions.map((d) => (d === SIGN ? { kind: 'SIGNED', rawTx: signed[i].rawTx, hash: signed[i++].hash } : d));
    } finally {
      await lock.release();
    }
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
