import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { parseDecimal, type Ratio } from '@bridge/contracts';
import { FxRateEntity } from '@bridge/persistence';

export interface RateQuote {
  readonly rate: Ratio;
  readonly spreadBps: number;
}

const TTL_MS = 5_000;

/** Rates from configuration (the fx_rates table): token units per major fiat unit, exact decimals. */
@Injectable()
export class StaticRateSource {
  private readonly cache = new Map<string, { quote: RateQuote | null; at: number }>();

  constructor(private readonly db: DataSource) {}

  async rate(currencyNumeric: string, assetSymbol: string): Promise<RateQuote | null> {
    const key = `${currencyNumeric}/${assetSymbol}`;
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.quote;
    const row = await this.db.getRepository(FxRateEntity).findOneBy({ currencyNumeric, assetSymbol });
    const quote = row ? { rate: parseDecimal(row.rate), spreadBps: row.spreadBps } : null;
    this.cache.set(key, { quote, at: Date.now() });
    return quote;
  }
}
