/**
 * A map of at most `max` entries: setting a key makes it the newest, and beyond the bound the
 * oldest is dropped. For per-conversation or per-text state kept in memory (the last queue
 * notice, a customer's Chinese script, rendered pages, embeddings started ahead) that must not
 * grow with traffic.
 */
export class BoundedMap<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly max: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  /** Keep `value` for `key` as the newest entry, dropping the oldest beyond the bound. */
  set(key: K, value: V): this {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
    return this;
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
