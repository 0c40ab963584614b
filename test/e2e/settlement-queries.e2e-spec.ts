import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { decodeDe48 } from '@bridge/contracts';
import { dataSourceOptions, PreparedStatement, sqlLiteral } from '@bridge/persistence';
import { HOT_TABLES, HOT_TABLES_STATISTICS_TARGET } from '../../libs/persistence/src/migrations/1766100000000-hot-tables-small-statistics-sample';
import { ReversedUnsettledAdvices1766400000000 } from '../../libs/persistence/src/migrations/1766400000000-reversed-unsettled-advices';
import { PanTokenizer } from '@bridge/runtime';
import { AuthorizationContext } from '../../apps/authorizer/src/pipeline/authorization-context';
import { ANSWER_SQL, APPROVALS, APPROVALS_SETTINGS } from '../../apps/authorizer/src/pipeline/answer-sql';
import { AuthorizationRecorder, RECEIVED } from '../../apps/authorizer/src/pipeline/authorization-recorder';
import { OPEN_PAYMENTS_SQL, type OpenPayment } from '../../apps/authorizer/src/settlement/open-payment';
import { RECORD_MINED_SQL } from '../../apps/authorizer/src/settlement/record-mined-sql';
import { LOCK_SIGNERS, markSubmittedSql } from '../../apps/authorizer/src/settlement/signer-lock';
import { INSERT_PAYMENTS } from '../../apps/authorizer/src/settlement/payment-batch-writer';
import { STALE_AUTHORIZATIONS_SQL } from '../../apps/authorizer/src/settlement/stale-authorization-sweeper';
import { IsoClient } from '../../tools/harness/iso-client';
import { DEMO } from '../../tools/dev/demo-data';
import { eventually } from './support/chain';
import { burst } from './support/burst';
import { explain } from './support/explain';
import { query } from './support/query';
import { startTestStack, type TestStack } from './support/test-stack';

/**
 * The settlement's statements against the real schema: their plans, HOT updates, the RECEIVED row's
 * commit and the stale-authorization sweep (settlement.e2e-spec.ts checks the money on the chain).
 */
jest.setTimeout(120_000);

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ RESPONSE_DEADLINE_MS: '30000', TRACKER_POLL_MS: '200' });
});

afterAll(async () => {
  await stack?.teardown();
});

const sql = <T>(text: string, params: unknown[] = []) => query<T>(stack.databaseUrl, text, params);

/** An authorization's context as the recorder receives it: a 0100 of `pan` from a test terminal, 1.00 USD. */
function recorderContext(pan: string, terminalId: string): AuthorizationContext {
  const request = {
    mti: '0100',
    pan,
    processingCode: '000000',
    amountMinor: 100n,
    transmissionDateTime: '1129120000',
    stan: String(Math.floor(Math.random() * 1e6)).padStart(6, '0'),
    acquirerId: '999999',
    terminalId,
    merchantId: 'CRYPTOMERCH0001',
    currencyNumeric: '840',
    echo: {},
  };
  return new AuthorizationContext(request, Date.now() + 5_000);
}

