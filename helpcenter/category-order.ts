import type { Database } from '../bot/index.ts';

/**
 * The editors' order of help-center categories (category ids, first shown first). Categories
 * not in it follow in the knowledge base's order. Read at most every `ttlMs`, so several
 * instances converge on a change within that time without a query per page view.
 */
export class CategoryOrder {
  private cached?: { at: number; order: string[]; stamp: string };

  constructor(private readonly db: Database, private readonly ttlMs = 10_000) {}

  /** The order, and a stamp that changes whenever it does (part of the page cache's key). */
  async current(): Promise<{ order: string[]; stamp: string }> {
    if (this.cached && Date.now() - this.cached.at < this.ttlMs) return this.cached;
    const rows = await this.db.query<{ category: string; updated_at: Date | string }>('select category, updated_at from help_category_order order by position, category');
    const order = rows.map((r) => r.category);
    const stamp = `${order.join('\u0000')}@${rows.map((r) => new Date(r.updated_at).getTime()).reduce((a, b) => Math.max(a, b), 0)}`;
    this.cached = { at: Date.now(), order, stamp };
    return this.cached;
  }

  /** Replace the order (duplicates after the first are dropped). */
  async set(order: readonly string[]): Promise<string[]> {
    const unique = [...new Set(order.map((c) => c.trim()).filter(Boolean))];
    await this.db.transaction(async (tx) => {
      await tx.query('delete from help_category_order');
      for (const [i, c] of unique.entries()) await tx.query('insert into help_category_order (category, position) values ($1, $2)', [c, i]);
    });
    this.cached = undefined;
    return unique;
  }
}
