/**
 * Least-recently-used caches on a plain Map (a Map keeps insertion order: a hit moves to the end, the oldest goes
 * first). Pure.
 */

/** The value for `key`, marked as the most recently used; undefined when absent. */
export function lruGet<V>(cache: Map<string, V>, key: string): V | undefined {
  const v = cache.get(key);
  if (v !== undefined) {
    cache.delete(key);
    cache.set(key, v);
  }
  return v;
}

/** Stores `v` under `key`, first dropping the least recently used entry when the cache holds `max` already. */
export function lruSet<V>(cache: Map<string, V>, key: string, v: V, max: number): void {
  if (cache.size >= max) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(key, v);
}
