import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { ExchangeAdapterClient } from '../exchange/exchange-adapter.client';
import { ChainGateway } from '../settlement/chain-gateway';

const CHECK_TIMEOUT_MS = 1_000;

/** Liveness (the process answers) and readiness (PostgreSQL, chain RPC, exchange adapter) via @nestjs/terminus. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly db: DataSource,
    private readonly chain: ChainGateway,
    private readonly exchange: ExchangeAdapterClient,
  ) {}

  @Get('live')
  live(): { status: 'up' } {
    return { status: 'up' };
  }

  /** 200 with every check up, else 503 with the failing ones named. */
  @Get()
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.probe('database', () => this.db.query('SELECT 1')),
      () => this.probe('chain', () => this.chain.blockNumber()),
      () => this.probe('exchangeAdapter', () => this.exchange.ping(CHECK_TIMEOUT_MS)),
    ]);
  }

  private async probe<const K extends string>(key: K, fn: () => Promise<unknown>) {
    const indicator = this.indicators.check(key);
    try {
      await Promise.race([fn(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS).unref())]);
      return indicator.up();
    } catch (e) {
      return indicator.down({ message: (e as Error).message });
    }
  }
}
