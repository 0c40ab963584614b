import { Module } from '@nestjs/common';
import { ClientsModule, Transport } from '@nestjs/microservices';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from '@bridge/persistence';
import { AdviceService } from './advices/advice.service';
import { OriginalFinder } from './reversals/original-finder';
import { ReversalService } from './reversals/reversal.service';
import { RefundRequester } from './settlement/refund-requester';
import { AUTHORIZER_CONFIG, type AuthorizerConfig } from './config/authorizer-config';
import { EXCHANGE_CLIENT, ExchangeAdapterClient } from './exchange/exchange-adapter.client';
import { ApiKeyGuard } from './ops/api-key.guard';
import { HealthController } from './ops/health.controller';
import { Metrics } from './ops/metrics';
import { MetricsController } from './ops/metrics.controller';
import { OpsController } from './ops/ops.controller';
import { ReconciliationController } from './ops/reconciliation/reconciliation.controller';
import { NoDelayJsonSocket } from '@bridge/runtime';
import { ReconciliationService } from './ops/reconciliation/reconciliation.service';
import { OpsQueryService } from './ops/ops-query.service';
import { AuthorizationPipeline } from './pipeline/authorization-pipeline';
import { AuthorizationRecorder } from './pipeline/authorization-recorder';
import { AuthorizationService } from './pipeline/authorization.service';
import { panTokenizerProvider } from './pipeline/pan-tokenizer.provider';
import { FetchInstructionsStep } from './pipeline/steps/fetch-instructions.step';
import { FindAccountStep } from './pipeline/steps/find-account.step';
import { WarmCards } from './pipeline/warm-cards';
import { SettlePaymentStep } from './pipeline/steps/settle-payment.step';
import { ValidateRequestStep } from './pipeline/steps/validate-request.step';
import { AssetDirectory } from './settlement/asset-directory';
import { ChainGateway } from './settlement/chain-gateway';
import { keyStoreProvider } from './settlement/key-store.provider';
import { BlockScanner } from './settlement/block-scanner';
import { ParkedTransactionWatch } from './settlement/parked-transaction-watch';
import { PaymentTracker } from './settlement/payment-tracker';
import { SettlementService } from './settlement/settlement.service';
import { ChainFundsCache } from './settlement/chain-funds-cache';
import { StartupWarmUp } from './startup-warm-up';
import { OpsStatsService } from './ops/ops-stats.service';
import { OrderedBroadcaster } from './settlement/ordered-broadcaster';
import { PaymentBatcher } from './settlement/payment-batcher';
import { PaymentBatchWriter } from './settlement/payment-batch-writer';
import { SpeculativeSigner } from './settlement/speculative-signer';
import { StaleAuthorizationSweeper } from './settlement/stale-authorization-sweeper';
import { SubmittedMarker } from './settlement/submitted-marker';
import { WalletDirectory } from './settlement/wallet-directory';
import { IsoController } from './transport/iso.controller';

/** The authorizer: ISO 8583 transport → mapping → pipeline steps → settlement, plus ops HTTP. */
export class AuthorizerModule {
  static forConfig(config: AuthorizerConfig) {
    return {
      module: AuthorizerModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => dataSourceOptions(config.databaseUrl, { size: config.dbPoolSize, fixed: true, application: 'bridge-authorizer' }),
        }),
        TerminusModule,
        ClientsModule.registerAsync([
          {
            name: EXCHANGE_CLIENT,
            useFactory: () =>
              config.natsUrl
                ? { transport: Transport.NATS, options: { servers: [config.natsUrl] } }
                : { transport: Transport.TCP, options: { host: config.adapterHost, port: config.adapterPort, socketClass: NoDelayJsonSocket } },
          },
        ]),
      ],
      controllers: [IsoController, HealthController, OpsController, MetricsController, ReconciliationController],
      providers: [
        { provide: AUTHORIZER_CONFIG, useValue: config },
        keyStoreProvider,
        panTokenizerProvider,
        ChainGateway,
        AssetDirectory,
        SettlementService,
        WalletDirectory,
        SubmittedMarker,
        StaleAuthorizationSweeper,
        PaymentBatcher,
        OrderedBroadcaster,
        PaymentBatchWriter,
        SpeculativeSigner,
        ChainFundsCache,
        StartupWarmUp,
        OpsStatsService,
        BlockScanner,
        PaymentTracker,
        ParkedTransactionWatch,
        ExchangeAdapterClient,
        ValidateRequestStep,
        FindAccountStep,
        WarmCards,
        FetchInstructionsStep,
        SettlePaymentStep,
        AuthorizationPipeline,
        AuthorizationRecorder,
        AuthorizationService,
        AdviceService,
        OriginalFinder,
        ReversalService,
        RefundRequester,
        ApiKeyGuard,
        OpsQueryService,
        Metrics,
        ReconciliationService,
      ],
    };
  }
}
Module({})(AuthorizerModule);
