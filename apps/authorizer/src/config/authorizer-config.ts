import type { FramingKind, MessageHeaderKind } from '@bridge/iso8583';
import { EnvReader, RPC_TIMEOUT_MS } from '@bridge/runtime';

export type SettlementIndicator = 'de48' | 'de39-85' | 'de39-01';

/** Every setting of the authorizer, validated once at start (README "Configuration"). */
export interface AuthorizerConfig {
  readonly databaseUrl: string;
  readonly rpcUrl: string;
  readonly isoHost: string;
  readonly isoPort: number;
  readonly isoFraming: FramingKind;
  readonly isoHeader: MessageHeaderKind;
  readonly isoMaxFrameBytes: number;
  readonly isoIdleTimeoutMs: number;
  readonly isoMaxInFlight: number;
  readonly httpHost: string;
  readonly httpPort: number;
  readonly adapterHost: string;
  readonly adapterPort: number;
  /** When set, the exchange adapter is reached over NATS instead of TCP. */
  readonly natsUrl?: string;
  readonly responseDeadlineMs: number;
  readonly settlementIndicator: SettlementIndicator;
  readonly erc20GasLimit: bigint;
  /** How old an on-chain balance reading may be when a batch uses it (inflows seen that much later). */
  readonly fundsMaxAgeMs: number;
  readonly confirmations: number;
  readonly trackerPollMs: number;
  /** How often the tracker asks for the head: each new block's receipts are read once, right after. */
  readonly blockPollMs: number;
  readonly stuckAfterMs: number;
  readonly reorgDepth: number;
  readonly staleAuthorizationGraceMs: number;
  readonly reconciliationIntervalMs: number;
  /** How long after its payment an approval may wait for the merchant's exchange to credit it before reconciliation flags it. */
  readonly creditGraceMs: number;
  readonly dbPoolSize: number;
  /** Hot statements prepared once per connection; off behind a transaction-mode pooler (PgBouncer). */
  readonly pgPreparedStatements: boolean;
  /** Ask the exchange alongside the RECEIVED insert for warm cards (WarmCards); off: only after the card is read. */
  readonly exchangeAskAhead: boolean;
  /** Per JSON-RPC request to the chain node; past it the call fails as a TIMEOUT (typed ChainError). */
  readonly rpcTimeoutMs: number;
}

export const AUTHORIZER_CONFIG = Symbol('AUTHORIZER_CONFIG');

export function loadAuthorizerConfig(env = new EnvReader()): AuthorizerConfig {
  return {
    databaseUrl: env.url('DATABASE_URL', ['postgres:', 'postgresql:']),
    rpcUrl: env.url('RPC_URL', ['http:', 'https:']),
    isoHost: env.string('ISO_HOST', '127.0.0.1'),
    isoPort: env.port('ISO_PORT', 8583),
    isoFraming: env.oneOf('ISO_FRAMING', ['binary2', 'ascii4', 'bcd2'] as const, 'binary2'),
    isoHeader: env.oneOf('ISO_HEADER', ['none', 'tpdu'] as const, 'none'),
    isoMaxFrameBytes: env.int('ISO_MAX_FRAME_BYTES', 8192, 64, 65535),
    isoIdleTimeoutMs: env.int('ISO_IDLE_TIMEOUT_MS', 300_000, 1_000),
    isoMaxInFlight: env.int('ISO_MAX_IN_FLIGHT', 256, 1, 10_000),
    httpHost: env.string('HTTP_HOST', '127.0.0.1'),
    httpPort: env.port('HTTP_PORT', 3000),
    adapterHost: env.string('EXCHANGE_ADAPTER_HOST', '127.0.0.1'),
    adapterPort: env.port('EXCHANGE_ADAPTER_PORT', 8584),
    natsUrl: env.optional('NATS_URL') && env.url('NATS_URL', ['nats:']),
    responseDeadlineMs: env.int('RESPONSE_DEADLINE_MS', 1500, 100, 30_000),
    settlementIndicator: env.oneOf('SETTLEMENT_INDICATOR', ['de48', 'de39-85', 'de39-01'] as const, 'de48'),
    erc20GasLimit: BigInt(env.int('ERC20_GAS_LIMIT', 100_000, 21_000, 1_000_000)),
    fundsMaxAgeMs: env.int('FUNDS_MAX_AGE_MS', 1_000, 0, 60_000),
    confirmations: env.int('CONFIRMATIONS', 1, 1, 1_000),
    trackerPollMs: env.int('TRACKER_POLL_MS', 1_000, 50, 60_000),
    blockPollMs: env.int('BLOCK_POLL_MS', 200, 20, 60_000),
    stuckAfterMs: env.int('STUCK_AFTER_MS', 30_000, 500, 3_600_000),
    reorgDepth: env.int('REORG_DEPTH', 12, 0, 10_000),
    staleAuthorizationGraceMs: env.int('STALE_AUTHORIZATION_GRACE_MS', 30_000, 0, 3_600_000),
    reconciliationIntervalMs: env.int('RECONCILIATION_INTERVAL_MS', 300_000, 1_000, 86_400_000),
    creditGraceMs: env.int('CREDIT_GRACE_MS', 600_000, 500, 86_400_000),
    dbPoolSize: env.int('DB_POOL_SIZE', 20, 1, 200),
    pgPreparedStatements: env.oneOf('PG_PREPARED_STATEMENTS', ['on', 'off'] as const, 'on') === 'on',
    exchangeAskAhead: env.oneOf('EXCHANGE_ASK_AHEAD', ['on', 'off'] as const, 'on') === 'on',
    rpcTimeoutMs: env.int('RPC_TIMEOUT_MS', RPC_TIMEOUT_MS, 100, 120_000),
  };
}
