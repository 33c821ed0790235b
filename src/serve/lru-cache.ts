/**
 * A map that keeps at most `capacity` entries, dropping the least recently used one first.
 *
 * Why: the server caches a ranked list (and encoded bodies) per user; every `POST /api/users` adds a user, so an
 * unbounded cache grows with traffic until garbage collection stalls requests and memory runs out.
 */
export class LruCache<K, V> {
  // A Map iterates in insertion order: re-inserting on every hit keeps the least recently used entry first.
  private readonly map = new Map<K, V>();

  /** An empty cache of at most `capacity` (≥ 1) entries. */
  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`cache capacity ${capacity} is not ≥ 1`);
  }

  /**
   * The value under `key` (now the most recently used), or undefined. While the cache is at most half full a hit
   * keeps its place: nothing is evicted before the cache fills, and entries used after it is half full move to the
   * end before any eviction. Why: a hit is the hot path of every cached GET, and re-inserting costs a delete and a set.
   */
  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v === undefined || this.map.size <= this.capacity >>> 1) return v;
    this.map.delete(key);
    this.map.set(key, v);
    return v;
  }

  /** Whether `key` is cached (does not count as a use). */
  has(key: K): boolean {
    return this.map.has(key);
  }

  /** Stores `value` under `key` as the most recently used, evicting the least recently used beyond capacity. */
  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as K);
  }

  /** Drops `key`. */
  delete(key: K): void {
    this.map.delete(key);
  }

  /** Drops every entry. */
  clear(): void {
    this.map.clear();
  }

  /** Entries cached now. */
  get size(): number {
    return this.map.size;
  }
}
