interface Waiting<T, R> {
  readonly item: T;
  readonly timeoutMs: number;
  readonly resolve: (result: R) => void;
  readonly reject: (e: Error) => void;
}

/**
 * Requests made in one event-loop turn, sent as one: `send` gets every item and the longest of their
 * time limits, and returns one result per item, in order. Each caller keeps its own limit (a reply
 * arriving after it cannot answer that caller). A failed send fails every caller of the batch; unlike
 * Coalescer nothing is retried item by item: the other side is down or slow, and one retry per item
 * would multiply the wait.
 */
export class TurnBatch<T, R> {
  private pending: Waiting<T, R>[] = [];

  constructor(
    private readonly send: (items: T[], timeoutMs: number) => Promise<readonly R[]>,
    /** The error a caller gets when its time runs out, or when the reply does not fit the batch. */
    private readonly failure: (detail: string) => Error,
    private readonly maxBatch = 256,
  ) {}

  add(item: T, timeoutMs: number): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const timer = setTimeout(() => reject(this.failure(`no reply within ${timeoutMs} ms`)), timeoutMs);
      const settle = () => clearTimeout(timer);
      this.pending.push({ item, timeoutMs, resolve: (r) => (settle(), resolve(r)), reject: (e) => (settle(), reject(e)) });
      if (this.pending.length === 1) setImmediate(() => this.flush());
      else if (this.pending.length >= this.maxBatch) this.flush();
    });
  }

  private flush(): void {
    const batch = this.pending;
    if (!batch.length) return;
    this.pending = [];
    const timeoutMs = Math.max(...batch.map((w) => w.timeoutMs));
    this.send(
      batch.map((w) => w.item),
      timeoutMs,
    )
      .then((results) => {
        if (!Array.isArray(results) || results.length !== batch.length) throw this.failure(`${results?.length} replies to ${batch.length} requests`);
        batch.forEach((w, i) => w.resolve(results[i]));
      })
      .catch((e: Error) => batch.forEach((w) => w.reject(e)));
  }
}
