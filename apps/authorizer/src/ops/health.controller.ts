import { Controller, Get, HttpException, HttpStatus } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ExchangeAdapterClient } from '../exchange/exchange-adapter.client';
import { ChainGateway } from '../settlement/chain-gateway';

const CHECK_TIMEOUT_MS = 1_000;

type CheckResult = { status: 'up' } | { status: 'down'; error: string };

/** Liveness (process answers) and readiness (PostgreSQL, chain RPC, exchange adapter). */
@Controller('health')
export class HealthController {
  constructor(
    private readonly db: DataSource,
    private readonly chain: ChainGateway,
    private readonly exchange: ExchangeAdapterClient,
  ) {}

  @Get('live')
  live(): { status: 'up' } {
    return { status: 'up' };
  }

  @Get()
  async ready(): Promise<Record<string, unknown>> {
    const checks = {
      database: await check(() => this.db.query('SELECT 1')),
      chain: await check(() => this.chain.blockNumber()),
      exchangeAdapter: await check(() => this.exchange.ping(CHECK_TIMEOUT_MS)),
    };
    const up = Object.values(checks).every((c) => c.status === 'up');
    const body = { status: up ? 'up' : 'down', chain: this.chain.caip2, checks };
    if (!up) throw new HttpException(body, HttpStatus.SERVICE_UNAVAILABLE);
    return body;
  }
}

async function check(fn: () => Promise<unknown>): Promise<CheckResult> {
  try {
    await Promise.race([fn(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS).unref())]);
    return { status: 'up' };
  } catch (e) {
    return { status: 'down', error: (e as Error).message };
  }
}
