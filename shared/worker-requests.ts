import type { Worker } from 'node:worker_threads';

interface Waiting<Reply> {
  owner: unknown;
  resolve(reply: Reply): void;
  reject(err: Error): void;
}

/**
 * Requests to one worker thread, each answered by a reply carrying its id. The worker is started
 * (by `start`) at the first request and again after it stops; it keeps the process alive only
 * while requests wait; when it stops, what waits is rejected with the reason. `idle` runs when
 * the last waiting request is settled (e.g. to stop the worker after a while).
 *
 * @example const thread = new WorkerRequests<Reply>(() => new Worker(url), 'the training thread');
 *   const reply = await thread.send((id) => ({ id, input }));
 */
export class WorkerRequests<Reply extends { id: number }> {
  private worker?: Worker;
  private readonly waiting = new Map<number, Waiting<Reply>>();
  private nextId = 1;

  constructor(private readonly start: () => Worker, private readonly name: string, private readonly idle?: () => void) {}

  /** Whether a worker runs now. */
  get running(): boolean {
    return this.worker !== undefined;
  }

  /** Send `message(id)` and wait for the reply with that id. `owner`: whose request it is (see forget). */
  send(message: (id: number) => unknown, owner?: unknown): Promise<Reply> {
    const worker = this.ensure();
    const id = this.nextId++;
    return new Promise<Reply>((resolve, reject) => {
      this.waiting.set(id, { owner, resolve, reject });
      if (this.waiting.size === 1) worker.ref();
      worker.postMessage(message(id));
    });
  }

  /** Reject what `owner` waits for (its replies, when they come, are dropped). */
  forget(owner: unknown, err: Error): void {
    for (const [id, w] of this.waiting) {
      if (w.owner !== owner) continue;
      this.waiting.delete(id);
      w.reject(err);
    }
    if (!this.waiting.size) this.worker?.unref();
  }

  /** Stop the worker if nothing waits on it; the next request starts another. */
  stopIfIdle(): void {
    if (this.waiting.size || !this.worker) return;
    const worker = this.worker;
    this.worker = undefined;
    void worker.terminate();
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const worker = this.start();
    worker.unref();
    worker.on('message', (m: Reply) => this.settle(m));
    const died = (reason: string) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      const err = new Error(`${this.name} stopped: ${reason}`);
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    };
    worker.on('error', (err) => died(err.message));
    worker.on('exit', (code) => died(`exit code ${code}`));
    this.worker = worker;
    return worker;
  }

  private settle(m: Reply): void {
    const w = this.waiting.get(m.id);
    if (!w) return;
    this.waiting.delete(m.id);
    if (!this.waiting.size) {
      this.worker?.unref();
      this.idle?.();
    }
    w.resolve(m);
  }
}
