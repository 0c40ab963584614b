interface Waiting<T, R> {
  readonly item: T;
  readonly resolve: (result: R) => void;
  readonly reject: (e: unknown) => void;
}

/**
 * Per key (a signing wallet), one batch at a time, in arrival order: items that arrive while a batch
 * runs wait and go together in the next one (group commit). `run` returns one result per item, in
 * order; a batch that throws fails each of its items. With `gatherFirst`, the first batch after an
 * idle spell waits one event-loop turn so the items resolved together (a whole payment batch) join it.
 */
export class KeyedSerialBatcher<T, R> {
  private readonly queues = new Map<string, Waiting<T, R>[]>();

  constructor(
    private readonly run: (key: string, items: T[]) => Promise<R[]>,
    private readonly maxBatch: number,
    private readonly gatherFirst = false,
  ) {}

  add(key: string, item: T): Promise<R> {
    return new Promise((resolve, reject) => {
      const queue = this.queues.get(key);
      if (queue) return void queue.push({ item, resolve, reject });
      this.queues.set(key, [{ item, resolve, reject }]);
      if (this.gatherFirst) setImmediate(() => void this.drain(key));
      else void this.drain(key);
    });
  }

  /** The items of `key` waiting for a later batch, in arrival order (not those of the running batch). */
  pending(key: string): T[] {
    return (this.queues.get(key) ?? []).map((w) => w.item);
  }

  private async drain(key: string): Promise<void> {
    const queue = this.queues.get(key)!;
    while (queue.length > 0) {
      const batch = queue.splice(0, this.maxBatch);
      try {
        const results = await this.run(
          key,
          batch.map((w) => w.item),
        );
        batch.forEach((w, i) => w.resolve(results[i]));
      } catch (e) {
        for (const w of batch) w.reject(e);
      }
    }
    this.queues.delete(key);
  }
}
