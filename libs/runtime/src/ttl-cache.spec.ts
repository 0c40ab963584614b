import { TtlCache } from './ttl-cache';

describe('TtlCache', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => (now = 1_000));

  function loader(values: string[]) {
    const calls: number[] = [];
    const load = () => {
      calls.push(now);
      return Promise.resolve(values[calls.length - 1]);
    };
    return { calls, load };
  }

  it('callers that miss together share one load', async () => {
    const cache = new TtlCache<string, string>(5_000, { now: clock });
    const { calls, load } = loader(['a']);
    const got = await Promise.all(Array.from({ length: 100 }, () => cache.get('k', load)));
    expect(new Set(got)).toEqual(new Set(['a']));
    expect(calls).toHaveLength(1);
  });

  it('serves the value until ttlMs after its load settled, then loads again (once)', async () => {
    const cache = new TtlCache<string, string>(5_000, { now: clock });
    const { calls, load } = loader(['a', 'b']);
    expect(await cache.get('k', load)).toBe('a');
    now += 4_999;
    expect(await cache.get('k', load)).toBe('a');
    now += 1;
    expect(await Promise.all([cache.get('k', load), cache.get('k', load)])).toEqual(['b', 'b']);
    expect(calls).toEqual([1_000, 6_000]);
  });

  it('does not keep a failed load: the next caller tries again', async () => {
    const cache = new TtlCache<string, string>(5_000, { now: clock });
    let attempts = 0;
    const load = () => (++attempts === 1 ? Promise.reject(new Error('db down')) : Promise.resolve('a'));
    await expect(cache.get('k', load)).rejects.toThrow('db down');
    expect(await cache.get('k', load)).toBe('a');
    expect(attempts).toBe(2);
  });

  it('a load that throws before returning a promise is a failed load too', async () => {
    const cache = new TtlCache<string, string>(5_000, { now: clock });
    await expect(
      cache.get('k', () => {
        throw new Error('bad key');
      }),
    ).rejects.toThrow('bad key');
    expect(await cache.get('k', () => Promise.resolve('a'))).toBe('a');
  });

  it('delete drops the entry, and a load in flight when it was deleted keeps nothing', async () => {
    const cache = new TtlCache<string, string>(5_000, { now: clock });
    let release!: (v: string) => void;
    const slow = cache.get('k', () => new Promise<string>((r) => (release = r)));
    cache.delete('k'); // e.g. the merchant was edited while its old row was being read
    release('old');
    expect(await slow).toBe('old'); // the caller that asked still gets its answer
    expect(await cache.get('k', () => Promise.resolve('new'))).toBe('new');
    expect(await cache.get('k', () => Promise.resolve('newer'))).toBe('new');
  });

  it('set keeps a value read elsewhere for ttlMs from then, as a load would; a load in flight keeps nothing', async () => {
    const cache = new TtlCache<string, string>(5_000, { now: clock });
    const { calls, load } = loader(['loaded', 'reloaded']);
    cache.set('k', 'given');
    expect(await cache.get('k', load)).toBe('given');
    now += 4_999;
    expect(await cache.get('k', load)).toBe('given');
    now += 1;
    expect(await cache.get('k', load)).toBe('loaded');
    expect(calls).toHaveLength(1);

    let release!: (v: string) => void;
    now += 10_000;
    const slow = cache.get('k', () => new Promise<string>((r) => (release = r)));
    cache.set('k', 'newer'); // read with the card while an older read of the row was on its way
    release('older');
    expect(await slow).toBe('older');
    expect(await cache.get('k', load)).toBe('newer');

    const picky = new TtlCache<string, string | undefined>(5_000, { now: clock, keep: (v) => v !== undefined });
    picky.set('k', undefined);
    expect(picky.size).toBe(0);
  });

  it('keeps at most maxEntries, dropping the oldest loaded', async () => {
    const cache = new TtlCache<string, string>(5_000, { now: clock, maxEntries: 2 });
    for (const k of ['a', 'b', 'c']) await cache.get(k, () => Promise.resolve(k.toUpperCase()));
    expect(cache.size).toBe(2);
    const loads: string[] = [];
    const load = (k: string) => () => (loads.push(k), Promise.resolve(k.toUpperCase()));
    expect(await cache.get('b', load('b'))).toBe('B'); // still kept
    expect(await cache.get('a', load('a'))).toBe('A'); // dropped: loaded again, and 'b' goes
    expect(loads).toEqual(['a']);
    expect(await cache.get('c', load('c'))).toBe('C');
    expect(loads).toEqual(['a']);
  });

  it('does not keep a value that keep refuses: its callers get it, the next caller loads again', async () => {
    const cache = new TtlCache<string, string | null>(5_000, { now: clock, keep: (v) => v !== null });
    const values = [null, 'a'];
    const load = () => Promise.resolve(values.shift()!);
    expect(await Promise.all([cache.get('k', load), cache.get('k', load)])).toEqual([null, null]);
    expect(cache.size).toBe(0);
    expect(await cache.get('k', load)).toBe('a');
    expect(await cache.get('k', load)).toBe('a');
    expect(cache.size).toBe(1);
  });
});
