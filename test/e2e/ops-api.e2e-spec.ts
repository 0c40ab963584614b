import { decodeDe48 } from '@bridge/contracts';
import { IsoClient } from '../../tools/harness/iso-client';
import { DEMO } from '../../tools/dev/demo-data';
import { demoAuthorization, named } from './support/iso-fixtures';
import { eventually } from './support/chain';
import { query } from './support/query';
import { walFlushes } from '../../bench/wal-flushes';
import { startTestStack, type TestStack } from './support/test-stack';

jest.setTimeout(120_000);

let stack: TestStack;
let approved: Record<string, string>;
let declined: Record<string, string>;

async function ops(path: string, key?: string, init: RequestInit = {}): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key) headers['x-api-key'] = key;
  return fetch(`http://127.0.0.1:${stack.httpPort}${path}`, { ...init, headers });
}

beforeAll(async () => {
  stack = await startTestStack();
  const client = await IsoClient.connect('127.0.0.1', stack.isoPort);
  approved = named(await client.request(demoAuthorization({ amount: '4.44' })));
  declined = named(await client.request(demoAuthorization({ expiry: '2001' })));
  await client.request({ mti: '0120', fields: demoAuthorization({ pan: DEMO.fiatCard.pan }).fields }); // an exception: unsettled stand-in advice
  client.close();
});

afterAll(async () => {
  await stack?.teardown();
});

