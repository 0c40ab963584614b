import { syncProbe } from './sync-probe';

/**
 * Synchronously: does a PostgreSQL server there accept this URL's user and answer a query? (decides
 * describe vs describe.skip: a server that listens but wants a password is skipped too, not failed)
 */
export function postgresAccepts(url: string, timeoutMs = 2_000): boolean {
  return syncProbe(
    `const { Client } = require(${JSON.stringify(require.resolve('pg'))});
const c = new Client({ connectionString: ${JSON.stringify(url)}, connectionTimeoutMillis: ${timeoutMs} });
c.connect().then(() => c.query('SELECT 1')).then(() => process.exit(0), () => process.exit(1));`,
    timeoutMs,
  );
}
