import { EnvReader } from '@bridge/runtime';

/** Settings of the exchange adapter, validated once at start. */
export interface AdapterConfig {
  readonly databaseUrl: string;
  readonly host: string;
  readonly port: number;
  readonly quoteTtlMs: number;
  readonly merchantCacheTtlMs: number;
}

export const ADAPTER_CONFIG = Symbol('ADAPTER_CONFIG');

export function loadAdapterConfig(env = new EnvReader()): AdapterConfig {
  return {
    databaseUrl: env.url('DATABASE_URL', ['postgres:', 'postgresql:']),
    host: env.string('EXCHANGE_ADAPTER_HOST', '127.0.0.1'),
    port: env.port('EXCHANGE_ADAPTER_PORT', 8584),
    quoteTtlMs: env.int('QUOTE_TTL_MS', 30_000, 1_000, 3_600_000),
    merchantCacheTtlMs: env.int('MERCHANT_CACHE_TTL_MS', 5_000, 0, 3_600_000),
  };
}
