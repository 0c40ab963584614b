import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AssetEntity } from '@bridge/persistence';
import { TtlCache } from '@bridge/runtime';

const TTL_MS = 30_000;

/** Payable assets by (CAIP-2 chain, symbol), cached: they change rarely and sit on the hot path. */
@Injectable()
export class AssetDirectory {
  private readonly cache = new TtlCache<string, AssetEntity | null>(TTL_MS);

  constructor(private readonly db: DataSource) {}

  find(chain: string, symbol: string): Promise<AssetEntity | null> {
    return this.cache.get(`${chain}/${symbol}`, () => this.db.getRepository(AssetEntity).findOneBy({ chain, symbol }));
  }
}
