/**
 * Hands out turns of the event loop to CPU work that runs on the main thread, one waiter per
 * loop iteration, first come first served. Node accepts one new connection per iteration while
 * the loop is busy (measured on Node 20: 200 connections opened at once took 11 s to accept
 * beside 50 ms of work per iteration), and reads requests between iterations: whatever runs in
 * one iteration delays every webhook acknowledgement and health check behind it. Work that
 * waits here between its steps (the embedded database's statements, see `yieldingDatabase`)
 * runs one step per iteration, so an iteration stays as short as one step.
 *
 * @example const turns = new LoopTurns(); await turns.next(); // then one step of work
 */
export class LoopTurns {
  private readonly waiting: Array<() => void> = [];
  private scheduled = false;
  /** Turns handed out so far (tests). */
  granted = 0;

  /** Resolves at a later iteration of the event loop, after the waiters before it had theirs. */
  next(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.waiting.push(resolve);
      this.schedule();
    });
  }

  /** Waiters not served yet. */
  get pending(): number {
    return this.waiting.length;
  }

  private schedule(): void {
    if (this.scheduled || !this.waiting.length) return;
    this.scheduled = true;
    // An immediate queued from inside an immediate runs at the next iteration: after the poll
    // phase has accepted a connection and read what arrived meanwhile.
    setImmediate(() => {
      this.scheduled = false;
      this.granted++;
      this.waiting.shift()!();
      this.schedule();
    });
  }
}
