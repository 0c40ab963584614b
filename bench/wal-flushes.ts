import { Client } from 'pg';

/**
 * PostgreSQL's own WAL flushes so far, every process of the server: how many, and the ms they waited
 * where `track_wal_io_timing` is on (the embedded cluster turns it on; otherwise `fsyncMs` is 0 and
 * `timed` false). A synchronous commit waits for one: beside the disk probe's flushes, the ones the
 * commits actually made.
 */
export interface WalFlushes {
  readonly fsyncs: number;
  readonly fsyncMs: number;
  readonly timed: boolean;
}

/** PostgreSQL 18 counts WAL I/O in pg_stat_io; 14–17 in pg_stat_wal (removed there in 18). */
const SINCE_18 = `SELECT coalesce(sum(fsyncs), 0)::float8 AS fsyncs, coalesce(sum(fsync_time), 0)::float8 AS ms FROM pg_stat_io WHERE object = 'wal'`;
const SINCE_14 = `SELECT wal_sync::float8 AS fsyncs, wal_sync_time::float8 AS ms FROM pg_stat_wal`;

/** The server's WAL flushes so far; undefined before PostgreSQL 14 (no such statistics). */
export async function walFlushes(databaseUrl: string): Promise<WalFlushes | undefined> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const settings = `SELECT current_setting('server_version_num')::int AS version, current_setting('track_wal_io_timing', true) = 'on' AS timed`;
    const [{ version, timed }] = (await client.query<{ version: number; timed: boolean }>(settings)).rows;
    if (version < 140000) return undefined;
    const [row] = (await client.query<{ fsyncs: number; ms: number }>(version >= 180000 ? SINCE_18 : SINCE_14)).rows;
    return { fsyncs: row.fsyncs, fsyncMs: row.ms, timed };
  } finally {
    await client.end();
  }
}

/** Between two readings: flushes per authorization and, where timed, the mean ms of one. */
export function walFlushesBetween(
  before: WalFlushes,
  after: WalFlushes,
  authorizations: number,
): { readonly perAuthorization: number; readonly meanMs: number | null } {
  const fsyncs = after.fsyncs - before.fsyncs;
  return {
    perAuthorization: authorizations > 0 ? Math.round((fsyncs / authorizations) * 100) / 100 : 0,
    meanMs: after.timed && fsyncs > 0 ? Math.round(((after.fsyncMs - before.fsyncMs) / fsyncs) * 1000) / 1000 : null,
  };
}
