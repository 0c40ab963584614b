import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { warmPool } from '@bridge/persistence';
import { AUTHORIZER_CONFIG, type AuthorizerConfig } from './config/authorizer-config';
import { ExchangeAdapterClient } from './exchange/exchange-adapter.client';

/**
 * Before the ISO 8583 listener opens (Nest runs this hook first): database connections and the
 * exchange adapter's connection are opened, so the first authorizations after a (re)start are not
 * the ones paying for them. An adapter that is down does not hold the start back: readiness says so.
 */
@Injectable()
export class StartupWarmUp implements OnApplicationBootstrap {
  private readonly logger = new Logger(StartupWarmUp.name);

  constructor(
    private readonly db: DataSource,
    private readonly exchange: ExchangeAdapterClient,
    @Inject(AUTHORIZER_CONFIG) private readonly config: AuthorizerConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const started = Date.now();
    await Promise.all([
      warmPool(this.db, Math.min(this.config.dbPoolSize, 10)),
      this.exchange.connect().catch((e: Error) => this.logger.warn(`exchange adapter not reachable yet: ${e.message}`)),
    ]);
    this.logger.log(`warmed up in ${Date.now() - started} ms`);
  }
}
