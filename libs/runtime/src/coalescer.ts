interface Pending<T, R> {
  readonly item: T;
  readonly resolve: (result: R) => void;
  readonly reject: (e: unknown) => void;
}

export interface CoalescerOptions {
  /** Items per batch at most; more start the next batch at once. */
  readonly maxBatch?: number;
  /** A failed batch is run again item by item (default), or every item of it fails once. */
  readonly retryEach?: boolean;
  /**
   * How long the first item waits for company (default 0: the end of its event-loop turn). For
   * fire-and-forget messages only: every caller waits this long for its result.
   */
  readonly windowMs?: number;
}

/**
 * Gathers the calls made in one event-loop turn and runs them as one batch: one database round trip
 * for every authorization that reached the same step together. Each round trip costs a syscall that
 * is dear on small VMs (profiled: pg writes were 17 % of the authorizer's CPU at 200 auths/s), and
 * under load more calls share a turn, so batching grows with the load. `run` returns one result per
 * item, in order. When a batch fails, each item is run again on its own (`run` must then be atomic,
 * one statement), so one bad item cannot fail its batch-mates; with `retryEach` off every item of it
 * fails at once — for a peer that is down or slow, where one retry per item would multiply the wait.
 * With `windowMs` a batch gathers the calls of that many milliseconds instead of one turn.
 */
export class Coalescer<T, R> {
  private pending: Pending<T, R>[] = [];
  private readonly maxBatch: number;
  private readonly retryEach: boolean;
  private readonly windowMs: number;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly run: (items: T[]) => Promise<R[]>,
    options: CoalescerOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 256;
    this.retryEach = options.retryEach ?? true;
    this.windowMs = options.windowMs ?? 0;
  }

  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.pending.length >= this.maxBatch) void this.flush();
      else if (this.pending.length === 1) this.schedule();
    });
  }

  private schedule(): void {
    if (this.windowMs <= 0) {
      setImmediate(() => void this.flush());
      return;
    }
    this.timer = setTimeout(() => void this.flush(), this.windowMs);
  }

  /** Runs what is pending now instead of at the end of the turn (shutdown); resolves when it has settled. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    if (!batch.length) return;
    this.pending = [];
    try {
      const results = await this.run(batch.map((p) => p.item));
      batch.forEach((p, i) => p.resolve(results[i]));
    } catch (e) {
      if (batch.length === 1 || !this.retryEach) return batch.forEach((p) => p.reject(e));
      await Promise.all(batch.map((p) => this.run([p.item]).then(([r]) => p.resolve(r), p.reject)));
    }
  }
}
