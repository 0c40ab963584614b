import { KeyedSerialBatcher } from './keyed-serial-batcher';

describe('KeyedSerialBatcher', () => {
  it('runs one batch per key at a time; items arriving meanwhile go together in the next, in order', async () => {
    const runs: string[] = [];
    let release!: () => void;
    const b = new KeyedSerialBatcher<number, number>(async (key, items) => {
      runs.push(`${key}:${items.join(',')}`);
      if (items[0] === 1) await new Promise<void>((r) => (release = r));
      return items.map((i) => i * 10);
    }, 2);
    const first = b.add('w', 1); // starts at once, alone
    const rest = [b.add('w', 2), b.add('w', 3), b.add('w', 4)];
    const other = b.add('v', 9); // another key does not wait
    expect(b.pending('w')).toEqual([2, 3, 4]);
    expect(b.pending('v')).toEqual([]);
    expect(await other).toBe(90);
    expect(runs).toEqual(['w:1', 'v:9']);
    release();
    expect(await Promise.all([first, ...rest])).toEqual([10, 20, 30, 40]);
    expect(runs).toEqual(['w:1', 'v:9', 'w:2,3', 'w:4']);
  });

  it('fails every item of a failed batch and goes on with the next', async () => {
    const b = new KeyedSerialBatcher<number, number>(async (_, items) => {
      if (items.includes(1)) throw new Error('lock lost');
      return items;
    }, 10);
    const failed = expect(b.add('w', 1)).rejects.toThrow('lock lost');
    const next = b.add('w', 2);
    await failed;
    await expect(next).resolves.toBe(2);
  });
});
