import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Custody } from '@bridge/persistence';

export interface WalletInfo {
  readonly id: string;
  readonly address: string;
  readonly custody: Custody;
  readonly keyPath: string | null;
  readonly spenderWalletId: string | null;
}

const TTL_MS = 30_000;

/** Wallet identities (never nonces, which are read under the row lock), cached for the hot path. */
@Injectable()
export class WalletDirectory {
  private readonly cache = new Map<string, { wallet: WalletInfo | undefined; at: number }>();

  constructor(private readonly db: DataSource) {}

  async find(id: string): Promise<WalletInfo | undefined> {
    const hit = this.cache.get(id);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.wallet;
    const [row] = (await this.db.query(`SELECT id, address, custody, key_path, spender_wallet_id FROM wallets WHERE id = $1`, [id])) as {
      id: string;
      address: string;
      custody: Custody;
      key_path: string | null;
      spender_wallet_id: string | null;
    }[];
    const wallet = row && { id: row.id, address: row.address, custody: row.custody, keyPath: row.key_path, spenderWalletId: row.spender_wallet_id };
    this.cache.set(id, { wallet, at: Date.now() });
    return wallet;
  }
}