describe('ops API (authorizer HTTP)', () => {
  const routes = [
    '/ops/authorizations',
    '/ops/authorizations.csv',
    '/ops/exceptions',
    '/ops/authorizations/6c1b8a38-8f42-4c44-9b7a-2a0e3f7c0b11',
    '/ops/stats',
    '/ops/daily-totals',
  ];

  it.each(routes)('GET %s without a key, or with a wrong one → 401', async (route) => {
    expect((await ops(route)).status).toBe(401);
    expect((await ops(route, 'ops_not-a-key')).status).toBe(401);
  });

  it('every /ops route of the OpenAPI document (each method) → 401 without a key (health and metrics are open)', async () => {
    const doc = (await (await fetch(`http://127.0.0.1:${stack.httpPort}/ops/docs-json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const calls = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/ops/'))
      .flatMap(([path, methods]) =>
        Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path: path.replace(/\{[^}]+\}/g, '6c1b8a38-8f42-4c44-9b7a-2a0e3f7c0b11') })),
      );
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual(expect.arrayContaining(['POST /ops/reconciliation/run', 'GET /ops/reconciliation/runs']));
    for (const c of calls) {
      const res = await ops(c.path, undefined, { method: c.method, body: c.method === 'GET' ? undefined : '{}' });
      expect(`${c.method} ${c.path} → ${res.status}`).toBe(`${c.method} ${c.path} → 401`);
    }
  });

  it('POST acknowledge without a key → 401', async () => {
    expect((await ops('/ops/exceptions/6c1b8a38-8f42-4c44-9b7a-2a0e3f7c0b11/acknowledge', undefined, { method: 'POST', body: '{"comment":"x"}' })).status).toBe(
      401,
    );
  });

  it('stats: per-minute approvals, declines and latency; daily totals per merchant and asset with gas once mined', async () => {
    const key = stack.opsKeys.readOnly;
    const stats = (await (await ops('/ops/stats?minutes=5', key)).json()) as {
      approved: number;
      declined: number;
      series: unknown[];
      byResponseCode: Record<string, number>;
    };
    expect(stats.series).toHaveLength(5);
    expect(stats.approved).toBeGreaterThanOrEqual(1);
    expect(stats.byResponseCode['54']).toBeGreaterThanOrEqual(1);
    expect((await ops('/ops/stats?minutes=0', key)).status).toBe(400);
    expect((await ops('/ops/daily-totals?from=2026-01-01&to=2026-12-31', key)).status).toBe(400); // over 92 days
    const hash = decodeDe48(approved.additionalData)['03'];
    await eventually(
      async () => (await query(stack.databaseUrl, `SELECT 1 FROM payments WHERE tx_hash = $1 AND fee_paid > 0`, [hash])).length === 1,
      15_000,
      200,
    );
    const totals = (await (await ops('/ops/daily-totals', key)).json()) as Record<string, string | number>[];
    const usdc = totals.find((t) => t.merchantId === DEMO.merchant.merchantId && t.assetSymbol === 'USDC');
    expect(usdc).toMatchObject({ currency: '840', fiatExponent: 2 });
    expect(BigInt(usdc!.fiatMinor)).toBeGreaterThanOrEqual(444n); // the 4.44 USD approved above
    expect(BigInt(usdc!.gasFeesWei)).toBeGreaterThan(0n);
  });

  it('lists and filters (DE39, last four, tx hash) and pages with a cursor; never a full PAN', async () => {
    const key = stack.opsKeys.readOnly;
    const all = (await (await ops('/ops/authorizations', key)).json()) as { items: Record<string, string>[] };
    expect(JSON.stringify(all)).not.toContain(DEMO.cryptoCard.pan);
    const onlyApproved = (await (await ops('/ops/authorizations?de39=00', key)).json()) as { items: Record<string, string>[] };
    expect(onlyApproved.items.map((i) => i.stan)).toContain(approved.stan);
    expect(onlyApproved.items.map((i) => i.stan)).not.toContain(declined.stan);
    const byHash = (await (await ops(`/ops/authorizations?txHash=${decodeDe48(approved.additionalData)['03']}`, key)).json()) as {
      items: Record<string, string>[];
    };
    expect(byHash.items.map((i) => i.stan)).toEqual([approved.stan]);
    expect(
      ((await (await ops('/ops/authorizations?last4=0119&status=DECLINED', key)).json()) as { items: Record<string, string>[] }).items.map((i) => i.stan),
    ).toContain(declined.stan);
    const first = (await (await ops('/ops/authorizations?limit=1', key)).json()) as { items: { id: string }[]; nextCursor: string };
    const second = (await (await ops(`/ops/authorizations?limit=1&cursor=${first.nextCursor}`, key)).json()) as { items: { id: string }[] };
    expect(second.items[0].id).not.toBe(first.items[0].id);
    expect((await ops('/ops/authorizations?de39=not-a-code', key)).status).toBe(400);
  });

  it('detail: quote, payment attempts, refunds, notifications; no PAN', async () => {
    const key = stack.opsKeys.readOnly;
    const [{ id, received_at, payment_id }] = await query<{ id: string; received_at: Date; payment_id: string }>(
      stack.databaseUrl,
      `SELECT a.id, a.received_at, p.id AS payment_id FROM authorizations a JOIN payments p ON p.authorization_id = a.id WHERE a.stan = $1`,
      [approved.stan],
    );
    // Ids are UUIDv7 (RFC 9562): 48 bits of Unix ms first — the authorization's is its received_at.
    const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(id).toMatch(V7);
    expect(payment_id).toMatch(V7);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(new Date(received_at).getTime());
    const detail = (await (await ops(`/ops/authorizations/${id}`, key)).json()) as {
      authorization: Record<string, string>;
      payment: { attempts: { tx_hash: string }[] };
    };
    expect(detail.authorization.quote_id).toEqual(expect.any(String));
    expect(detail.payment.attempts.map((a) => a.tx_hash)).toEqual([decodeDe48(approved.additionalData)['03']]);
    expect(JSON.stringify(detail)).not.toContain(DEMO.cryptoCard.pan);
  });

  it('exports the filtered list as CSV (streamed), with the transaction hashes', async () => {
    const res = await ops('/ops/authorizations.csv', stack.opsKeys.readOnly);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0].split(',')).toEqual(expect.arrayContaining(['id', 'stan', 'response_code', 'tx_hash', 'pan_last4']));
    expect(lines.length).toBeGreaterThanOrEqual(4);
    expect(lines.join('\n')).toContain(decodeDe48(approved.additionalData)['03']);
    expect(lines.join('\n')).not.toContain(DEMO.cryptoCard.pan);
  });

  it('exceptions queue: read-only cannot acknowledge (403); an operator can, with a comment, audit-logged', async () => {
    const queue = (await (await ops('/ops/exceptions', stack.opsKeys.readOnly)).json()) as { id: string; review_reason: string }[];
    const advice = queue.find((e) => e.review_reason?.startsWith('ADVICE_UNSETTLED'));
    expect(advice).toBeDefined();
    const path = `/ops/exceptions/${advice!.id}/acknowledge`;
    expect((await ops(path, stack.opsKeys.readOnly, { method: 'POST', body: JSON.stringify({ comment: 'seen' }) })).status).toBe(403);
    expect((await ops(path, stack.opsKeys.operator, { method: 'POST', body: JSON.stringify({}) })).status).toBe(400);
    expect(
      (await ops(path, stack.opsKeys.operator, { method: 'POST', body: JSON.stringify({ comment: 'fiat card in stand-in: settled by hand' }) })).status,
    ).toBe(201);
    const after = (await (await ops('/ops/exceptions', stack.opsKeys.operator)).json()) as { id: string }[];
    expect(after.map((e) => e.id)).not.toContain(advice!.id);
    const audit = await query(stack.databaseUrl, `SELECT action, target, comment FROM audit_log WHERE target = $1`, [advice!.id]);
    expect(audit).toEqual([{ action: 'ACKNOWLEDGE_EXCEPTION', target: advice!.id, comment: 'fiat card in stand-in: settled by hand' }]);
  });

  it('exposes Prometheus metrics: answers by DE39, latency, step and phase timings, payment batch trips, pending payments, open exceptions, the block scan against the head', async () => {
    const text = await (await fetch(`http://127.0.0.1:${stack.httpPort}/metrics`)).text();
    expect(text).toMatch(/bridge_authorizations_total\{de39="00"\} [1-9]/);
    expect(text).toMatch(/bridge_authorizations_total\{de39="54"\} [1-9]/);
    expect(text).toMatch(/bridge_authorization_seconds_bucket/);
    expect(text).toMatch(/bridge_pipeline_step_seconds_count\{step="settle"\} [1-9]/);
    for (const phase of ['record_received', 'payment_batch', 'broadcast', 'record_answer']) {
      expect(text).toMatch(new RegExp(`bridge_authorization_phase_seconds_count\\{phase="${phase}"\\} [1-9]`));
    }
    for (const trip of ['lock', 'commit']) expect(text).toMatch(new RegExp(`bridge_payment_batch_trip_seconds_count\\{trip="${trip}"\\} [1-9]`));
    expect(text).toMatch(/bridge_broadcasts_total\{result="ok"\} [1-9]/);
    expect(text).toMatch(/bridge_payments_pending [0-9]/);
    expect(text).toMatch(/bridge_exceptions_open [0-9]/);
    // The tracker's block scan against the chain's head: a scan that stops while the head moves shows.
    const gauge = (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1]);
    expect(gauge('bridge_chain_head_block')).toBeGreaterThan(0);
    expect(gauge('bridge_chain_head_block') - gauge('bridge_block_scan_block')).toBeGreaterThanOrEqual(0);
    expect(gauge('bridge_chain_head_block') - gauge('bridge_block_scan_block')).toBeLessThan(20);
  });

  it("times the embedded PostgreSQL's WAL flushes (track_wal_io_timing: what bench:e2e reads of a commit's wait on the disk)", async () => {
    const flushes = await walFlushes(stack.databaseUrl);
    expect(flushes).toEqual({ fsyncs: expect.any(Number), fsyncMs: expect.any(Number), timed: true });
    expect(flushes!.fsyncs).toBeGreaterThan(0); // the approvals above committed synchronously
    expect(flushes!.fsyncMs).toBeGreaterThan(0);
  });

  it('health (terminus): 200 with database, chain and exchange adapter up; 503 naming the adapter once it is stopped', async () => {
    const up = await fetch(`http://127.0.0.1:${stack.httpPort}/health`);
    expect(up.status).toBe(200);
    expect(((await up.json()) as { info: object }).info).toEqual({ database: { status: 'up' }, chain: { status: 'up' }, exchangeAdapter: { status: 'up' } });
    await stack.killApp('exchange-adapter');
    const down = await fetch(`http://127.0.0.1:${stack.httpPort}/health`);
    expect(down.status).toBe(503);
    expect(Object.keys(((await down.json()) as { error: object }).error)).toEqual(['exchangeAdapter']);
    expect((await fetch(`http://127.0.0.1:${stack.httpPort}/health/live`)).status).toBe(200);
  });

  it('serves its OpenAPI document', async () => {
    const doc = (await (await fetch(`http://127.0.0.1:${stack.httpPort}/ops/docs-json`)).json()) as { paths: object };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/ops/authorizations', '/ops/exceptions', '/ops/exceptions/{id}/acknowledge']));
  });
});
