import { Client } from 'pg';

/**
 * Payments the tracker has not recorded mined yet (open). Read at the end of a load step: a step's
 * approvals are sustained only if the tracker kept up with them — a tracker behind defers its work past
 * the step and makes a short step look cheaper than the rate it could hold (session 10: 8 s steps
 * favoured a build whose tracker lagged, 30 s steps reversed it).
 */
export async function trackerBacklog(databaseUrl: string): Promise<number> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM payments WHERE open`);
    return Number(rows[0].n);
  } finally {
    await db.end();
  }
}
