import type { DataSourceOptions } from 'typeorm';
import { ALL_ENTITIES } from './entities';
import { InitialSchema1764300000000 } from './migrations/1764300000000-initial-schema';
import { ReversalsAndRefunds1764400000000 } from './migrations/1764400000000-reversals-and-refunds';
import { SettlementEngine1764500000000 } from './migrations/1764500000000-settlement-engine';
import { MerchantAddresses1764600000000 } from './migrations/1764600000000-merchant-addresses';
import { ExchangeIntegrations1764700000000 } from './migrations/1764700000000-exchange-integrations';
import { OpsAccess1764800000000 } from './migrations/1764800000000-ops-access';
import { Reconciliation1764900000000 } from './migrations/1764900000000-reconciliation';
import { OpenPaymentsFlag1765000000000 } from './migrations/1765000000000-open-payments-flag';
import { PaymentFees1765100000000 } from './migrations/1765100000000-payment-fees';
import { ReconciliationSources1765200000000 } from './migrations/1765200000000-reconciliation-sources';
import { DenylistNotify1765300000000 } from './migrations/1765300000000-denylist-notify';
import { AutovacuumHotTables1765500000000 } from './migrations/1765500000000-autovacuum-hot-tables';
import { MinedPaymentsPerWallet1765600000000 } from './migrations/1765600000000-mined-payments-per-wallet';
import { HotTablesNoVacuumTruncate1765700000000 } from './migrations/1765700000000-hot-tables-no-vacuum-truncate';
import { HotTablesRareAnalyze1765800000000 } from './migrations/1765800000000-hot-tables-rare-analyze';
import { HotAnswers1765900000000 } from './migrations/1765900000000-hot-answers';
import { FewerPaymentIndexWrites1765950000000 } from './migrations/1765950000000-fewer-payment-index-writes';
import { LighterMinedRecording1766000000000 } from './migrations/1766000000000-lighter-mined-recording';
import { HotTablesSmallStatisticsSample1766100000000 } from './migrations/1766100000000-hot-tables-small-statistics-sample';
import { HotTablesEarlyFirstAnalyze1766200000000 } from './migrations/1766200000000-hot-tables-early-first-analyze';
import { ApprovalsAllOrNone1766300000000 } from './migrations/1766300000000-approvals-all-or-none';
import { ReversedUnsettledAdvices1766400000000 } from './migrations/1766400000000-reversed-unsettled-advices';
import { DelegatedPaymentsBySigner1766500000000 } from './migrations/1766500000000-delegated-payments-by-signer';

export const MIGRATIONS = [
  InitialSchema1764300000000,
  ReversalsAndRefunds1764400000000,
  SettlementEngine1764500000000,
  MerchantAddresses1764600000000,
  ExchangeIntegrations1764700000000,
  OpsAccess1764800000000,
  Reconciliation1764900000000,
  OpenPaymentsFlag1765000000000,
  PaymentFees1765100000000,
  ReconciliationSources1765200000000,
  DenylistNotify1765300000000,
  AutovacuumHotTables1765500000000,
  MinedPaymentsPerWallet1765600000000,
  HotTablesNoVacuumTruncate1765700000000,
  HotTablesRareAnalyze1765800000000,
  HotAnswers1765900000000,
  FewerPaymentIndexWrites1765950000000,
  LighterMinedRecording1766000000000,
  HotTablesSmallStatisticsSample1766100000000,
  HotTablesEarlyFirstAnalyze1766200000000,
  ApprovalsAllOrNone1766300000000,
  ReversedUnsettledAdvices1766400000000,
  DelegatedPaymentsBySigner1766500000000,
];

/** How many connections a data source pools, and whether it keeps them open while idle. */
export interface PoolShape {
  readonly size: number;
  /**
   * Keep every opened connection, idle or not (a fixed-size pool, as warmPool fills it). pg's pool
   * closes a connection idle for 10 s by default, so the first burst after a quiet spell paid for new
   * PostgreSQL backends — fork, SCRAM authentication, cold catalog caches, the statements prepared
   * again — on its authorizations (docs/performance.md, session 26). For the long-running apps.
   */
  readonly fixed?: boolean;
  /** Shown as application_name in pg_stat_activity: which app holds which backend. */
  readonly application?: string;
}

/** One definition of the database connection for both apps, the dev runner and tests. */
export function dataSourceOptions(url: string, pool: PoolShape = { size: 10 }): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ALL_ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    logging: false,
    applicationName: pool.application,
    extra: { max: pool.size, ...(pool.fixed ? { idleTimeoutMillis: 0 } : {}) },
  };
}
