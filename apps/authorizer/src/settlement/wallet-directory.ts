import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Custody } from '@bridge/persistence';
import { TtlCache } from '@bridge/runtime';

export interface WalletInfo {
  readonly id: string;
  readonly address: string;
  readonly custody: Custody;
  readonly keyPath: string | null;
  readonly spenderWalletId: string | null;
}

const TTL_MS = 30_000;
/** Wallets kept (~0.5 KB each), the oldest loaded dropped first: a card program's wallets number in the millions. */
const WALLETS_KEPT = 25_000;

/** Wallet identities (never nonces, which are read under the row lock), cached for the hot path. */
@Injectable()
export class WalletDirectory {
  private readonly cache = new TtlCache<string, WalletInfo | undefined>(TTL_MS, { maxEntries: WALLETS_KEPT });

  constructor(private readonly db: DataSource) {}

  find(id: string): Promise<WalletInfo | undefined> {
    return this.cache.get(id, () => this.load(id));
  }

  /** A wallet's row as read with its card (the RECEIVED insert), kept as if found here; returned as is. */
  remember(wallet: WalletInfo): WalletInfo {
    this.cache.set(wallet.id, wallet);
    return wallet;
  }

  private async load(id: string): Promise<WalletInfo | undefined> {
    const [row] = (await this.db.query(`SELECT id, address, custody, key_path, spender_wallet_id FROM wallets WHERE id = $1`, [id])) as {
      id: string;
      address: string;
      custody: Custody;
      key_path: string | null;
      spender_wallet_id: string | null;
    }[];
    return row && { id: row.id, address: row.address, custody: row.custody, keyPath: row.key_path, spenderWalletId: row.spender_wallet_id };
  }
}
