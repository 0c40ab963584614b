import { Coalescer } from './coalescer';

interface Timed<T> {
  readonly item: T;
  readonly timeoutMs: number;
}

/**
 * Requests made in one event-loop turn, sent as one (a Coalescer that fails a batch as a whole): `send`
 * gets every item and the longest of their time limits, and returns one result per item, in order.
 * Each caller keeps its own limit: a reply arriving after it cannot answer that caller.
 */
export class TurnBatch<T, R> {
  private readonly batches: Coalescer<Timed<T>, R>;

  constructor(
    send: (items: T[], timeoutMs: number) => Promise<readonly R[]>,
    /** The error a caller gets when its time runs out, or when the reply does not fit the batch. */
    private readonly failure: (detail: string) => Error,
    maxBatch = 256,
  ) {
    this.batches = new Coalescer(
      async (timed) => {
        const results = await send(
          timed.map((t) => t.item),
          Math.max(...timed.map((t) => t.timeoutMs)),
        );
        if (!Array.isArray(results) || results.length !== timed.length) throw failure(`${results?.length} replies to ${timed.length} requests`);
        return [...results];
      },
      { maxBatch, retryEach: false },
    );
  }

  add(item: T, timeoutMs: number): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const timer = setTimeout(() => reject(this.failure(`no reply within ${timeoutMs} ms`)), timeoutMs);
      this.batches
        .add({ item, timeoutMs })
        .then(resolve, reject)
        .finally(() => clearTimeout(timer));
    });
  }
}
