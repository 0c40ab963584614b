import { LruMap } from './lru-map';

export interface TtlCacheOptions<V> {
  /** At most this many entries, the oldest loaded dropped first (default: unbounded). */
  readonly maxEntries?: number;
  /** Loaded values for which this is false are returned to their callers but not kept (default: all kept). */
  readonly keep?: (value: V) => boolean;
  readonly now?: () => number;
}

interface Entry<V> {
  readonly value: Promise<V>;
  /** When the load settled (ms); the entry is fresh for ttlMs from then. Undefined while loading. */
  settledAt?: number;
}

/**
 * Values by key for `ttlMs`, each loaded once however many callers miss at the same time. A batch of
 * requests that finds an entry expired shares one load: with a value cache, each caller missed and
 * queried on its own (the adapter's rate and merchant caches sent ~100 identical queries at every
 * expiry under load). A failed load is not kept, nor a value `keep` refuses; `delete` drops an entry,
 * and a load still in flight for it then keeps nothing either. At most `maxEntries` are kept, the
 * oldest loaded dropped first: keys that come from the network (DE32 + DE42) must not grow it without
 * bound.
 */
export class TtlCache<K, V> {
  /** Ordered by load: the oldest loaded goes first past maxEntries. */
  private readonly entries: LruMap<K, Entry<V>>;

  private readonly keep: (value: V) => boolean;
  private readonly now: () => number;

  constructor(
    private readonly ttlMs: number,
    options: TtlCacheOptions<V> = {},
  ) {
    this.entries = new LruMap(options.maxEntries ?? Infinity);
    this.keep = options.keep ?? (() => true);
    this.now = options.now ?? Date.now;
  }

  get(key: K, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && (hit.settledAt === undefined || this.now() - hit.settledAt < this.ttlMs)) return hit.value;
    const entry: Entry<V> = { value: new Promise<V>((resolve) => resolve(load())) };
    this.entries.set(key, entry);
    entry.value.then(
      (value) => {
        if (this.entries.get(key) !== entry) return;
        if (this.keep(value)) entry.settledAt = this.now();
        else this.entries.delete(key);
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return entry.value;
  }

  /**
   * Keeps a value read elsewhere (fresh for ttlMs from now), as a load that settled now would; a load
   * still in flight for the key then keeps nothing.
   */
  set(key: K, value: V): void {
    if (this.keep(value)) this.entries.set(key, { value: Promise.resolve(value), settledAt: this.now() });
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
