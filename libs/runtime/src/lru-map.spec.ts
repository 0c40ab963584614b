import { LruMap } from './lru-map';

describe('LruMap', () => {
  it('keeps at most its capacity, the oldest set going first; setting a key again makes it the newest', () => {
    const m = new LruMap<string, number>(3);
    m.set('a', 1).set('b', 2).set('c', 3);
    m.set('a', 10); // a is now the newest: b is the oldest
    m.set('d', 4);
    expect([m.has('a'), m.has('b'), m.has('c'), m.has('d')]).toEqual([true, false, true, true]);
    expect(m.get('a')).toBe(10);
    expect(m.size).toBe(3);
    for (let i = 0; i < 1_000; i++) m.set(`k${i}`, i);
    expect(m.size).toBe(3);
    expect(m.get('k999')).toBe(999);
    expect(m.delete('k999')).toBe(true);
    expect(m.size).toBe(2);
  });

  it('refuses a capacity below one', () => {
    expect(() => new LruMap(0)).toThrow(RangeError);
    expect(() => new LruMap(Number.NaN)).toThrow(RangeError);
  });
});
