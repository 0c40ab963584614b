import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { warmPool } from '@bridge/persistence';
import { AUTHORIZER_CONFIG, type AuthorizerConfig } from './config/authorizer-config';
import { ExchangeAdapterClient } from './exchange/exchange-adapter.client';
import { APPROVALS } from './pipeline/answer-sql';
import { RECEIVED } from './pipeline/authorization-recorder';
import { INSERT_PAYMENTS } from './settlement/payment-batch-writer';
import { LOCK_SIGNERS, OPEN_SUMS } from './settlement/signer-lock';

/** Every statement an authorization executes prepared, so no connection prepares them on its first one. */
const HOT_STATEMENTS = [RECEIVED, LOCK_SIGNERS, OPEN_SUMS, INSERT_PAYMENTS, APPROVALS];

/**
 * Before the ISO 8583 listener opens (Nest runs this hook first): the whole database pool (a fixed
 * one: it stays open) with the hot statements prepared, and the exchange adapter's connection, so
 * the first authorizations after a (re)start or a quiet spell are not the ones paying for them. An
 * adapter that is down does not hold the start back: readiness says so.
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
      warmPool(this.db, this.config.dbPoolSize, this.config.pgPreparedStatements ? HOT_STATEMENTS : []),
      this.exchange.connect().catch((e: Error) => this.logger.warn(`exchange adapter not reachable yet: ${e.message}`)),
    ]);
    this.logger.log(`warmed up in ${Date.now() - started} ms`);
  }
}
