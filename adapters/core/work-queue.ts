import { silentLogger, type Logger } from '../../bot/index.ts';

/**
 * Background work after a webhook was answered. Jobs with the same key (one customer) run in
 * order, so a reply never overtakes the one before it; different keys run concurrently.
 * `idle()` lets tests and shutdown wait for everything accepted so far.
 */
export class WorkQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly pending = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly log: Logger = silentLogger) {}

  /** Queue `job` behind earlier jobs of `key`. Errors are logged, never thrown to the caller. */
  push(key: string, job: () => Promise<void>): void {
    if (this.closed) {
      this.log.warn('work refused: shutting down', { key });
      return;
    }
    const prev = this.tails.get(key) ?? Promise.resolve();
    const run = prev.then(job).catch((err) => {
      this.log.error('channel job failed', { key, error: String(err), stack: (err as Error)?.stack });
    });
    this.tails.set(key, run);
    this.pending.add(run);
    void run.finally(() => {
      this.pending.delete(run);
      if (this.tails.get(key) === run) this.tails.delete(key);
    });
  }

  /** Jobs accepted and not yet finished. */
  get size(): number {
    return this.pending.size;
  }

  /** Resolves when every job accepted so far (and any they queued) has finished. */
  async idle(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }

  /** Stop accepting work and wait for what is running. */
  async close(): Promise<void> {
    this.closed = true;
    await this.idle();
  }
}
