import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MerchantEntity } from '@bridge/persistence';
import { ADAPTER_CONFIG, type AdapterConfig } from '../config/adapter-config';

/** Merchants by acquirer (DE32) + card acceptor id (DE42), cached for a short TTL. */
@Injectable()
export class MerchantDirectory {
  private readonly cache = new Map<string, { merchant: MerchantEntity | null; at: number }>();

  constructor(
    private readonly db: DataSource,
    @Inject(ADAPTER_CONFIG) private readonly config: AdapterConfig,
  ) {}

  /** Called on every change through the admin API, so a deleted or edited merchant is never served from cache. */
  invalidate(acquirerId: string, merchantId: string): void {
    this.cache.delete(`${acquirerId}/${merchantId.trimEnd()}`);
  }

  async find(acquirerId: string, merchantId: string): Promise<MerchantEntity | null> {
    const key = `${acquirerId}/${merchantId.trimEnd()}`;
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < this.config.merchantCacheTtlMs) return hit.merchant;
    // DE42 is ans15, space-padded on the wire; stored trimmed.
    const merchant = await this.db.getRepository(MerchantEntity).findOneBy({ acquirerId, merchantId: merchantId.trimEnd() });
    this.cache.set(key, { merchant, at: Date.now() });
    return merchant;
  }
}
