import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { KeyStore } from '@bridge/runtime';
import { ChainError } from './chain-error';
import { ChainGateway } from './chain-gateway';
import { FundsSnapshot } from './funds-snapshot';
import { KEY_STORE } from './key-store.provider';
import type { ResolvedOrder } from './payment-order';
import type { BatchDecision } from './settlement-outcome';
import { signPayment } from './sign-payment';

interface SignerRow {
  id: string;
  address: string;
  key_path: string | null;
  next_nonce: string;
}

interface Signed {
  order: ResolvedOrder;
  nonce: bigint;
  rawTx: string;
  hash: string;
}

/**
 * One DB transaction for a batch of orders of one signing wallet (group commit): lock the signer's
 * row, read funds once, then per order check the deadline, reserve funds, take the next nonce and
 * sign; insert all payments with their raw transactions and advance the nonce. Nonces stay dense and
 * ordered across processes because every allocation happens under that row lock.
 */
@Injectable()
export class PaymentBatchWriter {
  constructor(
    private readonly db: DataSource,
    private readonly chain: ChainGateway,
    @Inject(KEY_STORE) private readonly keys: KeyStore,
  ) {}

  write(signerId: string, orders: readonly ResolvedOrder[]): Promise<BatchDecision[]> {
    return this.db.transaction((em) => this.writeLocked(em, signerId, orders));
  }

  private async writeLocked(em: EntityManager, signerId: string, orders: readonly ResolvedOrder[]): Promise<BatchDecision[]> {
    const [signer] = (await em.query(`SELECT id, address, key_path, next_nonce FROM wallets WHERE id = $1 FOR UPDATE`, [signerId])) as SignerRow[];
    if (!signer?.key_path) throw new ChainError('REJECTED', `wallet ${signerId} has no key in this bridge`);
    const funds = await FundsSnapshot.read(em, this.chain, signer, orders);
    const fees = this.chain.currentFees();
    const key = this.keys.signer(signer.key_path);
    let nonce = BigInt(signer.next_nonce);
    const signed: Signed[] = [];
    const decisions: BatchDecision[] = orders.map((order) => {
      const gasCost = order.gasLimit * fees.maxFeePerGas;
      if (!funds.reserve(order, gasCost)) {
        if (order.kind === 'ERC20_TRANSFER_FROM' && funds.gasShort(gasCost)) throw new ChainError('UNAVAILABLE', `spender ${signer.address} cannot pay gas`);
        return { kind: 'INSUFFICIENT_FUNDS' };
      }
      if (!order.stillInTime()) return { kind: 'DEADLINE_PASSED' };
      const tx = signPayment(key, {
        kind: order.kind,
        chainId: this.chain.chainId,
        token: order.token,
        from: order.funding.address,
        to: order.destination,
        amount: order.amount,
        nonce,
        gasLimit: order.gasLimit,
        fees,
      });
      signed.push({ order, nonce: nonce++, ...tx });
      return { kind: 'SIGNED', ...tx };
    });
    if (signed.length) await this.insert(em, signerId, signed, fees);
    return decisions;
  }

  /** One round trip: the payments, their first attempts and the nonce advance in one statement. */
  private async insert(em: EntityManager, signerId: string, signed: Signed[], fees: { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }): Promise<void> {
    const params: unknown[] = [signerId, signed.length];
    const rows: string[] = [];
    for (const s of signed) {
      const p = params.length;
      rows.push(`(${Array.from({ length: 15 }, (_, i) => `$${p + i + 1}`).join(',')},'SIGNED',now())`);
      params.push(
        randomUUID(),
        s.order.authorizationId,
        signerId,
        s.order.funding.id,
        s.order.kind,
        this.chain.caip2,
        s.nonce.toString(),
        s.order.assetSymbol,
        s.order.destination,
        s.order.amount.toString(),
        s.hash,
        s.rawTx,
        fees.maxFeePerGas.toString(),
        fees.maxPriorityFeePerGas.toString(),
        s.order.gasLimit.toString(),
      );
    }
    await em.query(
      `WITH p AS (
         INSERT INTO payments (id, authorization_id, wallet_id, funding_wallet_id, kind, chain, nonce, asset_symbol, destination, amount, tx_hash, raw_tx,
           max_fee_per_gas, max_priority_fee_per_gas, gas_limit, status, created_at) VALUES ${rows.join(',')}
         RETURNING id, tx_hash, raw_tx, max_fee_per_gas, max_priority_fee_per_gas),
       w AS (UPDATE wallets SET next_nonce = next_nonce + $2 WHERE id = $1)
       INSERT INTO payment_transactions (tx_hash, payment_id, raw_tx, max_fee_per_gas, max_priority_fee_per_gas)
       SELECT tx_hash, id, raw_tx, max_fee_per_gas, max_priority_fee_per_gas FROM p`,
      params,
    );
  }
}
