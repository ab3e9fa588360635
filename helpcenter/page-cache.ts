import { createHash } from 'node:crypto';
import { BoundedMap } from '../shared/index.ts';

/** A rendered page and its entity tag. */
export interface CachedPage {
  body: string;
  etag: string;
}

/**
 * Rendered pages keyed by everything they depend on (published version, category order, base
 * URL, language, path and variant): a new version changes the key, so nothing is ever stale,
 * and `generation` drops the old version's pages at once. Bounded: the oldest go first.
 */
export class PageCache {
  private readonly pages: BoundedMap<string, CachedPage>;
  private generation = '';

  constructor(maxPages = 5000) {
    this.pages = new BoundedMap(maxPages);
  }

  /** The page for `key` under `generation` (built and kept when missing). */
  get(generation: string, key: string, build: () => string | undefined): CachedPage | undefined {
    if (generation !== this.generation) {
      this.pages.clear();
      this.generation = generation;
    }
    const hit = this.pages.get(key);
    if (hit) return hit;
    const body = build();
    if (body === undefined) return undefined;
    const page = { body, etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
    this.pages.set(key, page);
    return page;
  }
}
