import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, sqlLiteral } from '@bridge/persistence';
import { OPEN_SUMS, openSumsSettings, SignerLock } from '../../apps/authorizer/src/settlement/signer-lock';
import { explain } from './support/explain';
import { query } from './support/query';
import { startTestStack, type TestStack } from './support/test-stack';

/**
 * The funds check's open sums (OPEN_SUMS, read under the signers' locks) against the real schema: which
 * payments a chain reading may not show, per funding key, block and signer. Its four arms split one
 * condition — funded by a batch's wallet, or signed by its signer for another wallet — so a payment that
 * is both must be counted once, and one that is neither, or mined by the reading's block, not at all.
 */
jest.setTimeout(120_000);

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});

afterAll(async () => {
  await stack?.teardown();
});

interface Row {
  readonly signer: string;
  readonly funder: string;
  readonly status: 'SIGNED' | 'SUBMITTED' | 'CONFIRMED' | 'FAILED';
  readonly block?: number;
  readonly amount: bigint;
  readonly native?: true;
}

/** Five wallets and 15 payments across the arms' conditions, for a batch of A's and D's orders signed by A and P. */
async function seed(db: Client, chain: string, authorizationStatus: string): Promise<{ ids: string[]; name: (id: string) => string }> {
  // A: custodial (signs its own); D: delegated, paid by spender P; E: another wallet P spends for; X: unrelated.
  const [a, d, p, e, x] = [await wallet(db, chain), await wallet(db, chain), await wallet(db, chain), await wallet(db, chain), await wallet(db, chain)];
  const rows: Row[] = [
    { signer: a, funder: a, status: 'SIGNED', amount: 1n }, // open, funded by A
    { signer: a, funder: a, status: 'SUBMITTED', amount: 7n, native: true }, // the coin pays amount and gas
    { signer: p, funder: d, status: 'SUBMITTED', amount: 10n }, // open, funded by D and signed by P: once
    { signer: p, funder: e, status: 'SIGNED', amount: 100n }, // open, P's gas for another funder
    { signer: a, funder: a, status: 'CONFIRMED', block: 101, amount: 1_000n }, // mined after the reading
    { signer: a, funder: a, status: 'CONFIRMED', block: 100, amount: 2n }, // mined by it: shown
    { signer: p, funder: e, status: 'FAILED', block: 102, amount: 10_000n }, // reverted after it: its gas was spent
    { signer: p, funder: e, status: 'CONFIRMED', block: 99, amount: 3n }, // shown
    { signer: p, funder: d, status: 'CONFIRMED', block: 103, amount: 100_000n }, // both arms' condition: once
    { signer: p, funder: p, status: 'SIGNED', amount: 20_000n }, // the spender's own payment: its gas
    { signer: x, funder: a, status: 'SUBMITTED', amount: 40n }, // funded by A, whoever signed it
    { signer: x, funder: p, status: 'SIGNED', amount: 30n }, // funded by a batch wallet: summed, not used (openFor)
    { signer: x, funder: e, status: 'SIGNED', amount: 50n }, // neither funded nor signed by the batch's wallets
    { signer: x, funder: x, status: 'SIGNED', amount: 4n },
    { signer: x, funder: x, status: 'CONFIRMED', block: 105, amount: 5n },
  ];
  for (const [i, row] of rows.entries()) await payment(db, { ...row, chain, authorizationStatus }, i);
  const names = new Map([a, d, p, e, x].map((id, i) => [id, 'ADPEX'[i]]));
  return { ids: [a, d, p, e, x], name: (id) => names.get(id)! };
}

