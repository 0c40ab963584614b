import type { PoolClient, QueryResult } from 'pg';
import type { DataSource } from 'typeorm';
import { ensurePrepared, pgPool, PreparedStatement, sqlLiteral } from '@bridge/persistence';
import type { OpenPaymentSum } from './funds-snapshot';

export interface SignerRow {
  readonly id: string;
  readonly address: string;
  readonly key_path: string | null;
  readonly next_nonce: string;
}

const OPEN_COLUMNS = 'funding_wallet_id, asset_symbol, block_number, wallet_id, kind, amount, gas_limit, max_fee_per_gas';

/** Open sums of one funding key at one block, per signer (gas is the signer's, the amount the funding wallet's). */
export interface OpenSumRow extends OpenPaymentSum {
  readonly signer: string;
}

export interface LockRequest {
  readonly signerIds: readonly string[];
  readonly fundingIds: readonly string[];
  readonly minedAfter: bigint;
  readonly submitted: readonly string[];
  readonly writes: readonly PreparedStatement[];
  readonly prepare: boolean;
}

/**
 * The signing wallets' row locks held for one batch in two round trips to PostgreSQL (each trip
 * costs a syscall pair that dominates on small machines): BEGIN + the locks + the open payments,
 * then the inserts + COMMIT. Several statements share a trip through the simple query protocol.
 * The rows are locked in id order, so processes batching overlapping sets of wallets wait for each
 * other and never deadlock. In READ COMMITTED every statement takes a new snapshot, so the open
 * payments are read after the locks are granted and include every batch committed before.
 */
export class SignerLock {
  private done = false;

  private constructor(
    private readonly client: PoolClient,
    readonly signers: ReadonlyMap<string, SignerRow>,
    private readonly open: readonly OpenSumRow[],
  ) {}

  /**
   * Locks the signers' rows; sums their payments and those of the funding wallets, not mined or mined
   * after `minedAfter`, per funding key, block and signer (OPEN_SUMS). `submitted` (hashes broadcast since the
   * last batch) are marked SUBMITTED in the same trip; if the batch rolls back the marks are lost,
   * which is harmless (the tracker finds them on the node). `writes`: the statements `commit` will
   * execute, prepared on this connection first if it has not yet (unless `prepare` is off).
   */
  static async acquire(db: DataSource, o: LockRequest): Promise<SignerLock> {
    const client = await pgPool(db).connect();
    const signers = sqlLiteral(`{${o.signerIds.join(',')}}`);
    const wallets = sqlLiteral(`{${[...new Set([...o.fundingIds, ...o.signerIds])].join(',')}}`);
    const lockSql = LOCK_SIGNERS.sql([signers], o.prepare);
    const sumsSql = OPEN_SUMS.sql([signers, wallets, sqlLiteral(o.minedAfter)], o.prepare);
    const settings = openSumsSettings(o.prepare);
    const statements = [
      'BEGIN',
      ...(o.submitted.length ? [markSubmittedSql(o.submitted)] : []),
      lockSql,
      ...settings.map(([name, value]) => `SET LOCAL ${name} = ${value}`),
      sumsSql,
      ...settings.map(([name]) => `SET LOCAL ${name} TO DEFAULT`),
    ];
    try {
      if (o.prepare) await ensurePrepared(client, [LOCK_SIGNERS, OPEN_SUMS, ...o.writes]);
      const results = (await client.query(statements.join(';\n'))) as unknown as QueryResult[];
      const locked = results[statements.indexOf(lockSql)];
      const sums = results[statements.indexOf(sumsSql)];
      const open = (sums.rows as { key: string; block: string | null; signer: string; amount: string; gas: string }[]).map((r) => ({
        key: r.key,
        block: r.block === null ? null : BigInt(r.block),
        signer: r.signer,
        amount: BigInt(r.amount),
        gas: BigInt(r.gas),
      }));
      return new SignerLock(client, new Map((locked.rows as SignerRow[]).map((r) => [r.id, r])), open);
    } catch (e) {
      await rollback(client);
      throw e;
    }
  }

  /** One signer's view: the open amounts of its funding keys (whoever signed them), the gas of its own payments only. */
  openFor(signerId: string, fundingKeys: ReadonlyMap<string, unknown>): OpenPaymentSum[] {
    return this.open
      .filter((r) => r.signer === signerId || fundingKeys.has(r.key))
      .map((r) => ({ key: r.key, block: r.block, amount: r.amount, gas: r.signer === signerId ? r.gas : 0n }));
  }

  /** Runs the batch's writes and COMMIT in one trip; the lock is released either way. */
  async commit(writes: string): Promise<void> {
    this.done = true;
    try {
      await this.client.query(`${writes};\nCOMMIT`);
      this.client.release();
    } catch (e) {
      await rollback(this.client);
      throw e;
    }
  }

