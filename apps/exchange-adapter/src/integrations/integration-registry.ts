import { Injectable } from '@nestjs/common';
import type { MerchantEntity } from '@bridge/persistence';
import type { ExchangeIntegration } from './exchange-integration';
import { HttpIntegration } from './http-integration';
import { StaticIntegration } from './static-integration';

/** The integration that serves a merchant. */
@Injectable()
export class IntegrationRegistry {
  constructor(
    private readonly staticIntegration: StaticIntegration,
    private readonly httpIntegration: HttpIntegration,
  ) {}

  for(merchant: Pick<MerchantEntity, 'integration'>): ExchangeIntegration {
    return merchant.integration === 'HTTP' ? this.httpIntegration : this.staticIntegration;
  }
}
