import { EnvReader } from '@bridge/runtime';

/** Settings of the exchange adapter, validated once at start. */
export interface AdapterConfig {
  readonly databaseUrl: string;
  readonly host: string;
  readonly port: number;
  readonly quoteTtlMs: number;
  readonly merchantCacheTtlMs: number;
  readonly httpHost: string;
  readonly httpPort: number;
  /** When set, the microservice listens on NATS instead of TCP (the authorizer must use the same). */
  readonly natsUrl?: string;
  /** The http exchange integration (tools/reference-exchange in the demo). */
  readonly exchangeHttpUrl?: string;
  readonly exchangeHmacSecret?: string;
  readonly exchangeTimeoutMs: number;
  readonly exchangeRetries: number;
  readonly exchangeBreakerThreshold: number;
  readonly exchangeBreakerCooldownMs: number;
  /** To confirm refunds on-chain (optional: without it they stay SENT). */
  readonly rpcUrl?: string;
}

export const ADAPTER_CONFIG = Symbol('ADAPTER_CONFIG');

export function loadAdapterConfig(env = new EnvReader()): AdapterConfig {
  return {
    databaseUrl: env.url('DATABASE_URL', ['postgres:', 'postgresql:']),
    host: env.string('EXCHANGE_ADAPTER_HOST', '127.0.0.1'),
    port: env.port('EXCHANGE_ADAPTER_PORT', 8584),
    quoteTtlMs: env.int('QUOTE_TTL_MS', 30_000, 1_000, 3_600_000),
    merchantCacheTtlMs: env.int('MERCHANT_CACHE_TTL_MS', 5_000, 0, 3_600_000),
    httpHost: env.string('EXCHANGE_ADAPTER_HTTP_HOST', '127.0.0.1'),
    httpPort: env.port('EXCHANGE_ADAPTER_HTTP_PORT', 3001),
    natsUrl: env.optional('NATS_URL') && env.url('NATS_URL', ['nats:']),
    exchangeHttpUrl: env.optional('EXCHANGE_HTTP_URL') && env.url('EXCHANGE_HTTP_URL', ['http:', 'https:']),
    exchangeHmacSecret: env.secret('EXCHANGE_HMAC_SECRET'),
    rpcUrl: env.optional('RPC_URL') && env.url('RPC_URL', ['http:', 'https:']),
    exchangeTimeoutMs: env.int('EXCHANGE_HTTP_TIMEOUT_MS', 400, 10, 60_000),
    exchangeRetries: env.int('EXCHANGE_HTTP_RETRIES', 2, 0, 10),
    exchangeBreakerThreshold: env.int('EXCHANGE_BREAKER_THRESHOLD', 5, 1, 1_000),
    exchangeBreakerCooldownMs: env.int('EXCHANGE_BREAKER_COOLDOWN_MS', 5_000, 10, 3_600_000),
  };
}
