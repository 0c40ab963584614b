import type { PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import { pgPool } from './pg-pool';
import { ensurePrepared, type PreparedStatement } from './prepared-statement';

/**
 * Opens `connections` pooled connections before the app takes traffic, each with `statements`
 * prepared on it: a PostgreSQL backend costs 10–20 ms to start on a small machine, and a burst right
 * after a restart would otherwise pay that on its first authorizations (measured: 40 at once answered
 * after ~0.9 s instead of ~0.1 s). Preparing also loads each backend's catalog caches for the hot
 * tables, which a `SELECT 1` does not. Kept only by a fixed pool (PoolShape.fixed): pg's default
 * closes them again after 10 s idle. All are held at once, so each is a connection of its own.
 */
export async function warmPool(db: DataSource, connections: number, statements: readonly PreparedStatement[] = []): Promise<void> {
  const pool = pgPool(db);
  const opened = await Promise.allSettled(Array.from({ length: Math.min(connections, pool.options.max ?? connections) }, () => pool.connect()));
  const clients = opened.filter((o): o is PromiseFulfilledResult<PoolClient> => o.status === 'fulfilled').map((o) => o.value);
  try {
    const failed = opened.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) throw failed.reason;
    await Promise.all(clients.map((c) => (statements.length ? ensurePrepared(c, statements) : c.query('SELECT 1'))));
  } finally {
    for (const c of clients) c.release();
  }
}
