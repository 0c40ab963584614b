import { TurnBatch } from './turn-batch';

const fail = (detail: string) => new Error(`exchange: ${detail}`);

describe('TurnBatch', () => {
  it('sends the requests of one event-loop turn as one, with the longest time limit; replies in order', async () => {
    const sent: { items: number[]; timeoutMs: number }[] = [];
    const b = new TurnBatch<number, number>(async (items, timeoutMs) => {
      sent.push({ items, timeoutMs });
      return items.map((i) => i * 10);
    }, fail);
    const first = await Promise.all([b.add(1, 100), b.add(2, 300), b.add(3, 200)]);
    const second = await b.add(4, 50);
    expect(first).toEqual([10, 20, 30]);
    expect(second).toBe(40);
    expect(sent).toEqual([
      { items: [1, 2, 3], timeoutMs: 300 },
      { items: [4], timeoutMs: 50 },
    ]);
  });

  it('each caller keeps its own limit: a reply after it does not answer that caller', async () => {
    const b = new TurnBatch<number, number>((items) => new Promise((r) => setTimeout(() => r(items), 60)), fail);
    const short = b.add(1, 10);
    const long = b.add(2, 1_000);
    await expect(short).rejects.toThrow('exchange: no reply within 10 ms');
    await expect(long).resolves.toBe(2);
  });

  it('a failed send fails every caller of the batch, once; a reply of the wrong length too', async () => {
    let calls = 0;
    const down = new TurnBatch<number, number>(async () => {
      calls++;
      throw new Error('connection refused');
    }, fail);
    const results = await Promise.allSettled([down.add(1, 100), down.add(2, 100)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(calls).toBe(1);
    const short = new TurnBatch<number, number>(async () => [1], fail);
    await expect(Promise.all([short.add(1, 100), short.add(2, 100)])).rejects.toThrow('exchange: 1 replies to 2 requests');
  });

  it('splits at the maximum batch size', async () => {
    const sent: number[][] = [];
    const b = new TurnBatch<number, number>(
      async (items) => {
        sent.push(items);
        return items;
      },
      fail,
      2,
    );
    await Promise.all([1, 2, 3].map((i) => b.add(i, 100)));
    expect(sent).toEqual([[1, 2], [3]]);
  });
});
