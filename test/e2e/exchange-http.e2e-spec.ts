import { decodeDe48 } from '@bridge/contracts';
import { IsoClient } from '../../tools/harness/iso-client';
import { DEMO } from '../../tools/dev/demo-data';
import { ChainReader, eventually } from './support/chain';
import { demoAuthorization, named } from './support/iso-fixtures';
import { query } from './support/query';
import { closeIsoStack, openIsoStack } from './support/iso-stack';
import type { TestStack } from './support/test-stack';

jest.setTimeout(120_000);

let stack: TestStack;
let chain: ChainReader;
let client: IsoClient;
const MERCHANT = DEMO.exchangeMerchant.merchantId; // served by the http integration (reference exchange)

beforeAll(async () => {
  ({ stack, chain, client } = await openIsoStack({
    EXCHANGE_HTTP_TIMEOUT_MS: '300',
    EXCHANGE_HTTP_RETRIES: '2',
    EXCHANGE_BREAKER_THRESHOLD: '3',
    EXCHANGE_BREAKER_COOLDOWN_MS: '1500',
    TRACKER_POLL_MS: '200',
  }));
});

afterAll(() => closeIsoStack({ stack, chain, client }));

async function exchange(behaviour: Record<string, number> = {}): Promise<{ notifications: { event: string; authorizationId: string }[] }> {
  const res = await fetch(`${stack.referenceExchange}/_test/behaviour`, { method: 'POST', body: JSON.stringify(behaviour) });
  return (await res.json()) as { notifications: { event: string; authorizationId: string }[] };
}

const pay = async (amount = '1.00'): Promise<Record<string, string> & { ms: number }> => {
  const started = Date.now();
  const answer = named(await client.request(demoAuthorization({ merchantId: MERCHANT, amount }), 10_000));
  return Object.assign(answer, { ms: Date.now() - started });
};

afterEach(() => exchange({ delayMs: 0, failNext: 0, failNotificationsNext: 0 }));

describe('http exchange integration against the reference exchange (real HTTP, HMAC-signed)', () => {
  it('quotes and exchange-provided addresses: a fresh deposit address per payment', async () => {
    const a = await pay();
    const b = await pay();
    expect([a.responseCode, b.responseCode]).toEqual(['00', '00']);
    const [x, y] = await query<{ destination: string }>(stack.databaseUrl, `SELECT destination FROM authorizations WHERE stan = ANY($1) ORDER BY received_at`, [
      [a.stan, b.stan],
    ]);
    expect(x.destination).not.toBe(y.destination);
    expect(decodeDe48(a.additionalData)['04']).toBe('1003000'); // 1.00 USD + the exchange's 30 bps
  });

  it('retries a failed call and still approves', async () => {
    await exchange({ failNext: 1 });
    expect((await pay()).responseCode).toBe('00');
  });

  it('a slow exchange (beyond the per-call timeout) → 91 within the deadline', async () => {
    await exchange({ delayMs: 1_000 });
    const answer = await pay();
    expect(answer.responseCode).toBe('91');
    expect(answer.ms).toBeLessThan(1_600);
    await new Promise((r) => setTimeout(r, 1_600)); // let the breaker cool down again
  });

  it('the circuit breaker opens on repeated failures (91 fast), then closes after the cooldown', async () => {
    await exchange({ failNext: 1_000 });
    for (let i = 0; i < 3; i++) expect((await pay()).responseCode).toBe('91');
    const fast = await pay();
    expect(fast.responseCode).toBe('91');
    expect(fast.ms).toBeLessThan(150); // open: no call to the exchange at all
    await exchange({ failNext: 0 });
    await new Promise((r) => setTimeout(r, 1_600));
    expect((await pay()).responseCode).toBe('00');
  });

  it('notifies the exchange after broadcast and on confirmation, retrying until it accepts', async () => {
    // The refusals are counted by the exchange, not per payment: let every earlier payment's notifications
    // land first (the confirmation event reaches the adapter a little after the payment closes).
    const unsettled = `SELECT 1 FROM payments p WHERE p.open OR NOT EXISTS (
      SELECT 1 FROM notification_deliveries d WHERE d.authorization_id = p.authorization_id AND d.event = 'PAYMENT_CONFIRMED' AND d.status = 'DELIVERED')`;
    await eventually(async () => (await query(stack.databaseUrl, unsettled)).length === 0, 30_000, 250);
    await exchange({ failNotificationsNext: 7 }); // more than two deliveries × 3 tries of the client: the worker must come back
    const answer = await pay();
    expect(answer.responseCode).toBe('00');
    const [{ id }] = await query<{ id: string }>(stack.databaseUrl, `SELECT id FROM authorizations WHERE stan = $1`, [answer.stan]);
    const deliveries = () =>
      query<{ event: string; status: string; attempts: number }>(
        stack.databaseUrl,
        `SELECT event, status, attempts FROM notification_deliveries WHERE authorization_id = $1 ORDER BY event`,
        [id],
      );
    // Backoff doubles per refused delivery (1 s, 2 s, 4 s …); a breaker-open refusal only defers to its cooldown.
    await eventually(async () => (await deliveries()).filter((d) => d.status === 'DELIVERED').length === 2, 60_000, 250);
    const rows = await deliveries();
    expect(rows.map((r) => r.event)).toEqual(['PAYMENT_BROADCAST', 'PAYMENT_CONFIRMED']);
    expect(Math.max(...rows.map((r) => r.attempts))).toBeGreaterThanOrEqual(2); // refused, backed off, accepted
    const seen = (await exchange()).notifications.filter((n) => n.authorizationId === id).map((n) => n.event);
    expect(seen.sort()).toEqual(['PAYMENT_BROADCAST', 'PAYMENT_CONFIRMED']);
  });

  it('a reversal makes the exchange refund the cardholder on-chain: requested → sent → confirmed', async () => {
    const answer = await pay('5.00');
    expect(answer.responseCode).toBe('00');
    const hash = decodeDe48(answer.additionalData)['03'];
    await eventually(
      async () => (await query(stack.databaseUrl, `SELECT 1 FROM payments WHERE tx_hash = $1 AND status = 'CONFIRMED'`, [hash])).length === 1,
      15_000,
    );
    const before = await chain.balance(stack.seed.cardWallet);
    const request = demoAuthorization({ merchantId: MERCHANT, amount: '5.00', stan: answer.stan });
    const fields = new Map(request.fields);
    for (const [n, v] of Object.entries({ 7: answer.transmissionDateTime, 11: answer.stan, 37: answer.rrn })) fields.set(Number(n), v);
    expect(named(await client.request({ mti: '0400', fields })).responseCode).toBe('00');
    const refund = () =>
      query<{ status: string; tx_hash: string | null; amount: string }>(
        stack.databaseUrl,
        `SELECT r.status, r.tx_hash, r.amount::text FROM refund_requests r JOIN payments p ON p.authorization_id = r.authorization_id WHERE p.tx_hash = $1`,
        [hash],
      );
    await eventually(async () => (await refund())[0]?.status === 'CONFIRMED', 30_000, 250);
    const [row] = await refund();
    expect(row.amount).toBe('5015000');
    expect((await chain.balance(stack.seed.cardWallet)) - before).toBe(5_015_000n);
    expect((await chain.provider.getTransactionReceipt(row.tx_hash!))?.status).toBe(1);
  });
});
