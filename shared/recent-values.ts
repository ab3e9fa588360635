import { BoundedMap } from './bounded-map.ts';

/**
 * At most `max` values by key, the one kept longest dropped first: a memo for work whose inputs
 * repeat (an answer rendered for every message it answers, a message's text segmented by several
 * parts of the matcher). Values are shared between callers: never modify one.
 *
 * @example
 * const html = new RecentValues<string>(1000);
 * html.get(markdown, () => render(markdown));
 */
export class RecentValues<V> {
  private readonly values: BoundedMap<string, V>;

  constructor(max: number) {
    this.values = new BoundedMap(max);
  }

  /** The value kept for `key`, or `compute()`'s, kept now. */
  get(key: string, compute: () => V): V {
    const hit = this.values.get(key);
    if (hit !== undefined) return hit;
    const value = compute();
    this.values.set(key, value);
    return value;
  }
}