describe('the funds check’s open sums', () => {
  it('count each payment a reading at block 100 may not show once, whichever arm finds it, in every plan', async () => {
    const db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
    try {
      // The rows exist only in this transaction: the running authorizer never sees them.
      await db.query('BEGIN');
      const {
        ids: [a, d, p],
        name,
      } = await seed(db, 'eip155:31337', 'RECEIVED');
      const expected = [
        'A/ETH open A 7 8',
        'A/USDC 101 A 1000 1',
        'A/USDC open A 1 1',
        'A/USDC open X 40 1',
        'D/USDC 103 P 100000 1',
        'D/USDC open P 10 1',
        'E/USDC 102 P 10000 1',
        'E/USDC open P 100 1',
        'P/USDC open P 20000 1',
        'P/USDC open X 30 1',
      ];
      const args = [sqlLiteral(`{${a},${p}}`), sqlLiteral(`{${a},${d},${p}}`), sqlLiteral(100n)];
      const read = async (text: string) => {
        const result = await db.query<{ key: string; block: string | null; signer: string; amount: string; gas: string }>(text);
        return result.rows.map((r) => `${keyName(r.key, name)} ${r.block ?? 'open'} ${name(r.signer)} ${r.amount} ${r.gas}`).sort();
      };
      expect(await read(OPEN_SUMS.inline(args))).toEqual(expected);
      await db.query(OPEN_SUMS.prepareSql);
      for (const mode of ['force_custom_plan', 'force_generic_plan']) {
        await db.query(`SET LOCAL plan_cache_mode = ${mode}`);
        expect(await read(OPEN_SUMS.execute(args))).toEqual(expected);
      }
    } finally {
      await db.query('ROLLBACK').catch(() => undefined);
      await db.end();
    }
  });

  it('are what the signers’ lock gives each signer, prepared or not, and leave the batch’s writes the server’s planner settings', async () => {
    // Committed on a chain of their own, which the running authorizer's tracker does not read; answered rows.
    const seeder = new Client({ connectionString: stack.databaseUrl });
    await seeder.connect();
    const {
      ids: [a, d, p],
      name,
    } = await seed(seeder, 'eip155:999999', 'DECLINED').finally(() => seeder.end());
    const db = new DataSource(dataSourceOptions(stack.databaseUrl, { size: 1 })); // one connection: both modes share it
    await db.initialize();
    try {
      // What the batch's writes run under, after the lock trip: the server's settings, not the open sums' own.
      await db.query(`CREATE TEMP TABLE planner_at_commit (prepare boolean, cache text, workers text)`);
      const atCommit = (prepare: boolean) =>
        `INSERT INTO planner_at_commit VALUES (${prepare}, current_setting('plan_cache_mode'), current_setting('max_parallel_workers_per_gather'))`;
      for (const prepare of [true, false]) {
        const lock = await SignerLock.acquire(db, { signerIds: [a, p].sort(), fundingIds: [a, d], minedAfter: 100n, submitted: [], writes: [], prepare });
        const view = (signer: string, keys: string[]) =>
          lock
            .openFor(signer, new Map(keys.map((k) => [k, true])))
            .map((s) => `${keyName(s.key, name)} ${s.block ?? 'open'} ${s.amount} ${s.gas}`)
            .sort();
        try {
          expect([...lock.signers.keys()].sort()).toEqual([a, p].sort());
          // A's own keys: its payments' amounts, and gas of those it signed (not X's).
          expect(view(a, [`${a}/USDC`, `${a}/ETH`])).toEqual(['A/ETH open 7 8', 'A/USDC 101 1000 1', 'A/USDC open 1 1', 'A/USDC open 40 0']);
          // P signs for D: D's payments, and the gas of everything P signed, for whichever funder.
          expect(view(p, [`${d}/USDC`])).toEqual(['D/USDC 103 100000 1', 'D/USDC open 10 1', 'E/USDC 102 10000 1', 'E/USDC open 100 1', 'P/USDC open 20000 1']);
        } catch (e) {
          await lock.release();
          throw e;
        }
        await lock.commit(atCommit(prepare));
      }
      const server = (await db.query(`SELECT current_setting('plan_cache_mode') AS cache, current_setting('max_parallel_workers_per_gather') AS workers`)) as {
        cache: string;
        workers: string;
      }[];
      expect(await db.query(`SELECT prepare, cache, workers FROM planner_at_commit ORDER BY prepare`)).toEqual([
        { prepare: false, ...server[0] },
        { prepare: true, ...server[0] },
      ]);
    } finally {
      await db.destroy();
    }
  });
});

