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
   * after `minedAfter`, per funding key, block and signer. `submitted` (hashes broadcast since the
   * last batch) are marked SUBMITTED in the same trip; if the batch rolls back the marks are lost,
   * which is harmless (the tracker finds them on the node). `writes`: the statements `commit` will
   * execute, prepared on this connection first if it has not yet (unless `prepare` is off).
   */
  static async acquire(db: DataSource, o: LockRequest): Promise<SignerLock> {
    const client = await pgPool(db).connect();
    const signers = sqlLiteral(`{${o.signerIds.join(',')}}`);
    const funding = sqlLiteral(`{${o.fundingIds.join(',')}}`);
    const marks = o.submitted.length ? `${markSubmittedSql(o.submitted)};` : '';
    try {
      if (o.prepare) await ensurePrepared(client, [LOCK_SIGNERS, ...o.writes]);
      const results = (await client.query(
        `BEGIN; ${marks}
         ${LOCK_SIGNERS.sql([signers], o.prepare)};
         ${openSumsSql(signers, funding, o.minedAfter)}`,
      )) as unknown as QueryResult[];
      const [locked, sums] = results.slice(-2);
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
 * Sums of our payments that chain readings at `minedAfter` may not show — open, or mined after it — per
 * funding key, block and signer, for the batch's signers and funding wallets (SQL array literals). The
 * mined ones come off ix_payments_mined (block, funder) and ix_payments_mined_signer (signer, block):
 * both conditions of each arm of the OR are index conditions, so the heap is read for the batch's
 * wallets' recent payments only. Not a prepared statement: planned without the block, the funder is
 * only a filter over every wallet's payments mined since (e2e-tested), so it is planned per call.
 */
export function openSumsSql(signers: string, funding: string, minedAfter: bigint): string {
  const mine = `(funding_wallet_id = ANY(${funding}::uuid[]) OR wallet_id = ANY(${signers}::uuid[]))`;
  return `SELECT funding_wallet_id || '/' || asset_symbol AS key, block_number::text AS block, wallet_id::text AS signer, SUM(amount)::text AS amount,
                 SUM(gas_limit * max_fee_per_gas + (CASE WHEN kind = 'NATIVE' THEN amount ELSE 0 END))::text AS gas
            FROM (SELECT ${OPEN_COLUMNS} FROM payments WHERE ${mine} AND open
                  UNION ALL
                  SELECT ${OPEN_COLUMNS} FROM payments WHERE NOT open AND block_number > ${sqlLiteral(minedAfter)}::bigint AND ${mine}) p
           GROUP BY funding_wallet_id, asset_symbol, block_number, wallet_id`;
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
