import { Coalescer } from './coalescer';

describe('Coalescer', () => {
  it('runs the calls of one event-loop turn as one batch, results in order', async () => {
    const batches: number[][] = [];
    const c = new Coalescer<number, number>(async (items) => {
      batches.push(items);
      return items.map((i) => i * 10);
    });
    const first = await Promise.all([c.add(1), c.add(2), c.add(3)]);
    const second = await c.add(4);
    expect(first).toEqual([10, 20, 30]);
    expect(second).toBe(40);
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('splits at the maximum batch size', async () => {
    const batches: number[][] = [];
    const c = new Coalescer<number, void>(
      async (items) => {
        batches.push(items);
        return items.map(() => undefined);
      },
      { maxBatch: 2 },
    );
    await Promise.all([1, 2, 3, 4, 5].map((i) => c.add(i)));
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('a failed batch is retried item by item: only the bad item fails', async () => {
    const runs: number[][] = [];
    const c = new Coalescer<number, number>(async (items) => {
      runs.push(items);
      if (items.includes(2)) throw new Error('bad row 2');
      return items;
    });
    const results = await Promise.allSettled([c.add(1), c.add(2), c.add(3)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(runs).toEqual([[1, 2, 3], [1], [2], [3]]);
  });

  it('a lone failing call is rejected once, and the next batch runs afresh', async () => {
    let fail = true;
    let calls = 0;
    const c = new Coalescer<number, number>(async (items) => {
      calls++;
      if (fail) throw new Error('db down');
      return items;
    });
    await expect(c.add(1)).rejects.toThrow('db down');
    expect(calls).toBe(1);
    fail = false;
    await expect(c.add(3)).resolves.toBe(3);
  });

  it('with retryEach off, a failed batch fails every item once, nothing retried', async () => {
    const runs: number[][] = [];
    const c = new Coalescer<number, number>(
      async (items) => {
        runs.push(items);
        throw new Error('peer down');
      },
      { retryEach: false },
    );
    const results = await Promise.allSettled([c.add(1), c.add(2)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(runs).toEqual([[1, 2]]);
  });

  it('flush runs what is pending without waiting for the end of the turn', async () => {
    const runs: number[][] = [];
    const c = new Coalescer<number, number>(async (items) => (runs.push(items), items));
    const one = c.add(1);
    await c.flush();
    expect(runs).toEqual([[1]]);
    await expect(one).resolves.toBe(1);
  });

  it('with windowMs, calls of several turns within the window share one batch', async () => {
    const runs: number[][] = [];
    const c = new Coalescer<number, number>(async (items) => (runs.push(items), items), { windowMs: 40 });
    const one = c.add(1);
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setTimeout(r, 5));
    const two = c.add(2);
    expect(runs).toEqual([]);
    await expect(Promise.all([one, two])).resolves.toEqual([1, 2]);
    expect(runs).toEqual([[1, 2]]);
    await expect(c.add(3)).resolves.toBe(3); // a new window after the first
    expect(runs).toEqual([[1, 2], [3]]);
  });

  it('flush ends a window early (shutdown) and leaves no timer behind', async () => {
    const runs: number[][] = [];
    const c = new Coalescer<number, number>(async (items) => (runs.push(items), items), { windowMs: 60_000 });
    const one = c.add(1);
    await c.flush();
    await expect(one).resolves.toBe(1);
    expect(runs).toEqual([[1]]);
  });
});
