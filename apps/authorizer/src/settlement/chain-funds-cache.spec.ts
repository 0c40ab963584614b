import { ChainFundsCache, READINGS_KEPT, type FundsRead } from './chain-funds-cache';
import type { ChainGateway, Head } from './chain-gateway';

const READ: FundsRead = { kind: 'erc20', token: '0x5FbDB2315678afecb367f032d93F642f64180aa3', owner: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' };

/** A cache over a stand-in gateway: heads and balances from the test, every call counted. */
function cacheWith(fundsMaxAgeMs: number) {
  let now = 1_000_000;
  const calls = { headNow: 0, known: [] as number[], balances: [] as bigint[] };
  const chain = {
    fresh: { block: 100, at: now } as Head,
    known: undefined as Head | undefined,
    headNow: async () => (calls.headNow++, chain.fresh),
    knownHead: (maxAgeMs: number) => (calls.known.push(maxAgeMs), chain.known),
    tokenBalance: async (_t: string, _o: string, block: bigint) => (calls.balances.push(block), 5_000n + block),
  };
  jest.spyOn(Date, 'now').mockImplementation(() => now);
  const cache = new ChainFundsCache(chain as unknown as ChainGateway, { fundsMaxAgeMs });
  return { cache, chain, calls, later: (ms: number) => (now += ms) };
}

afterEach(() => jest.restoreAllMocks());

describe('ChainFundsCache', () => {
  it("a wallet's first reading asks the node for its head: a wallet funded a moment ago must see its funds", async () => {
    const { cache, chain, calls } = cacheWith(1_000);
    chain.known = { block: 90, at: 999_990 };
    const [reading] = await cache.read([READ]);
    expect(calls.headNow).toBe(1);
    expect(calls.known).toEqual([]);
    expect(reading).toEqual({ value: 5_100n, block: 100n, at: 1_000_000 });
  });

  it('a stale reading is read again at the head the gateway knew within a quarter of the max age: one round trip, aged from that head', async () => {
    const { cache, chain, calls, later } = cacheWith(1_000);
    await cache.read([READ]);
    later(1_500);
    chain.known = { block: 110, at: 1_001_400 };
    const [reading] = await cache.read([READ]);
    expect(calls.headNow).toBe(1); // only the first reading's
    expect(calls.known).toEqual([250]);
    expect(calls.balances).toEqual([100n, 110n]);
    expect(reading).toEqual({ value: 5_110n, block: 110n, at: 1_001_400 });
    // Served from the cache while young; past half its age (from the head's time) it is read ahead.
    later(420);
    expect(await cache.read([READ])).toEqual([reading]);
    await new Promise((r) => setImmediate(r));
    expect(calls.balances).toHaveLength(3);
  });

  it('no recent head known, or FUNDS_MAX_AGE_MS=0: asks the node, once for the reads that start together', async () => {
    const { cache, calls, later } = cacheWith(1_000);
    await cache.read([READ]);
    later(1_500);
    await cache.read([READ, { ...READ, owner: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC' }]);
    expect(calls.headNow).toBe(2);

    const strict = cacheWith(0);
    await strict.cache.read([READ]);
    strict.later(1);
    await strict.cache.read([READ]);
    expect(strict.calls.headNow).toBe(2);
    expect(strict.calls.known).toEqual([0]); // the gateway answers undefined for 0 (its own spec)
  });

  it(`keeps at most ${READINGS_KEPT} readings: the oldest wallet's next reading is a first one again`, async () => {
    const { cache, chain, calls, later } = cacheWith(1_000);
    const owner = (i: number) => `0x${i.toString(16).padStart(40, '0')}`;
    await cache.read([READ]);
    for (let i = 1; i <= READINGS_KEPT; i++) await cache.read([{ ...READ, owner: owner(i) }]);
    later(1_500);
    chain.known = { block: 110, at: 1_001_400 };
    const asked = calls.headNow;
    await cache.read([{ ...READ, owner: owner(READINGS_KEPT) }]); // still kept: read at the known head
    expect(calls.headNow).toBe(asked);
    await cache.read([READ]); // evicted: asks for the head
    expect(calls.headNow).toBe(asked + 1);
  });
});
