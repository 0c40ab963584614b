import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AssetEntity } from '@bridge/persistence';

const TTL_MS = 30_000;

/** Payable assets by (CAIP-2 chain, symbol), cached: they change rarely and sit on the hot path. */
@Injectable()
export class AssetDirectory {
  private cache = new Map<string, { asset: AssetEntity | null; at: number }>();

  constructor(private readonly db: DataSource) {}

  async find(chain: string, symbol: string): Promise<AssetEntity | null> {
    const key = `${chain}/${symbol}`;
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.asset;
    const asset = await this.db.getRepository(AssetEntity).findOneBy({ chain, symbol });
    this.cache.set(key, { asset, at: Date.now() });
    return asset;
  }
}