describe('the per-batch and per-pass queries stay index lookups as the tables grow', () => {
  // Each of these once scanned every payment on every batch.
  const plan = (text: string, params: unknown[] = [], setup: string[] = []) => explain(stack.databaseUrl, text, params, setup);

  // The hot statements run prepared (PreparedStatement, or named through node-postgres): PostgreSQL plans
  // the first executions for their values, then may keep one generic plan. Both plans of each must hold.
  const MODES = ['force_custom_plan', 'force_generic_plan'] as const;
  const planPrepared = (s: PreparedStatement, args: string[], mode: (typeof MODES)[number]) =>
    plan(s.execute(args), [], [`SET plan_cache_mode = ${mode}`, s.prepareSql]);
  const RECORD_MINED = new PreparedStatement('record_mined', ['text[]', 'bpchar[]', 'bigint[]', 'text[]', 'numeric[]', 'numeric[]'], RECORD_MINED_SQL);
  const arrayOf = (values: string[]) => sqlLiteral(`{${values.join(',')}}`);

  it('SUBMITTED marks, the tracker matching mined hashes, the stale-authorization sweep', async () => {
    const client = await IsoClient.connect('127.0.0.1', stack.isoPort);
    const answers = await burst(client, 3, { amount: '0.10' });
    client.close();
    const hashes = answers.map((a) => decodeDe48(a.additionalData)['03']);
    expect(hashes).toHaveLength(3);
    const marks = await plan(markSubmittedSql(hashes));
    const ones = arrayOf(hashes.map(() => '1'));
    const mined = [arrayOf(hashes.map(() => 'CONFIRMED')), arrayOf(hashes), ones, arrayOf(hashes), ones, ones];
    const sweep = await plan(STALE_AUTHORIZATIONS_SQL, [new Date(Date.now() - 60_000), '1000', '10500']);
    const [wallet] = await sql<{ id: string }>(`SELECT id FROM wallets WHERE key_path IS NOT NULL LIMIT 1`);
    const wallets = arrayOf([wallet.id]);
    const prepared: string[] = [];
    for (const mode of MODES) prepared.push(await planPrepared(RECORD_MINED, mined, mode), await planPrepared(LOCK_SIGNERS, [wallets], mode));
    // The approvals in a payment's commit: a primary-key lookup by the ids in every plan, the generic one included.
    const [answered] = await sql<{ id: string }>(`SELECT id FROM authorizations WHERE stan = $1`, [answers[0].stan]);
    const approvals = [sqlLiteral(JSON.stringify([{ id: answered.id }])), '1', arrayOf([answered.id])];
    const approvalPlans = await Promise.all(MODES.map((mode) => planPrepared(APPROVALS, approvals, mode)));
    for (const p of approvalPlans) expect(p).toMatch(/Index Cond: \(id = ANY \(/);
    for (const p of [marks, sweep, ...prepared, ...approvalPlans])
      expect(p).not.toMatch(/Seq Scan on (payments|payment_transactions|authorizations|wallets)\b/);
    expect(sweep).toMatch(/Index Cond: \(\(received_at >= /); // from the watermark, not a walk of every row
  });

  it('the tracker finds each mined hash by one probe of the attempts key, however many a pass carries', async () => {
    // Four 100 ms blocks at 1,500+ payments/s: as a plain join the planner hashed the whole table instead.
    const hashes = Array.from({ length: 600 }, () => `0x${randomBytes(32).toString('hex')}`);
    const column = (v: string) => arrayOf(hashes.map(() => v));
    for (const mode of MODES) {
      const mined = await planPrepared(RECORD_MINED, [column('CONFIRMED'), arrayOf(hashes), column('1'), arrayOf(hashes), column('1'), column('1')], mode);
      expect(mined).not.toMatch(/Hash Cond: \((u\.hash = t\.tx_hash|t\.tx_hash = u\.hash)\)/);
      expect(mined).toMatch(/Index Cond: \(tx_hash = u\.hash\)/);
    }
  });

  it('the tracker records each mined hash with one probe, however many payments are open and whatever the statistics say', async () => {
    // Autovacuum in a quiet moment leaves the open-payment partial indexes looking empty; the recording
    // once drove its join from one of them and ran every hash's probe again per open payment (session 12:
    // 1,088 open × 104 hashes, 1.2 s per 100 ms block — the block scan stalled while the chain mined on).
    const client = await IsoClient.connect('127.0.0.1', stack.isoPort);
    await burst(client, 12, { amount: '0.10' });
    client.close();
    await eventually(async () => (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM payments WHERE open`))[0].n === 0);
    await sql('VACUUM ANALYZE payments');
    const [{ n: emptyIndexes }] = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_class WHERE relname IN ('ix_payments_open', 'ix_payments_funding_open') AND reltuples = 0`,
    );
    expect(emptyIndexes).toBe(2); // the condition this test is about
    const paid = await sql<{ id: string; tx_hash: string }>(`SELECT id, tx_hash FROM payments ORDER BY created_at DESC LIMIT 12`);
    expect(paid).toHaveLength(12);
    // 12 payments open again (in a transaction rolled back; the statistics still say none), 100 hashes mined.
    const hashes = [...paid.map((p) => p.tx_hash), ...Array.from({ length: 88 }, () => `0x${randomBytes(32).toString('hex')}`)];
    const column = (v: string) => arrayOf(hashes.map(() => v));
    const args = [column('CONFIRMED'), arrayOf(hashes), column('1'), arrayOf(hashes), column('1'), column('1')];
    for (const mode of MODES) {
      const db = new Client({ connectionString: stack.databaseUrl });
      await db.connect();
      try {
        await db.query('BEGIN');
        await db.query(`UPDATE payments SET status = 'SUBMITTED' WHERE id = ANY($1)`, [paid.map((p) => p.id)]);
        await db.query(`SET LOCAL plan_cache_mode = ${mode}`);
        await db.query(RECORD_MINED.prepareSql);
        const rows = (await db.query(`EXPLAIN (ANALYZE, TIMING OFF) ${RECORD_MINED.execute(args)}`)).rows as { 'QUERY PLAN': string }[];
        const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
        expect(plan).toMatch(/Update on payments .*actual rows=12(\.00)? /); // the 12 recorded
        const loops = [...plan.matchAll(/loops=(\d+)/g)].map((m) => Number(m[1]));
        // No part of the plan runs once per open payment per hash: each hash is probed once.
        expect(Math.max(...loops)).toBeLessThanOrEqual(hashes.length);
        expect(plan).not.toMatch(/using ix_payments_\w*open\b/);
      } finally {
        await db.query('ROLLBACK');
        await db.end();
      }
    }
  });

  it('the tracker’s pass takes wallets in turn: a wallet with many open payments cannot keep another’s first one out of the row limit', async () => {
    const client = await IsoClient.connect('127.0.0.1', stack.isoPort);
    const delegated = { pan: DEMO.delegatedCard.pan, expiry: DEMO.delegatedCard.expiry };
    const answers = (await Promise.all([burst(client, 3, { amount: '0.20' }), burst(client, 3, { ...delegated, amount: '0.20' })])).flat();
    client.close();
    expect(answers.map((a) => a.responseCode)).toEqual(Array(6).fill('00'));
    const hashes = answers.map((a) => decodeDe48(a.additionalData)['03']);
    await eventually(async () => (await sql(`SELECT 1 FROM payments WHERE tx_hash = ANY($1) AND NOT open`, [hashes])).length === 6);
    const db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
    try {
      await db.query('BEGIN'); // all six open again and quiet, rolled back afterwards
      await db.query(`UPDATE payments SET status = 'SUBMITTED', last_broadcast_at = now() - interval '1 minute' WHERE tx_hash = ANY($1)`, [hashes]);
      const rows = (await db.query(OPEN_PAYMENTS_SQL, [stack.seed.chain, 2, 5_000])).rows as OpenPayment[];
      expect(new Set(rows.map((r) => r.address)).size).toBe(2); // ordered by wallet, both rows were one wallet's
      const lowest = (await db.query(`SELECT wallet_id, min(nonce)::text AS nonce FROM payments WHERE tx_hash = ANY($1) GROUP BY wallet_id`, [hashes]))
        .rows as { nonce: string }[];
      expect(rows.map((r) => r.nonce).sort()).toEqual(lowest.map((r) => r.nonce).sort()); // each wallet's first
      expect(rows.every((r) => r.attempts.length === 1 && hashes.includes(r.attempts[0].tx_hash))).toBe(true);
    } finally {
      await db.query('ROLLBACK');
      await db.end();
    }
  });

  it('batched statements tell the planner how many rows they carry (json_to_recordset is assumed to return 100)', async () => {
    const [row] = await sql<{ id: string }>(`SELECT id FROM authorizations LIMIT 1`);
    const answers = JSON.stringify([{ id: row.id }, { id: randomUUID() }]);
    // EXPLAIN without ANALYZE: the inserts are planned, not run.
    const received = sqlLiteral(JSON.stringify([{ id: randomUUID(), pan_token: 'x' }]));
    const payments = [sqlLiteral('[]'), '1', sqlLiteral('eip155:1'), '1', '1'];
    // The answer is planned per call (not prepared): with the count, a probe per answer.
    const answer = await plan(ANSWER_SQL, [answers, 2]);
    expect(answer).toMatch(/Limit {2}\(cost=[^)]* rows=2 /);
    expect(answer).toMatch(/Index Cond: \(id = v\.id\)/);
    expect(await planPrepared(RECEIVED, [received, '1'], MODES[0])).toMatch(/Limit {2}\(cost=[^)]* rows=1 /);
    // The prepared ones' generic plans cannot know the count and assume a tenth of json_to_recordset's 100 rows.
    const plans = [];
    for (const mode of MODES) plans.push(await planPrepared(RECEIVED, [received, '1'], mode), await planPrepared(INSERT_PAYMENTS, payments, mode));
    for (const p of plans) expect(p).not.toMatch(/Seq Scan on (payments|payment_transactions|authorizations|wallets)\b/);
    // PG_PREPARED_STATEMENTS=off (a transaction-mode pooler): the same statements inline, planned per call with the count.
    expect(await plan(RECEIVED.inline([received, '1']))).toMatch(/Limit {2}\(cost=[^)]* rows=1 /);
    expect(await plan(INSERT_PAYMENTS.inline(payments))).toMatch(/Limit {2}\(cost=[^)]* rows=1 /);
    const [wallet] = await sql<{ id: string }>(`SELECT id FROM wallets LIMIT 1`);
    expect(await plan(LOCK_SIGNERS.inline([arrayOf([wallet.id])]))).toMatch(/wallets/);
  });

  it('the approvals’ generic plan reads their JSON rows once (a hash), not once per authorization', async () => {
    const rows = await sql<{ id: string }>(`SELECT id FROM authorizations LIMIT 2`);
    const args = [sqlLiteral(JSON.stringify(rows)), String(rows.length), arrayOf(rows.map((r) => r.id))];
    const settings = APPROVALS_SETTINGS.map(([name, value]) => `SET ${name} = ${value}`);
    const p = await plan(APPROVALS.execute(args), [], [...settings, APPROVALS.prepareSql]);
    expect(p).toMatch(/Hash Cond: \(a\.id = v\.id\)/);
    expect(p).toMatch(/Index Cond: \(id = ANY \(\$3\)\)/);
    expect(p).not.toMatch(/Nested Loop/);
  });

  it('the RECEIVED insert commits without waiting for the WAL for itself only: its pooled connection is back to synchronous commits', async () => {
    const db = new DataSource(dataSourceOptions(stack.databaseUrl, { size: 1 })); // one connection: the next query gets the same one
    await db.initialize();
    try {
      const recorder = new AuthorizationRecorder(db, PanTokenizer.fromHex('ab'.repeat(32)));
      const ctx = recorderContext('4000000000000002', 'SYNCTEST');
      expect(await recorder.begin(ctx)).toBeUndefined();
      expect(await db.query(`SHOW synchronous_commit`)).toEqual([{ synchronous_commit: 'on' }]);
      expect(await db.query(`SELECT status, pan_last4 FROM authorizations WHERE id = $1`, [ctx.authorizationId])).toEqual([
        { status: 'RECEIVED', pan_last4: '0002' },
      ]);
    } finally {
      await db.destroy();
    }
  });

  it("the RECEIVED insert reads the card's wallet row with the card: a card that has not paid for a while costs no wallet lookup", async () => {
    const db = new DataSource(dataSourceOptions(stack.databaseUrl, { size: 1 }));
    await db.initialize();
    try {
      const key = readFileSync(join(stack.dataDir, 'secrets', 'pan-hmac.key'), 'utf8').trim();
      const recorder = new AuthorizationRecorder(db, PanTokenizer.fromHex(key));
      const ctx = recorderContext(DEMO.cryptoCard.pan, 'WALLETRD');
      expect(await recorder.begin(ctx)).toBeUndefined();
      const [row] = await sql<{ id: string; address: string; custody: string; key_path: string | null; spender_wallet_id: string | null }>(
        `SELECT id, address, custody, key_path, spender_wallet_id FROM wallets WHERE address = $1`,
        [stack.seed.cardWallet],
      );
      expect(ctx.cardLookup?.walletId).toBe(row.id);
      expect(ctx.cardLookup?.wallet).toEqual({
        id: row.id,
        address: row.address,
        custody: row.custody,
        keyPath: row.key_path,
        spenderWalletId: row.spender_wallet_id,
      });
    } finally {
      await db.destroy();
    }
  });

  it('the answer sets no indexed column of authorizations, so PostgreSQL can update the row in place (HOT)', async () => {
    const setClause = ANSWER_SQL.slice(ANSWER_SQL.indexOf(' SET '), ANSWER_SQL.indexOf(' FROM '));
    const set = [...setClause.matchAll(/(\w+) = (?:v\.\w+|now\(\))/g)].map((m) => m[1]);
    expect(set).toEqual(expect.arrayContaining(['status', 'response_code', 'responded_at', 'needs_review']));
    const indexes = await sql<{ def: string }>(`SELECT pg_get_indexdef(indexrelid) AS def FROM pg_index WHERE indrelid = 'authorizations'::regclass`);
    // needs_review is only ever set to false on the hot path: unchanged values keep an update HOT.
    const changing = set.filter((c) => c !== 'needs_review');
    for (const { def } of indexes) for (const c of changing) expect([def, new RegExp(`\\b${c}\\b`).test(def)]).toEqual([def, false]);
  });
});

describe('stale-authorization sweep (authorizations left RECEIVED by a stopped process)', () => {
  it('closes every stale row from its watermark on as DECLINED 91, a full page of 500 and the rest on the next pass', async () => {
    const db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
    try {
      // As if the bridge had been down for an hour: the watermark an hour back, the rows just above it, all
      // past the cutoff. Holding the watermark's lock meanwhile keeps the running authorizer's sweep out.
      await db.query('BEGIN');
      await db.query(`UPDATE stale_sweep_watermarks SET swept_before = now() - interval '1 hour' WHERE name = 'authorizations'`);
      await db.query(
        `INSERT INTO authorizations (id, acquirer_id, stan, transmission_date_time, terminal_id, mti, request_hash, pan_token, pan_last4, merchant_id,
                                     amount_minor, currency_numeric, status, received_at)
         SELECT gen_random_uuid(), '777777', lpad(i::text, 6, '0'), '1129000000', 'SWEEPTST', '0100', repeat('0', 64), repeat('0', 64), '0000', 'M',
                100, '840', 'RECEIVED', (SELECT swept_before FROM stale_sweep_watermarks WHERE name = 'authorizations') + i * interval '1 microsecond'
           FROM generate_series(1, 600) AS i`,
      );
      await db.query('COMMIT');
    } finally {
      await db.end();
    }
    const closed = async () =>
      (
        await sql<{ n: number }>(
          `SELECT count(*)::int AS n FROM authorizations WHERE terminal_id = 'SWEEPTST' AND status = 'DECLINED' AND response_code = '91'`,
        )
      )[0].n;
    await eventually(async () => (await closed()) === 600, 20_000, 200);
    const [mark] = await sql<{ ahead: boolean }>(
      `SELECT swept_before >= (SELECT max(received_at) FROM authorizations WHERE terminal_id = 'SWEEPTST') AS ahead FROM stale_sweep_watermarks`,
    );
    expect(mark.ahead).toBe(true);
  });
});

describe('statistics of the hot tables', () => {
  it('come from a small sample: every column of authorizations, payments and payment_transactions has the lowered target', async () => {
    const columns = await sql<{ table: string; column: string; target: number | null }>(
      `SELECT attrelid::regclass::text AS table, attname AS column, attstattarget AS target
         FROM pg_attribute WHERE attrelid = ANY($1::regclass[]) AND attnum > 0 AND NOT attisdropped`,
      [HOT_TABLES],
    );
    expect(new Set(columns.map((c) => c.table))).toEqual(new Set(HOT_TABLES));
    // A column added without SET STATISTICS has the default (NULL) and brings back a 30,000-row sample.
    expect(columns.filter((c) => c.target !== HOT_TABLES_STATISTICS_TARGET)).toEqual([]);
  });

  it('are gathered early in a table’s life (1,000 changes), then after 20 % of its rows', async () => {
    // At 10,000 a new database ran its first ~4,000 authorizations on no statistics (migration 1766200000000).
    const options = await sql<{ table: string; reloptions: string[] }>(`SELECT relname AS table, reloptions FROM pg_class WHERE relname = ANY($1)`, [
      HOT_TABLES,
    ]);
    expect(options).toHaveLength(HOT_TABLES.length);
    for (const { reloptions } of options)
      expect(reloptions).toEqual(expect.arrayContaining(['autovacuum_analyze_threshold=1000', 'autovacuum_analyze_scale_factor=0.2']));
  });
});

describe('data migrations', () => {
  it('1766400000000 makes a reversed ADVICE_UNSETTLED advice REVERSED (nothing owed) and leaves an unreversed one flagged', async () => {
    const advice = (stan: string, reversed: boolean) =>
      sql(
        `INSERT INTO authorizations (id, acquirer_id, stan, transmission_date_time, terminal_id, mti, request_hash, pan_token, pan_last4,
                                     merchant_id, amount_minor, currency_numeric, status, received_at, reversed_at, needs_review, review_reason)
         VALUES ($1, 'MIGTEST', $2, '1130120000', 'MIGTEST1', '0120', 'h', 'tok', '1234', 'M', 100, '840', 'ADVICE_UNSETTLED', now(),
                 CASE WHEN $3 THEN now() END, true, 'ADVICE_UNSETTLED:INSUFFICIENT_FUNDS')`,
        [randomUUID(), stan, reversed],
      );
    await advice('900001', true); // as a reversal left it before this version
    await advice('900002', false);
    const db = new DataSource(dataSourceOptions(stack.databaseUrl, { size: 1 }));
    await db.initialize();
    try {
      await new ReversedUnsettledAdvices1766400000000().up(db.createQueryRunner());
    } finally {
      await db.destroy();
    }
    expect(await sql(`SELECT stan, status FROM authorizations WHERE acquirer_id = 'MIGTEST' ORDER BY stan`)).toEqual([
      { stan: '900001', status: 'REVERSED' },
      { stan: '900002', status: 'ADVICE_UNSETTLED' },
    ]);
  });
});
