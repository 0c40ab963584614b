import type { DataSource } from 'typeorm';
import { ensurePrepared, GUESS_NO_LONGER_HOLDS, pgPool, PreparedStatement, sqlLiteral } from '@bridge/persistence';
import type { FundsCheck } from './funds-snapshot';
import { GuessNoLongerHolds, type GuessCheck } from './guess-no-longer-holds';
import { markSubmittedSql, openSumsSql, rollback } from './signer-lock';

/** A batch decided without the lock, on a guess that PostgreSQL checks under it. */
export interface OneTripBatch {
  /** Per signer, the next nonce the batch was signed from (this process's last commit for it). */
  readonly nonces: ReadonlyMap<string, bigint>;
  readonly fundingIds: readonly string[];
  /** The oldest block among the batch's chain readings (SignerLock's `minedAfter`). */
  readonly minedAfter: bigint;
  readonly funds: readonly FundsCheck[];
  /** Hashes broadcast since the last batch, marked SUBMITTED in the same trip (lost if it rolls back: harmless). */
  readonly submitted: readonly string[];
  /** The inserts and approvals (the same as the two-trip commit's). */
  readonly writes: string;
  /** Statements `writes` executes, prepared on the connection first with the trip's own (unless `prepare` is off). */
  readonly prepared: readonly PreparedStatement[];
  readonly prepare: boolean;
}

/**
 * The batch in one round trip instead of SignerLock's two: BEGIN; the signers' row locks (in id order,
 * as SignerLock takes them) with a check that each next nonce is the one guessed; the funds check, a
 * statement of its own so that its snapshot is taken after the locks are granted (READ COMMITTED) and
 * sees every batch committed before; the writes; COMMIT. At 200/s nearly every approval is a batch of
 * its own, and each trip wakes a PostgreSQL backend and the authorizer once (docs/performance.md,
 * sessions 19–21). A failed check rolls everything back: GuessNoLongerHolds.
 */
export async function commitInOneTrip(db: DataSource, b: OneTripBatch): Promise<void> {
  const client = await pgPool(db).connect();
  const signers = sqlLiteral(`{${[...b.nonces.keys()].join(',')}}`);
  const guessed = sqlLiteral(`{${[...b.nonces.values()].join(',')}}`);
  const marks = b.submitted.length ? `${markSubmittedSql(b.submitted)};` : '';
  try {
    if (b.prepare) await ensurePrepared(client, [LOCK_AS_GUESSED, ...b.prepared]);
    await client.query(
      `BEGIN; ${marks}
       ${LOCK_AS_GUESSED.sql([signers, guessed], b.prepare)};
       ${fundsFitSql(signers, sqlLiteral(`{${b.fundingIds.join(',')}}`), b.minedAfter, b.funds)};
       ${b.writes};
       COMMIT`,
    );
    client.release();
  } catch (e) {
    await rollback(client);
    const pg = e as Error & { code?: string; detail?: string };
    throw pg.code === GUESS_NO_LONGER_HOLDS ? new GuessNoLongerHolds(pg.detail as GuessCheck, pg.message, { cause: e }) : e;
  }
}

/** Locks the signers' rows ($1) in id order; raises unless each next nonce is the one guessed ($2, in the same order). */
export const LOCK_AS_GUESSED = new PreparedStatement(
  'bridge_lock_as_guessed',
  ['uuid[]', 'bigint[]'],
  `SELECT bridge_guess_holds('nonces', count(*) FILTER (WHERE w.next_nonce IS DISTINCT FROM g.nonce))
     FROM unnest($1, $2) AS g(id, nonce)
     LEFT JOIN (SELECT id, next_nonce FROM wallets WHERE id = ANY($1) ORDER BY id FOR UPDATE) w ON w.id = g.id`,
);

/**
 * Raises unless every reading, less the open sums it does not show (SignerLock's: the same rows,
 * by openSumsSql), covers what the batch needs of it — FundsSnapshot's rule for the whole batch. The
 * sums are MATERIALIZED: inlined, PostgreSQL ran them once per reading inside the subquery (planning
 * 0.92 → 0.41 ms, execution 1.36 → 0.56 ms for two readings on a slow machine; docs/performance.md).
 */
function fundsFitSql(signers: string, funding: string, minedAfter: bigint, checks: readonly FundsCheck[]): string {
  const rows = checks.map((c) => ({ ...c, block: c.block.toString(), value: c.value.toString(), need: c.need.toString() }));
  return `WITH o AS MATERIALIZED (${openSumsSql(signers, funding, minedAfter)}),
               c AS (SELECT * FROM json_to_recordset(${sqlLiteral(JSON.stringify(rows))}) AS c(key text, signer text, block bigint, value numeric, need numeric))
          SELECT bridge_guess_holds('funds', count(*)) FROM c
           WHERE c.value - COALESCE((SELECT sum(CASE WHEN c.key IS NULL THEN o.gas ELSE o.amount END::numeric) FROM o
                                      WHERE (o.key = c.key OR o.signer = c.signer) AND (o.block IS NULL OR o.block::bigint > c.block)), 0) < c.need`;
}
