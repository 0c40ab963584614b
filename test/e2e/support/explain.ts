import { Client } from 'pg';

/**
 * The plan PostgreSQL would run `text` with, as one string, on a connection of its own after `setup`.
 * Sequential scans are off: the planner still takes one where no index can serve the predicate (e.g.
 * char(66) = text compares as text), which is what the plan tests look for.
 */
export async function explain(databaseUrl: string, text: string, params: unknown[] = [], setup: readonly string[] = []): Promise<string> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query('SET enable_seqscan = off');
    for (const statement of setup) await db.query(statement);
    const rows = (await db.query(`EXPLAIN ${text}`, params)).rows as { 'QUERY PLAN': string }[];
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  } finally {
    await db.end();
  }
}
