/**
 * Writes of concurrent callers grouped into one: the callers of one iteration of the event loop
 * (the requests Node read together) are written together once it has read them (setImmediate);
 * callers that arrive while a write is in flight wait for it and are written together by the
 * next one (up to `maxItems` items per write). Each caller's promise settles when its own items
 * are committed. The embedded database runs a statement synchronously, so without the wait for
 * the iteration's end each caller would be written alone, at once: 100 webhooks read together
 * cost 100 statements on the main thread instead of one.
 * A failed group is written again caller by caller, so one caller's bad items fail only that caller.
 * A write may return one result per item, in the items' order (e.g. the ids stored): each caller
 * then gets those of its own items.
 *
 * @example const intake = new GroupCommit(async (rows: IntakeRow[]) => { await store.accept(rows); }); await intake.add(rows);
 */
export class GroupCommit<T, R = never> {
  private pending: Array<{ items: T[]; resolve(results: R[]): void; reject(err: unknown): void }> = [];
  private writing = false;
  private scheduled = false;

  constructor(private readonly write: (items: T[]) => Promise<readonly R[] | void>, private readonly maxItems = 1000) {}

  /**
   * Write `items` (in order, after the items of earlier callers); resolves once they are
   * committed, with the write's results for these items (none when the write returns none).
   */
  add(items: T[]): Promise<R[]> {
    return new Promise<R[]>((resolve, reject) => {
      this.pending.push({ items, resolve, reject });
      if (this.writing || this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        void this.drain();
      });
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.pending.length) {
        // At least one caller, then whole callers while they fit.
        let count = this.pending[0]!.items.length;
        let take = 1;
        while (take < this.pending.length && count + this.pending[take]!.items.length <= this.maxItems) count += this.pending[take++]!.items.length;
        const group = this.pending.splice(0, take);
        try {
          const results = await this.write(group.flatMap((g) => g.items));
          let at = 0;
          for (const g of group) g.resolve(results ? results.slice(at, (at += g.items.length)) : []);
        } catch (err) {
          if (group.length === 1) {
            group[0]!.reject(err);
            continue;
          }
          for (const g of group) {
            try {
              g.resolve([...(await this.write(g.items)) ?? []]);
            } catch (own) {
              g.reject(own);
            }
          }
        }
      }
    } finally {
      this.writing = false;
    }
  }
}
