import { Contract, JsonRpcProvider } from 'ethers';
import { decodeDe48 } from '@bridge/contracts';
import { frame, type IsoMessage } from '@bridge/iso8583';
import type { AuthorizationInput } from '../../tools/harness/build-authorization';
import { IsoClient } from '../../tools/harness/iso-client';
import { ANVIL_DEV_KEY, DEMO } from '../../tools/dev/demo-data';
import { fundWallet } from '../../tools/dev/deploy-test-token';
import { burst } from './support/burst';
import { demoAuthorization, named } from './support/iso-fixtures';
import { query as runQuery } from './support/query';
import { startTestStack, type TestStack } from './support/test-stack';
import { receiptOf } from './support/receipt-of';

jest.setTimeout(120_000);

let stack: TestStack;
let client: IsoClient;
let provider: JsonRpcProvider;
let usdc: Contract;
/** The authorizer's PostgreSQL backends right after its start. */
let warmed: number[];

/** The demo authorization at USD 12.34 (the README's sample). */
function auth(overrides: Partial<AuthorizationInput> = {}): IsoMessage {
  return demoAuthorization({ amount: '12.34', ...overrides });
}

async function balance(address: string): Promise<bigint> {
  return (await usdc.getFunction('balanceOf')(address)) as bigint;
}

const query = <T>(sql: string, params: unknown[] = []) => runQuery<T>(stack.databaseUrl, sql, params);

/** The pids of the authorizer's database connections (its pool's application_name). */
async function authorizerBackends(): Promise<number[]> {
  const rows = await query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE application_name = 'bridge-authorizer' ORDER BY pid`);
  return rows.map((r) => r.pid);
}

/** The exchange calls the authorizer started ahead (warm cards) and those it used, from /metrics. */
async function callsAhead(): Promise<{ started: number; used: number }> {
  const text = await (await fetch(`http://127.0.0.1:${stack.httpPort}/metrics`)).text();
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
  return { started: value('bridge_exchange_calls_ahead_total'), used: value('bridge_exchange_calls_ahead_used_total') };
}

