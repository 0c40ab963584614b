import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { applySpread, convertFiatToCrypto, currencyByNumeric, formatRatio } from '@bridge/contracts';
import type { AssetEntity } from '@bridge/persistence';
import { ADAPTER_CONFIG, type AdapterConfig } from '../config/adapter-config';
import { StaticRateSource } from './static-rate-source';

export interface Quote {
  readonly quoteId: string;
  readonly rate: string;
  readonly spreadBps: number;
  readonly cryptoAmount: bigint;
  readonly expiresAt: Date;
}

/** FX quote: fiat minor units → token base units at rate + spread, rounded up (merchant's favour). */
@Injectable()
export class QuoteService {
  constructor(
    private readonly rates: StaticRateSource,
    @Inject(ADAPTER_CONFIG) private readonly config: AdapterConfig,
  ) {}

  async quote(currencyNumeric: string, amountMinor: bigint, asset: AssetEntity): Promise<Quote | 'UNSUPPORTED_CURRENCY' | 'NO_RATE'> {
    const currency = currencyByNumeric(currencyNumeric);
    if (!currency) return 'UNSUPPORTED_CURRENCY';
    const source = await this.rates.rate(currencyNumeric, asset.symbol);
    if (!source) return 'NO_RATE';
    const rate = applySpread(source.rate, source.spreadBps);
    const cryptoAmount = convertFiatToCrypto({ amountMinor, fiatExponent: currency.exponent, rate, tokenDecimals: asset.decimals, rounding: 'UP' });
    return {
      quoteId: randomUUID(),
      rate: formatRatio(rate, 18),
      spreadBps: source.spreadBps,
      cryptoAmount,
      expiresAt: new Date(Date.now() + this.config.quoteTtlMs),
    };
  }
}
