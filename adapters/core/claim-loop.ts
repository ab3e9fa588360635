import { silentLogger, type Logger } from '../../bot/index.ts';

export interface ClaimLoopOptions<T extends { id: number }> {
  /** For logs: "intake", "outbox". */
  name: string;
  /** Claim up to `limit` rows (an empty list when nothing is due). */
  claim(limit: number): Promise<T[]>;
  /** Do one row's work; errors are the caller's to record (they are only logged here). */
  run(row: T): Promise<void>;
  /** Renew the claims of rows still running. */
  renew(ids: number[]): Promise<void>;
  /** Rows running at once. */
  concurrency: number;
  /** Look for rows other instances stored at least this often, in ms. */
  pollMs: number;
  /** How long a claim lasts without renewal, in ms: renewed every third of it. */
  leaseMs: number;
  logger?: Logger;
}

/**
 * Claims rows from a table and runs them, at most `concurrency` at a time: at once when woken
 * (this instance stored work), else every `pollMs` (work stored by other instances, or left by
 * one that died once its lease ran out). Claims of running rows are renewed, so a slow turn is
 * never taken over while its instance lives. A row taken over by `hold` (answered by the caller
 * itself) is renewed too.
 */
export class ClaimLoop<T extends { id: number }> {
  private readonly running = new Map<number, Promise<void>>();
  private readonly held = new Set<number>();
  private readonly log: Logger;
  private stopped = true;
  private woken = false;
  private wakeUp?: () => void;
  private loop?: Promise<void>;
  private heartbeat?: NodeJS.Timeout;

  constructor(private readonly options: ClaimLoopOptions<T>) {
    this.log = options.logger ?? silentLogger;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop = this.cycle();
    this.heartbeat = setInterval(() => {
      const ids = [...this.running.keys(), ...this.held];
      if (ids.length) this.options.renew(ids).catch((err) => this.log.warn(`${this.options.name}: claims not renewed`, { error: String(err) }));
    }, Math.max(50, this.options.leaseMs / 3));
    this.heartbeat.unref();
  }

  /** Look for work now. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Keep renewing the claim of a row the caller runs itself, until `release`. */
  hold(id: number): void {
    this.held.add(id);
  }

  release(id: number): void {
    this.held.delete(id);
  }

  /** Rows running now on this instance. */
  get active(): number {
    return this.running.size + this.held.size;
  }

  /** Wait for the rows running now. */
  async settle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running.values()]);
  }

  /** Stop claiming and wait for the rows running. */
  async close(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.loop;
    await this.settle();
    clearInterval(this.heartbeat);
  }

  private async cycle(): Promise<void> {
    while (!this.stopped) {
      this.woken = false;
      const free = this.options.concurrency - this.running.size;
      let claimed = 0;
      if (free > 0) {
        try {
          const rows = await this.options.claim(free);
          claimed = rows.length;
          for (const row of rows) this.launch(row);
        } catch (err) {
          if (this.stopped) break;
          this.log.warn(`${this.options.name}: claim failed`, { error: String(err) });
        }
      }
      // A full batch: there may be more. Otherwise sleep until woken or the next poll.
      if (this.stopped || (free > 0 && claimed === free) || this.woken) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.options.pollMs);
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeUp = undefined;
    }
  }

  private launch(row: T): void {
    const run = this.options.run(row)
      .catch((err) => this.log.error(`${this.options.name}: work failed`, { id: row.id, error: String(err), stack: (err as Error)?.stack }))
      .finally(() => {
        this.running.delete(row.id);
        // A lane's next row may be claimable now.
        this.wake();
      });
    this.running.set(row.id, run);
  }
}
