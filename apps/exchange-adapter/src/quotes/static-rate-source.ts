import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { parseDecimal, type Ratio } from '@bridge/contracts';
import { FxRateEntity } from '@bridge/persistence';
import { TtlCache } from '@bridge/runtime';

export interface RateQuote {
  readonly rate: Ratio;
  readonly spreadBps: number;
}

const TTL_MS = 5_000;

/** Rates from configuration (the fx_rates table): token units per major fiat unit, exact decimals. */
@Injectable()
export class StaticRateSource {
  /** Keyed by the request's DE49 code (unknown codes too): bounded. */
  private readonly cache = new TtlCache<string, RateQuote | null>(TTL_MS, { maxEntries: 1_000 });

  constructor(private readonly db: DataSource) {}

  rate(currencyNumeric: string, assetSymbol: string): Promise<RateQuote | null> {
    return this.cache.get(`${currencyNumeric}/${assetSymbol}`, async () => {
      const row = await this.db.getRepository(FxRateEntity).findOneBy({ currencyNumeric, assetSymbol });
      return row ? { rate: parseDecimal(row.rate), spreadBps: row.spreadBps } : null;
    });
  }
}