describe('the funds check’s plans', () => {
  it('each arm looks up its own partial index in both plans, and none takes parallel workers', async () => {
    const [{ id: wallet }] = await query<{ id: string }>(stack.databaseUrl, `SELECT id FROM wallets WHERE key_path IS NOT NULL LIMIT 1`);
    const args = [sqlLiteral(`{${wallet}}`), sqlLiteral(`{${wallet}}`), sqlLiteral(0n)];
    // Parallel workers free: the statement's own settings must keep them out — without them its generic
    // plan took two (session 23).
    const eager = ['parallel_setup_cost', 'parallel_tuple_cost', 'min_parallel_table_scan_size', 'min_parallel_index_scan_size'].map((n) => `SET ${n} = 0`);
    const settings = openSumsSettings(true).map(([name, value]) => `SET ${name} = ${value}`);
    for (const mode of ['force_custom_plan', 'force_generic_plan']) {
      const p = await explain(stack.databaseUrl, OPEN_SUMS.execute(args), [], [...eager, ...settings, `SET plan_cache_mode = ${mode}`, OPEN_SUMS.prepareSql]);
      expect(p).not.toMatch(/Gather|Parallel|Seq Scan/);
      // By funder, open and mined after the reading (funder, then block: each funder's own recent rows, not
      // a pass over every wallet's per funder); by signer, only the payments it signed for another wallet.
      expect(p).toMatch(/ix_payments_funding_open[^\n]*\n[^\n]*Index Cond: \(funding_wallet_id = ANY /);
      expect(p).toMatch(/ix_payments_mined_funding[^\n]*\n[^\n]*Index Cond: \(\(funding_wallet_id = ANY .*AND \(block_number > /);
      expect(p).toMatch(/ix_payments_open_delegated[^\n]*\n[^\n]*Index Cond: \(wallet_id = ANY /);
      expect(p).toMatch(/ix_payments_mined_delegated[^\n]*\n[^\n]*Index Cond: \(\(wallet_id = ANY .*AND \(block_number > /);
    }
  });
});

const keyName = (key: string, name: (id: string) => string) => `${name(key.split('/')[0])}/${key.split('/')[1]}`;

async function wallet(db: Client, chain: string): Promise<string> {
  const id = randomUUID();
  const address = `0x${randomBytes(20).toString('hex')}`;
  await db.query(`INSERT INTO wallets (id, chain, address, custody) VALUES ($1, $2, $3, 'CUSTODIAL')`, [id, chain, address]);
  return id;
}

/** A payment of `row` (gas limit 1 at 1 wei: gas = 1 per payment) with the authorization it belongs to. */
async function payment(db: Client, row: Row & { chain: string; authorizationStatus: string }, i: number): Promise<void> {
  const authorization = randomUUID();
  await db.query(
    `INSERT INTO authorizations (id, acquirer_id, stan, transmission_date_time, terminal_id, mti, request_hash, pan_token, pan_last4, merchant_id,
                                 amount_minor, currency_numeric, status, received_at)
     VALUES ($1, '777777', $2, '1130000000', 'OPENSUMS', '0100', repeat('0', 64), repeat('0', 64), '0000', 'M', 100, '840', $3, now())`,
    [authorization, String(i).padStart(6, '0'), row.authorizationStatus],
  );
  await db.query(
    `INSERT INTO payments (id, authorization_id, wallet_id, funding_wallet_id, kind, chain, nonce, asset_symbol, destination, amount, tx_hash,
                           max_fee_per_gas, max_priority_fee_per_gas, gas_limit, status, block_number, created_at)
     VALUES ($1, $2, $3, $4, $11, $13, $5, $12, $6, $7, $8, 1, 1, 1, $9, $10, now())`,
    [
      randomUUID(),
      authorization,
      row.signer,
      row.funder,
      i,
      `0x${'0'.repeat(40)}`,
      row.amount.toString(),
      `0x${randomBytes(32).toString('hex')}`,
      row.status,
      row.block ?? null,
      row.native ? 'NATIVE' : row.signer === row.funder ? 'ERC20_TRANSFER' : 'ERC20_TRANSFER_FROM',
      row.native ? 'ETH' : 'USDC',
      row.chain,
    ],
  );
}
