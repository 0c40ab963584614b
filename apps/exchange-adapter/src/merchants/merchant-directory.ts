import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MerchantEntity } from '@bridge/persistence';
import { TtlCache } from '@bridge/runtime';
import { ADAPTER_CONFIG, type AdapterConfig } from '../config/adapter-config';

/** The key comes from the network (DE32 + DE42), unknown merchants included: bounded. */
const MAX_CACHED = 10_000;

/** Merchants by acquirer (DE32) + card acceptor id (DE42), cached for a short TTL. */
@Injectable()
export class MerchantDirectory {
  private readonly cache: TtlCache<string, MerchantEntity | null>;

  constructor(
    private readonly db: DataSource,
    @Inject(ADAPTER_CONFIG) config: AdapterConfig,
  ) {
    this.cache = new TtlCache(config.merchantCacheTtlMs, { maxEntries: MAX_CACHED });
  }

  /** Called on every change through the admin API, so a deleted or edited merchant is never served from cache. */
  invalidate(acquirerId: string, merchantId: string): void {
    this.cache.delete(`${acquirerId}/${merchantId.trimEnd()}`);
  }

  find(acquirerId: string, merchantId: string): Promise<MerchantEntity | null> {
    // DE42 is ans15, space-padded on the wire; stored trimmed.
    const trimmed = merchantId.trimEnd();
    return this.cache.get(`${acquirerId}/${trimmed}`, () => this.db.getRepository(MerchantEntity).findOneBy({ acquirerId, merchantId: trimmed }));
  }
}
