import { HDNodeWallet, Mnemonic, getAddress, randomBytes } from 'ethers';
import { decodeDe48 } from '@bridge/contracts';
import { IsoClient } from '../../tools/harness/iso-client';
import { ChainReader, eventually } from './support/chain';
import { demoAuthorization, named } from './support/iso-fixtures';
import { query } from './support/query';
import { closeIsoStack, openIsoStack } from './support/iso-stack';
import type { TestStack } from './support/test-stack';
import { receiptOf } from './support/receipt-of';

jest.setTimeout(120_000);

let stack: TestStack;
let chain: ChainReader;
let client: IsoClient;

beforeAll(async () => {
  ({ stack, chain, client } = await openIsoStack({ RESPONSE_DEADLINE_MS: '10000', MERCHANT_CACHE_TTL_MS: '600000' }));
});

afterAll(() => closeIsoStack({ stack, chain, client }));

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; json: { id: string; message: unknown } }> {
  const res = await fetch(`${stack.adapterApi}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

const fresh = () => HDNodeWallet.fromMnemonic(Mnemonic.fromEntropy(randomBytes(16)), 'm');
const merchant = (overrides: Record<string, unknown>) => ({
  acquirerId: '123456',
  name: 'Test merchant',
  chain: stack.seed.chain,
  assetSymbol: 'USDC',
  addressMode: 'FIXED',
  ...overrides,
});
const pay = async (merchantId: string, amount = '1.00') => named(await client.request(demoAuthorization({ merchantId, amount }), 15_000));

describe('merchant admin API (REST, validated, OpenAPI)', () => {
  it.each<[string, Record<string, unknown>, RegExp]>([
    ['an address without its EIP-55 checksum', { merchantId: 'BADSUM', payoutAddress: '0x' + 'ab'.repeat(20) }, /EIP-55/],
    ['something that is not an address', { merchantId: 'NOTADDR', payoutAddress: '0x1234' }, /not an EVM address/],
    ['an unknown asset', { merchantId: 'NOASSET', assetSymbol: 'DOGE', payoutAddress: getAddress('0x' + '11'.repeat(20)) }, /not configured/],
    ['an extended private key', { merchantId: 'XPRV', addressMode: 'DERIVED', xpub: fresh().extendedKey }, /PUBLIC/],
    ['a DE32 with letters', { merchantId: 'BADACQ', acquirerId: '12AB', payoutAddress: getAddress('0x' + '11'.repeat(20)) }, /acquirerId/],
    ['an unexpected property', { merchantId: 'EXTRA', payoutAddress: getAddress('0x' + '11'.repeat(20)), secret: 1 }, /should not exist/],
  ])('refuses %s with 400 and a message', async (_, body, message) => {
    const res = await api('POST', '/merchants', merchant(body));
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.json.message)).toMatch(message);
  });

  it('404 for an unknown merchant, 400 for a malformed id, 409 for a duplicate DE32 + DE42', async () => {
    expect((await api('GET', '/merchants/6c1b8a38-8f42-4c44-9b7a-2a0e3f7c0b11')).status).toBe(404);
    expect((await api('GET', '/merchants/not-a-uuid')).status).toBe(400);
    const dup = await api('POST', '/merchants', merchant({ merchantId: 'CRYPTOMERCH0001', payoutAddress: getAddress('0x' + '22'.repeat(20)) }));
    expect(dup.status).toBe(409);
  });

  it('serves its OpenAPI document', async () => {
    const res = await fetch(`${stack.adapterApi}/docs-json`);
    expect(res.status).toBe(200);
    expect(Object.keys(((await res.json()) as { paths: object }).paths)).toEqual(expect.arrayContaining(['/merchants', '/merchants/{id}', '/denylist']));
  });
});

describe('address modes through a real 0100', () => {
  it('FIXED: created, paid, re-pointed (cache invalidated), deleted (then 57, never served from cache)', async () => {
    const first = fresh().address;
    const created = await api('POST', '/merchants', merchant({ merchantId: 'FIXEDMERCH01', payoutAddress: first }));
    expect(created.status).toBe(201);
    const a = await pay('FIXEDMERCH01');
    expect(a.responseCode).toBe('00');
    await receiptOf(chain.provider, decodeDe48(a.additionalData)['03']);
    expect(await chain.balance(first)).toBe(1_000_000n);
    const second = fresh().address;
    expect((await api('PATCH', `/merchants/${created.json.id}`, { payoutAddress: second })).status).toBe(200);
    const b = await pay('FIXEDMERCH01');
    await receiptOf(chain.provider, decodeDe48(b.additionalData)['03']);
    expect(await chain.balance(second)).toBe(1_000_000n);
    expect((await api('DELETE', `/merchants/${created.json.id}`)).status).toBe(204);
    expect((await pay('FIXEDMERCH01')).responseCode).toBe('57');
  });

  it('DERIVED: 200 payments go to 200 fresh addresses, children 0..199 of the xpub, each paid exactly', async () => {
    const account = fresh().derivePath("m/44'/60'/0'/0");
    const created = await api('POST', '/merchants', merchant({ merchantId: 'DERIVEDMERCH01', addressMode: 'DERIVED', xpub: account.neuter().extendedKey }));
    expect(created.status).toBe(201);
    const clients = await Promise.all([0, 1, 2, 3].map(() => IsoClient.connect('127.0.0.1', stack.isoPort)));
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => clients[i % 4].request(demoAuthorization({ merchantId: 'DERIVEDMERCH01', amount: '0.10' }), 30_000).then(named)),
    );
    clients.forEach((c) => c.close());
    expect(answers.map((x) => x.responseCode)).toEqual(Array(200).fill('00'));
    const rows = await query<{ derivation_index: number; address: string }>(
      stack.databaseUrl,
      `SELECT derivation_index, address FROM address_allocations WHERE merchant_id = $1 ORDER BY derivation_index`,
      [created.json.id],
    );
    expect(rows.map((r) => r.derivation_index)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(new Set(rows.map((r) => r.address)).size).toBe(200);
    rows.forEach((r) => expect(r.address).toBe(account.deriveChild(r.derivation_index).address));
    await eventually(
      async () => (await query(stack.databaseUrl, `SELECT 1 FROM payments WHERE status <> 'CONFIRMED' AND status <> 'FAILED'`)).length === 0,
      60_000,
    );
    for (const r of rows.slice(0, 20)) expect(await chain.balance(r.address)).toBe(100_000n);
  });
});

describe('address screening (denylist)', () => {
  it('a denylisted destination → 57 with the event recorded; removed → paid again', async () => {
    const address = fresh().address;
    await api('POST', '/merchants', merchant({ merchantId: 'SCREENMERCH01', payoutAddress: address }));
    expect((await api('POST', '/denylist', { address, reason: 'test sanctions list' })).status).toBe(201);
    const declined = await pay('SCREENMERCH01');
    expect(declined.responseCode).toBe('57');
    const events = await query(stack.databaseUrl, `SELECT merchant_id, address, reason FROM screening_events WHERE address = $1`, [address]);
    expect(events).toEqual([{ merchant_id: 'SCREENMERCH01', address, reason: 'test sanctions list' }]);
    expect((await api('DELETE', `/denylist/${address}`)).status).toBe(204);
    expect((await pay('SCREENMERCH01')).responseCode).toBe('00');
  });

  it('a change made by hand in SQL takes effect too (the adapter screens from memory, reloaded on the trigger notification)', async () => {
    const address = fresh().address;
    await api('POST', '/merchants', merchant({ merchantId: 'SCREENMERCH02', payoutAddress: address }));
    expect((await pay('SCREENMERCH02')).responseCode).toBe('00');
    await query(stack.databaseUrl, `INSERT INTO denylist (address, reason) VALUES ($1, 'added by hand')`, [address.toLowerCase()]);
    await eventually(async () => (await pay('SCREENMERCH02')).responseCode === '57', 5_000, 50);
    await query(stack.databaseUrl, `DELETE FROM denylist WHERE address = $1`, [address.toLowerCase()]);
    await eventually(async () => (await pay('SCREENMERCH02')).responseCode === '00', 5_000, 50);
  });
});
