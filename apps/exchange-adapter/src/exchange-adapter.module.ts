import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from '@bridge/persistence';
import { ADAPTER_CONFIG, type AdapterConfig } from './config/adapter-config';
import { DenylistController } from './admin/denylist.controller';
import { MerchantAdminService } from './admin/merchant-admin.service';
import { MerchantsController } from './admin/merchants.controller';
import { HttpExchangeClient } from './integrations/http-exchange-client';
import { HttpIntegration } from './integrations/http-integration';
import { IntegrationRegistry } from './integrations/integration-registry';
import { StaticIntegration } from './integrations/static-integration';
import { DestinationResolver } from './merchants/destination-resolver';
import { NotificationWorker } from './notifications/notification-worker';
import { CreditStatusService } from './credits/credit-status.service';
import { RefundWorker } from './refunds/refund-worker';
import { MerchantDirectory } from './merchants/merchant-directory';
import { AddressScreening } from './screening/address-screening';
import { Denylist } from './screening/denylist';
import { PaymentInstructionsService } from './merchants/payment-instructions.service';
import { QuoteService } from './quotes/quote.service';
import { StaticRateSource } from './quotes/static-rate-source';
import { StartupWarmUp } from './startup-warm-up';
import { InstructionsController } from './transport/instructions.controller';

/** The exchange adapter: merchant destinations and FX quotes behind @nestjs/microservices. */
export class ExchangeAdapterModule {
  static forConfig(config: AdapterConfig) {
    return {
      module: ExchangeAdapterModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => dataSourceOptions(config.databaseUrl, { size: 10, fixed: true, application: 'bridge-exchange-adapter' }),
        }),
      ],
      controllers: [InstructionsController, MerchantsController, DenylistController],
      providers: [
        { provide: ADAPTER_CONFIG, useValue: config },
        MerchantDirectory,
        DestinationResolver,
        Denylist,
        AddressScreening,
        MerchantAdminService,
        StaticRateSource,
        QuoteService,
        PaymentInstructionsService,
        HttpExchangeClient,
        StaticIntegration,
        HttpIntegration,
        IntegrationRegistry,
        NotificationWorker,
        CreditStatusService,
        RefundWorker,
        StartupWarmUp,
      ],
    };
  }
}
Module({})(ExchangeAdapterModule);
