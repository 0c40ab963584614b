import { decodeDe48 } from '@bridge/contracts';
import { IsoClient } from '../../tools/harness/iso-client';
import { DEMO } from '../../tools/dev/demo-data';
import { ChainReader, eventually } from './support/chain';
import { demoAuthorization, named } from './support/iso-fixtures';
import { query } from './support/query';
import { startSecondAuthorizer } from './support/second-authorizer';
import { startTestStack, type TestStack } from './support/test-stack';

/**
 * Payment batches written in one round trip: signed at the nonce this process last committed, with
 * PostgreSQL checking under the lock that the nonces are as guessed and the funds fit, else nothing
 * written and the batch goes in two trips (real anvil, real PostgreSQL, the real authorizer).
 */
jest.setTimeout(180_000);

let stack: TestStack;
let chain: ChainReader;
let client: IsoClient;

beforeAll(async () => {
  stack = await startTestStack({ RESPONSE_DEADLINE_MS: '30000', TRACKER_POLL_MS: '200' });
  chain = new ChainReader(stack.rpcUrl, stack.seed.tokenAddress);
  client = await IsoClient.connect('127.0.0.1', stack.isoPort);
});

afterAll(async () => {
  client?.close();
  chain?.destroy();
  await stack?.teardown();
});

const sql = <T>(text: string, params: unknown[] = []) => query<T>(stack.databaseUrl, text, params);

/** The stack's authorizer's batch counters (GET /metrics). */
async function batches(): Promise<{ one: number; two: number; nonces: number; funds: number }> {
  const text = await (await fetch(`http://127.0.0.1:${stack.httpPort}/metrics`)).text();
  const value = (line: string) => Number(new RegExp(`^${line.replace(/[{}]/g, '\\$&')} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
  return {
    one: value('bridge_payment_batches_total{trips="one"}'),
    two: value('bridge_payment_batches_total{trips="two"}'),
    nonces: value('bridge_payment_batch_guesses_refused_total{check="nonces"}'),
    funds: value('bridge_payment_batch_guesses_refused_total{check="funds"}'),
  };
}

const since = (before: Awaited<ReturnType<typeof batches>>, after: typeof before) => ({
  one: after.one - before.one,
  two: after.two - before.two,
  nonces: after.nonces - before.nonces,
  funds: after.funds - before.funds,
});

async function authorize(fields: Parameters<typeof demoAuthorization>[0], via = client): Promise<Record<string, string>> {
  return named(await via.request(demoAuthorization(fields), 30_000));
}

async function signerNonces(address: string): Promise<number[]> {
  const rows = await sql<{ nonce: string }>(`SELECT p.nonce::text FROM payments p JOIN wallets w ON w.id = p.wallet_id WHERE w.address = $1 ORDER BY p.nonce`, [
    address,
  ]);
  return rows.map((r) => Number(r.nonce));
}

const dense = (nonces: number[]) => nonces.every((n, i) => n === i);

describe('payment batches in one round trip', () => {
  it('after a wallet’s first batch each approval goes in one trip; nonces dense, each paid once', async () => {
    const fromBlock = await chain.provider.getBlockNumber();
    const before = await batches();
    for (let i = 0; i < 20; i++) expect((await authorize({ amount: '0.10' })).responseCode).toBe('00');
    const trips = since(before, await batches());
    expect(trips.one).toBeGreaterThanOrEqual(19); // the process's first batch for the wallet has no guess
    expect(trips.one + trips.two).toBe(20);
    expect(trips.nonces + trips.funds).toBe(0);
    await eventually(async () => (await sql(`SELECT 1 FROM payments WHERE open`)).length === 0, 30_000);
    const nonces = await signerNonces(stack.seed.cardWallet);
    expect(nonces).toHaveLength(20);
    expect(dense(nonces)).toBe(true);
    const credits = await chain.transfers(stack.seed.cardWallet, stack.seed.merchantAddress, fromBlock + 1);
    expect(credits).toEqual(Array.from({ length: 20 }, () => 100_000n));
  });

  it('funds to the last unit: an unmined payment counts, an exact fit is paid in one trip, one cent more → refused, then 51 in two trips, nothing sent', async () => {
    const delegated = { pan: DEMO.delegatedCard.pan, expiry: DEMO.delegatedCard.expiry };
    const holder = stack.seed.delegatedWallet;
    const allowance = await chain.allowance(holder, stack.seed.spenderWallet);
    expect(allowance).toBe(100_000_000n); // 100 USDC approved to the spender (of 500 held)
    await chain.rpc('evm_setAutomine', [false]); // the payments stay pending: the chain still shows 100
    try {
      expect((await authorize({ ...delegated, amount: '50.00' })).responseCode).toBe('00');
      const before = await batches();
      const exact = await authorize({ ...delegated, amount: '50.00' });
      expect(exact.responseCode).toBe('00');
      expect(since(before, await batches())).toEqual({ one: 1, two: 0, nonces: 0, funds: 0 });
      const over = await authorize({ ...delegated, amount: '0.01', stan: '777001' });
      expect(over.responseCode).toBe('51');
      expect(since(before, await batches())).toEqual({ one: 1, two: 1, nonces: 0, funds: 1 });
      const [row] = await sql<{ status: string; payments: string }>(
        `SELECT a.status, (SELECT count(*) FROM payments p WHERE p.authorization_id = a.id)::text AS payments FROM authorizations a WHERE a.stan = '777001'`,
      );
      expect(row).toEqual({ status: 'DECLINED', payments: '0' });
      expect(await chain.allowance(holder, stack.seed.spenderWallet)).toBe(100_000_000n);
      await chain.rpc('evm_mine');
      await chain.provider.waitForTransaction(decodeDe48(exact.additionalData)['03'], 1, 10_000);
    } finally {
      await chain.rpc('evm_setAutomine', [true]);
    }
    expect(await chain.allowance(holder, stack.seed.spenderWallet)).toBe(0n);
    expect(dense(await signerNonces(stack.seed.spenderWallet))).toBe(true);
  });

  it('another authorizer signs for the same wallet: the guess is refused, the payment made at the real nonce in two trips, and the wallet stays in two trips a while', async () => {
    expect((await authorize({ amount: '0.20' })).responseCode).toBe('00'); // this process's guess is current
    const second = await startSecondAuthorizer(stack, {});
    try {
      for (let i = 0; i < 3; i++) expect(named(await second.client.request(demoAuthorization({ amount: '0.20' }), 30_000)).responseCode).toBe('00');
    } finally {
      await second.stop('SIGTERM');
    }
    const before = await batches();
    expect((await authorize({ amount: '0.20' })).responseCode).toBe('00');
    expect(since(before, await batches())).toEqual({ one: 0, two: 1, nonces: 1, funds: 0 });
    for (let i = 0; i < 3; i++) expect((await authorize({ amount: '0.20' })).responseCode).toBe('00');
    expect(since(before, await batches())).toEqual({ one: 0, two: 4, nonces: 1, funds: 0 });
    await eventually(async () => (await sql(`SELECT 1 FROM payments WHERE open`)).length === 0, 30_000);
    expect(dense(await signerNonces(stack.seed.cardWallet))).toBe(true);
  });
});
