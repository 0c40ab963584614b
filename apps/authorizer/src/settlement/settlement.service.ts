import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { KeyStore } from '@bridge/runtime';
import { AUTHORIZER_CONFIG, type AuthorizerConfig } from '../config/authorizer-config';
import { ChainGateway } from './chain-gateway';
import { KEY_STORE } from './key-store.provider';
import type { SettlementOutcome } from './settlement-outcome';
import { signTokenTransfer } from './sign-token-transfer';

export interface PaymentOrder {
  readonly authorizationId: string;
  readonly walletId: string;
  readonly assetSymbol: string;
  readonly token: string;
  readonly destination: string;
  readonly amount: bigint;
  /** Returns false once the response deadline has passed: nothing may be persisted after that. */
  readonly stillInTime: () => boolean;
}

interface LockedWallet {
  address: string;
  key_path: string | null;
  next_nonce: string;
}

/**
 * Exactly-once payment: under the wallet's row lock, check funds (balance minus payments not yet
 * confirmed), allocate the next nonce, sign, and persist the raw transaction; only after commit
 * broadcast it. A failed broadcast leaves a SIGNED row that the tracker re-sends (same hash).
 */
@Injectable()
export class SettlementService {
  private readonly logger = new Logger(SettlementService.name);

  constructor(
    private readonly db: DataSource,
    private readonly chain: ChainGateway,
    @Inject(KEY_STORE) private readonly keys: KeyStore,
    @Inject(AUTHORIZER_CONFIG) private readonly config: AuthorizerConfig,
  ) {}

  async pay(order: PaymentOrder): Promise<SettlementOutcome> {
    const signed = await this.db.transaction((em) => this.persistSigned(em, order));
    if (signed.kind !== 'SIGNED') return signed;
    try {
      await this.chain.broadcast(signed.rawTx, signed.hash);
    } catch (e) {
      this.logger.warn(`broadcast of ${signed.hash} failed, tracker will re-send: ${(e as Error).message}`);
      return { kind: 'PAID', txHash: signed.hash, broadcast: false };
    }
    await this.db.query(`UPDATE payments SET status = 'SUBMITTED', submitted_at = now() WHERE tx_hash = $1 AND status = 'SIGNED'`, [signed.hash]);
    return { kind: 'PAID', txHash: signed.hash, broadcast: true };
  }

  private async persistSigned(em: EntityManager, order: PaymentOrder): Promise<SettlementOutcome | { kind: 'SIGNED'; rawTx: string; hash: string }> {
    const [wallet] = (await em.query(`SELECT address, key_path, next_nonce FROM wallets WHERE id = $1 FOR UPDATE`, [order.walletId])) as LockedWallet[];
    if (!wallet?.key_path) throw new Error(`wallet ${order.walletId} has no custodial key`);
    const [pending] = (await em.query(
      `SELECT COALESCE(SUM(amount), 0)::text AS total FROM payments WHERE wallet_id = $1 AND asset_symbol = $2 AND status IN ('SIGNED', 'SUBMITTED')`,
      [order.walletId, order.assetSymbol],
    )) as { total: string }[];
    const balance = await this.chain.tokenBalance(order.token, wallet.address);
    if (balance - BigInt(pending.total) < order.amount) return { kind: 'INSUFFICIENT_FUNDS' };
    if (!order.stillInTime()) return { kind: 'DEADLINE_PASSED' };
    const nonce = BigInt(wallet.next_nonce);
    const fees = this.chain.currentFees();
    const { rawTx, hash } = signTokenTransfer(this.keys.signer(wallet.key_path), {
      chainId: this.chain.chainId,
      token: order.token,
      to: order.destination,
      amount: order.amount,
      nonce,
      gasLimit: this.config.erc20GasLimit,
      fees,
    });
    await em.query(`UPDATE wallets SET next_nonce = next_nonce + 1 WHERE id = $1`, [order.walletId]);
    await em.query(
      `INSERT INTO payments (id, authorization_id, wallet_id, chain, nonce, asset_symbol, destination, amount, tx_hash, raw_tx,
         max_fee_per_gas, max_priority_fee_per_gas, gas_limit, status, created_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,'SIGNED',now())`,
      [
        randomUUID(),
        order.authorizationId,
        order.walletId,
        this.chain.caip2,
        nonce.toString(),
        order.assetSymbol,
        order.destination,
        order.amount.toString(),
        hash,
        rawTx,
        fees.maxFeePerGas.toString(),
        fees.maxPriorityFeePerGas.toString(),
        this.config.erc20GasLimit.toString(),
      ],
    );
    return { kind: 'SIGNED', rawTx, hash };
  }
}