beforeAll(async () => {
  stack = await startTestStack();
  client = await IsoClient.connect('127.0.0.1', stack.isoPort);
  provider = new JsonRpcProvider(stack.rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
  usdc = new Contract(stack.seed.tokenAddress, ['function balanceOf(address) view returns (uint256)'], provider);
  warmed = await authorizerBackends();
});

afterAll(async () => {
  client?.close();
  provider?.destroy();
  await stack?.teardown();
});

describe('0100 → on-chain payment → 0110 (embedded PostgreSQL, anvil, both apps as processes)', () => {
  it('approves the demo card: DE39 00, DE38, DE48 "no clearing", one row, the merchant credited exactly', async () => {
    const merchantBefore = await balance(stack.seed.merchantAddress);
    const cardBefore = await balance(stack.seed.cardWallet);
    const request = auth();
    const answer = await client.request(request);
    const a = named(answer);
    const r = named(request);
    expect(answer.mti).toBe('0110');
    expect(a.responseCode).toBe('00');
    expect(a.approvalCode).toMatch(/^[0-9A-Z]{6}$/);
    for (const echoed of [
      'pan',
      'processingCode',
      'amountTransaction',
      'transmissionDateTime',
      'stan',
      'localTime',
      'localDate',
      'acquirerId',
      'rrn',
      'terminalId',
      'merchantId',
      'currencyCode',
    ]) {
      expect([echoed, a[echoed]]).toEqual([echoed, r[echoed]]);
    }
    const de48 = decodeDe48(a.additionalData);
    expect(de48['01']).toBe('N');
    expect(de48['02']).toBe('eip155:31337');
    expect(de48['03']).toMatch(/^0x[0-9a-f]{64}$/);
    expect(de48['04']).toBe('12340000'); // USD 12.34 at par, 6 decimals
    expect(de48['05']).toBe('USDC');

    const receipt = await receiptOf(provider, de48['03']);
    expect(receipt.status).toBe(1);
    expect((await balance(stack.seed.merchantAddress)) - merchantBefore).toBe(BigInt(de48['04']));
    expect(cardBefore - (await balance(stack.seed.cardWallet))).toBe(BigInt(de48['04']));

    const rows = await query<{ status: string; response_code: string; pan_last4: string; crypto_amount: string; quote_id: string }>(
      `SELECT status, response_code, pan_last4, crypto_amount::text, quote_id FROM authorizations WHERE acquirer_id = $1 AND stan = $2 AND transmission_date_time = $3 AND terminal_id = $4`,
      [r.acquirerId, r.stan, r.transmissionDateTime, r.terminalId],
    );
    expect(rows).toEqual([{ status: 'APPROVED', response_code: '00', pan_last4: '0119', crypto_amount: '12340000', quote_id: expect.any(String) }]);
    const payments = await query<{ tx_hash: string }>(`SELECT p.tx_hash FROM payments p JOIN authorizations a ON a.id = p.authorization_id WHERE a.stan = $1`, [
      r.stan,
    ]);
    expect(payments).toEqual([{ tx_hash: de48['03'] }]);
  });

  it('never stores the PAN in clear', async () => {
    const hits = await query(`SELECT 1 FROM authorizations WHERE response_fields::text LIKE '%' || $1 || '%' OR pan_token = $1`, [DEMO.cryptoCard.pan]);
    expect(hits).toHaveLength(0);
  });

  it('a repeat (0101) of an approved authorization returns the stored answer and pays once', async () => {
    const first = auth();
    const answer1 = named(await client.request(first));
    const repeat = { mti: '0101', fields: first.fields };
    const answer2 = await client.request(repeat);
    expect(answer2.mti).toBe('0110');
    expect(named(answer2)).toEqual(answer1);
    const payments = await query(`SELECT 1 FROM payments p JOIN authorizations a ON a.id = p.authorization_id WHERE a.stan = $1`, [named(first).stan]);
    expect(payments).toHaveLength(1);
  });

  it.each<[string, Partial<AuthorizationInput>, string]>([
    ['unknown card', { pan: '4000000000000002' }, '14'],
    ['bad check digit', { pan: '4761739001010118' }, '14'],
    ['expired card', { expiry: '2001' }, '54'],
    ['insufficient funds', { amount: '5000.00' }, '51'],
    ['fiat-funded card, no fiat route', { pan: DEMO.fiatCard.pan, expiry: DEMO.fiatCard.expiry }, '57'],
    ['zero amount', { amount: '0' }, '13'],
    ['unsupported processing code (cash withdrawal)', { processingCode: '010000' }, '12'],
  ])('declines %s with DE39 %s and moves no money', async (_, overrides, code) => {
    const before = await balance(stack.seed.cardWallet);
    const answer = named(await client.request(auth(overrides)));
    expect(answer.responseCode).toBe(code);
    expect(answer.approvalCode).toBeUndefined();
    expect(await balance(stack.seed.cardWallet)).toBe(before);
  });

  it('a card blocked after approvals (the exchange now asked before its row is read) is declined 14 and pays nothing', async () => {
    const approved = auth();
    expect(named(await client.request(approved)).responseCode).toBe('00'); // the card is warm: WarmCards
    const card = `(SELECT c.id FROM card_accounts c JOIN authorizations a ON a.pan_token = c.pan_token WHERE a.stan = $1 AND a.status = 'APPROVED')`;
    await query(`UPDATE card_accounts SET status = 'BLOCKED' WHERE id = ${card}`, [named(approved).stan]);
    try {
      const before = await balance(stack.seed.cardWallet);
      const ahead = await callsAhead();
      const blocked = auth();
      const answer = named(await client.request(blocked));
      expect(answer.responseCode).toBe('14');
      expect(answer.additionalData).toBeUndefined();
      const rows = await query(
        `SELECT a.status, a.decline_reason, a.quote_id, count(p.id)::int AS payments FROM authorizations a LEFT JOIN payments p ON p.authorization_id = a.id
          WHERE a.stan = $1 GROUP BY a.id`,
        [named(blocked).stan],
      );
      expect(rows).toEqual([{ status: 'DECLINED', decline_reason: 'UNKNOWN_CARD', quote_id: null, payments: 0 }]);
      expect(await balance(stack.seed.cardWallet)).toBe(before);
      // The exchange was asked before the card was read, and its reply dropped.
      expect(await callsAhead()).toEqual({ started: ahead.started + 1, used: ahead.used });
    } finally {
      await query(`UPDATE card_accounts SET status = 'ACTIVE' WHERE id = ${card}`, [named(approved).stan]);
    }
    expect(named(await client.request(auth())).responseCode).toBe('00'); // active again
  });

  it('answers 30 to a message missing a mandatory field', async () => {
    const request = auth();
    const fields = new Map(request.fields);
    fields.delete(32); // DE32 acquirer
    const answer = await client.request({ mti: '0100', fields });
    expect(named(answer).responseCode).toBe('30');
  });

  it('answers 30 to a malformed message whose MTI and STAN can be read, and keeps the connection', async () => {
    // DE11 = 000999, then DE49 with a letter in a numeric field: unreadable past DE11.
    const raw = Buffer.concat([Buffer.from('0100'), Buffer.from('0020000000008000', 'hex'), Buffer.from('000999'), Buffer.from('84X')]);
    const answer = named(await client.requestRaw(raw, '000999'));
    expect(answer.responseCode).toBe('30');
    expect(answer.stan).toBe('000999');
    expect(named(await client.request(auth())).responseCode).toBe('00');
  });

  it('closes the connection when no MTI can be read, and keeps serving others', async () => {
    const own = await IsoClient.connect('127.0.0.1', stack.isoPort);
    const closed = new Promise<void>((resolve) => own.onClose(resolve));
    own.writeRaw(frame('binary2', Buffer.from('XXXX0000000000000000')));
    await closed;
    expect(named(await client.request(auth())).responseCode).toBe('00');
  });

  it('answers 91 within the deadline when the exchange adapter is down, and pays nothing', async () => {
    const before = await balance(stack.seed.cardWallet);
    await stack.killApp('exchange-adapter');
    const started = Date.now();
    const answer = named(await client.request(auth()));
    expect(answer.responseCode).toBe('91');
    expect(Date.now() - started).toBeLessThan(1_600);
    expect(await balance(stack.seed.cardWallet)).toBe(before);
    await stack.restartApp('exchange-adapter');
  });
});

describe("the authorizer's database pool", () => {
  it('keeps the whole pool it opened before listening through a burst and a quiet spell past pg’s 10 s idle timeout', async () => {
    expect(warmed).toHaveLength(20); // DB_POOL_SIZE's default, all opened by the warm-up
    const answers = await burst(client, 40, { amount: '0.10' });
    expect(answers.map((a) => a.responseCode)).toEqual(Array(40).fill('00'));
    await new Promise((r) => setTimeout(r, 10_500)); // pg-pool closes a connection idle for 10 s unless fixed
    // The same backends: no burst or quiet spell makes an authorization wait for a new one.
    expect(await authorizerBackends()).toEqual(warmed);
  });
});

describe('a top-up after a decline for funds (the on-chain reading, FUNDS_MAX_AGE_MS: 1 s by default)', () => {
  it("is seen within the reading's max age: declined 51 before it, approved and paid after it", async () => {
    const big = () => auth({ amount: '1500.00' }); // more than the card wallet holds (1,000 USDC at the seed)
    expect(named(await client.request(big())).responseCode).toBe('51');
    expect(named(await client.request(big())).responseCode).toBe('51'); // the reading now cached
    await fundWallet(provider, ANVIL_DEV_KEY, stack.seed.tokenAddress, stack.seed.cardWallet, 1_000_000_000n, 0n);
    const minted = Date.now();
    const before = await balance(stack.seed.cardWallet);
    let answer: Record<string, string> = {};
    while (Date.now() - minted < 5_000) {
      answer = named(await client.request(big()));
      if (answer.responseCode !== '51') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const seenAfterMs = Date.now() - minted;
    expect(answer.responseCode).toBe('00');
    // 1 s of max age, plus the last attempt's round trip and a busy CI machine's slack.
    expect(seenAfterMs).toBeLessThan(2_500);
    const receipt = await receiptOf(provider, decodeDe48(answer.additionalData)['03']);
    expect(receipt.status).toBe(1);
    expect(before - (await balance(stack.seed.cardWallet))).toBeGreaterThanOrEqual(1_500_000_000n);
  });
});
