/**
 * A Map that holds at most `capacity` entries: setting a key makes it the newest, and past the capacity
 * the oldest set goes. For per-wallet state on the hot path (funds readings, signing keys, nonce
 * guesses): a card program's wallets number in the millions, and a plain Map kept every wallet that
 * ever paid since the start (~1.5 KB each across those maps: a GB after a million).
 */
export class LruMap<K, V> {
  private readonly map = new Map<K, V>();

  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new RangeError(`capacity must be at least 1: ${capacity}`);
  }

  get(key: K): V | undefined {
    return this.map.get(key);
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  set(key: K, value: V): this {
    this.map.delete(key); // re-inserted last: the Map's order is the order of sets
    this.map.set(key, value);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as K);
    return this;
  }

  delete(key: K): boolean {
    return this.map.delete(key);
  }

  get size(): number {
    return this.map.size;
  }
}
