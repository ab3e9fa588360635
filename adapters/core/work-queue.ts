import { silentLogger, type Logger } from '../../bot/index.ts';

/**
 * Background work after a webhook was answered. Jobs with the same key (one customer) run in
 * order, so a reply never overtakes the one before it; different keys run concurrently, at most
 * `concurrency` at a time: a batch of 2,000 messages must not start 2,000 turns at once and
 * starve the event loop that answers health checks and other webhooks.
 * `idle()` lets tests and shutdown wait for everything accepted so far.
 */
export class WorkQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly pending = new Set<Promise<void>>();
  private closed = false;
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  /** @param concurrency jobs running at once across keys. Default 8. */
  constructor(private readonly log: Logger = silentLogger, private readonly concurrency = 8) {}

  /** Run `job` when a slot is free; slots are handed over in arrival order. */
  private async limited(job: () => Promise<void>): Promise<void> {
    if (this.running >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      await job();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  /** Queue `job` behind earlier jobs of `key`. Errors are logged, never thrown to the caller. */
  push(key: string, job: () => Promise<void>): void {
    if (this.closed) {
      this.log.warn('work refused: shutting down', { key });
      return;
    }
    const prev = this.tails.get(key) ?? Promise.resolve();
    const run = prev.then(() => this.limited(job)).catch((err) => {
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