  /** Gives the lock back without writing (nothing signed, or an error before commit). */
  async release(): Promise<void> {
    if (this.done) return;
    this.done = true;
    await rollback(this.client);
  }
}

/** The signers' rows, locked in id order ($1: their ids). */
export const LOCK_SIGNERS = new PreparedStatement(
  'bridge_lock_signers',
  ['uuid[]'],
  `SELECT id, address, key_path, next_nonce FROM wallets WHERE id = ANY($1) ORDER BY id FOR UPDATE`,
);

/**
 * Sums of our payments that chain readings at block $3 may not show — open, or mined after it — per
 * funding key, block and signer: every payment funded by one of the batch's wallets ($2: its funding
 * wallets and its signers), and those its signers ($1) signed for other funding wallets (a delegated
 * wallet's spender paying their gas), each payment once; `openFor` picks what each signer's part needs.
 * Four arms, each one partial index's lookup: by funder, open (ix_payments_funding_open) and mined after
 * the reading (ix_payments_mined_funding: funder, then block); by signer, the payments it signed for
 * another wallet (ix_payments_open_delegated, ix_payments_mined_delegated; migration 1766500000000).
 * As one OR of funder and signer, the funder became a filter over every wallet's recent payments in the
 * plan kept without the block, so it was planned per call (~0.35 ms, the largest planning cost per
 * approval at 200/s: docs/performance.md, session 22); split, every plan keeps each arm's conditions in
 * its index (e2e-tested), so it is prepared and runs on its generic plan.
 */
export const OPEN_SUMS = new PreparedStatement(
  'bridge_open_sums',
  ['uuid[]', 'uuid[]', 'bigint'],
  `SELECT funding_wallet_id || '/' || asset_symbol AS key, block_number::text AS block, wallet_id::text AS signer, SUM(amount)::text AS amount,
          SUM(gas_limit * max_fee_per_gas + (CASE WHEN kind = 'NATIVE' THEN amount ELSE 0 END))::text AS gas
     FROM (SELECT ${OPEN_COLUMNS} FROM payments WHERE open AND funding_wallet_id = ANY($2)
           UNION ALL
           SELECT ${OPEN_COLUMNS} FROM payments WHERE NOT open AND block_number > $3 AND funding_wallet_id = ANY($2)
           UNION ALL
           SELECT ${OPEN_COLUMNS} FROM payments
            WHERE open AND wallet_id <> funding_wallet_id AND wallet_id = ANY($1) AND funding_wallet_id <> ALL($2)
           UNION ALL
           SELECT ${OPEN_COLUMNS} FROM payments
            WHERE NOT open AND wallet_id <> funding_wallet_id AND wallet_id = ANY($1) AND block_number > $3 AND funding_wallet_id <> ALL($2)) p
    GROUP BY funding_wallet_id, asset_symbol, block_number, wallet_id`,
);

/**
 * The planner settings OPEN_SUMS runs under, set for it alone (the server's own apply before and after):
 * its generic plan where it is prepared (auto mode may keep planning per call, as it did for APPROVALS),
 * and no parallel workers. Blind to the arrays' sizes, the generic plan's estimates (thousands of rows for
 * a few hundred) made it a parallel plan: two workers started per batch for ~1 ms of work took 10–30 ms
 * (auto_explain at saturation: docs/performance.md, session 23). The plans under them are e2e-tested.
 */
export function openSumsSettings(prepared: boolean): [string, string][] {
  return [...(prepared ? [['plan_cache_mode', 'force_generic_plan'] as [string, string]] : []), ['max_parallel_workers_per_gather', '0']];
}

/**
 * Broadcast payments → SUBMITTED (a HOT update: no indexed value changes), found by their attempt's
 * hash, the primary key of payment_transactions. The hashes go as bpchar[]: tx_hash is char(66), and
 * char = text compares as text, which no index serves (a scan per batch).
 * Rows another transaction holds are skipped (SKIP LOCKED): that is the tracker recording them mined,
 * which sets submitted_at itself. Waiting on it held the wallet's lock — the marks ride in a batch's
 * lock trip — for as long as the tracker's statement ran (tens of ms right after a burst).
 */
export function markSubmittedSql(hashes: readonly string[]): string {
  return `UPDATE payments SET status = 'SUBMITTED', submitted_at = now(), last_broadcast_at = now()
           WHERE id IN (SELECT p.id FROM payment_transactions t JOIN payments p ON p.id = t.payment_id
                         WHERE t.tx_hash = ANY(${sqlLiteral(`{${hashes.join(',')}}`)}::bpchar[]) AND p.status = 'SIGNED'
                           FOR UPDATE OF p SKIP LOCKED)`;
}

async function rollback(client: PoolClient): Promise<void> {
  try {
    await client.query('ROLLBACK');
    client.release();
  } catch (e) {
    client.release(e as Error); // a broken connection leaves the pool
  }
}
