import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource, QueryRunner } from 'typeorm';
import {
  DELEGATED_PAYMENTS_INDEXES,
  DelegatedPaymentsBySigner1766500000000,
} from '../../libs/persistence/src/migrations/1766500000000-delegated-payments-by-signer';
import { MIGRATIONS } from '@bridge/persistence';
import { runMigrations } from '../../tools/dev/run-migrations';
import { eventually } from './support/chain';
import { query } from './support/query';
import { postgresAccepts } from './support/postgres-accepts';
import { walFlushes } from '../../bench/wal-flushes';

/**
 * The migrations on a PostgreSQL server (not the embedded one every other e2e file uses), as a
 * deployment with DATABASE_URL runs them: on a fresh database of their own, dropped afterwards.
 */
jest.setTimeout(60_000);

const SERVER = { host: '127.0.0.1', port: 5432 };
const ADMIN_URL = `postgres://postgres@${SERVER.host}:${SERVER.port}/test`;
const NAME = `bridge_migrations_${randomBytes(4).toString('hex')}`;
const URL = `postgres://postgres@${SERVER.host}:${SERVER.port}/${NAME}`;
const serverUp = postgresAccepts(ADMIN_URL);
if (!serverUp)
  console.warn(`SKIPPED: no PostgreSQL server accepting ${ADMIN_URL} (trust auth); the migrations-on-a-server tests need one (CI machines run it).`);

(serverUp ? describe : describe.skip)(`migrations on a PostgreSQL server (${SERVER.host}:${SERVER.port})`, () => {
  let db: DataSource;
  const sql = <T>(text: string, params: unknown[] = []) => query<T>(URL, text, params);

  beforeAll(async () => {
    await query(ADMIN_URL, `CREATE DATABASE ${NAME}`);
    db = await runMigrations(URL);
  });

  afterAll(async () => {
    await db?.destroy();
    await query(ADMIN_URL, `DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`);
  });

  it('every migration applies to a fresh database, in order, as npm start and the compose seed job run them', async () => {
    const ran = await sql<{ name: string }>(`SELECT name FROM migrations ORDER BY id`);
    expect(ran.map((m) => m.name)).toEqual(MIGRATIONS.map((m) => m.name));
  });

  it("reads a server's WAL flushes as bench:e2e does, from the statistics its version keeps (pg_stat_wal before 18)", async () => {
    const flushes = await walFlushes(URL);
    expect(flushes!.fsyncs).toBeGreaterThan(0); // the migrations' commits
    if (!flushes!.timed) expect(flushes!.fsyncMs).toBe(0); // track_wal_io_timing off (the default): counted, not timed
  });

  it('1766500000000 builds its indexes while authorizations write payments, and runs again after an interrupted build', async () => {
    const migration = new DelegatedPaymentsBySigner1766500000000();
    await onOwnConnection((q) => migration.down(q));
    // An authorization's transaction, open: an index build must wait for it, and writes must not wait behind the build.
    const open = new Client({ connectionString: URL });
    await open.connect();
    await open.query(`BEGIN`);
    await open.query(`UPDATE payments SET status = status WHERE false`); // takes the table's write lock, as an INSERT does
    try {
      // A deployment stopped mid-build: the first run cancelled while it waits.
      const first = onOwnConnection((q) => migration.up(q));
      const builder = await buildingBackend();
      await sql(`SELECT pg_cancel_backend($1)`, [builder]);
      await expect(first).rejects.toThrow(/cancel/);
      expect(await invalidIndexes()).toEqual([Object.keys(DELEGATED_PAYMENTS_INDEXES)[0]]);
      // The migration again: its build waits for the open transaction, other writers do not wait for it.
      const second = onOwnConnection((q) => migration.up(q));
      await buildingBackend();
      await sql(`SET statement_timeout = 2000; UPDATE payments SET status = status WHERE false`);
      await open.query(`COMMIT`);
      await second;
    } finally {
      await open.end();
    }
    expect(await invalidIndexes()).toEqual([]);
    const names = (await sql<{ name: string }>(`SELECT indexname AS name FROM pg_indexes WHERE tablename = 'payments'`)).map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(Object.keys(DELEGATED_PAYMENTS_INDEXES)));
    expect(names).not.toContain('ix_payments_mined_signer');
  });

  /** A migration's step on a pooled connection of its own, outside any transaction (as runMigrations runs this one). */
  async function onOwnConnection(step: (q: QueryRunner) => Promise<void>): Promise<void> {
    const runner = db.createQueryRunner();
    try {
      await step(runner);
    } finally {
      await runner.release();
    }
  }

  /** The backend of the migration's statement waiting for the open transaction (a concurrent build or drop). */
  async function buildingBackend(): Promise<number> {
    let pid = 0;
    await eventually(async () => {
      const [row] = await sql<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query ~ '^(CREATE|DROP) INDEX CONCURRENTLY' AND wait_event_type = 'Lock'`,
      );
      pid = row?.pid ?? 0;
      return pid !== 0;
    }, 10_000);
    return pid;
  }

  async function invalidIndexes(): Promise<string[]> {
    const rows = await sql<{ name: string }>(
      `SELECT indexrelid::regclass::text AS name FROM pg_index WHERE indrelid = 'payments'::regclass AND NOT indisvalid`,
    );
    return rows.map((r) => r.name);
  }
});
