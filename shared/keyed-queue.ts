/**
 * Runs async work one piece at a time per key, in the order it was queued; different keys run
 * concurrently. A failure is returned to its own caller and never blocks the work behind it.
 * In this process only: across instances, use the database's locks.
 *
 * @example
 * const turns = new KeyedQueue<string>();
 * await turns.run(conversationId, () => answer(event)); // one turn at a time per conversation
 */
export class KeyedQueue<K = string> {
  /** The last piece of work queued per key, settled either way; gone once it is done. */
  private readonly tails = new Map<K, Promise<unknown>>();

  /** Run `fn` after every piece of work queued earlier under `key` has settled; its result or error is returned. */
  run<T>(key: K, fn: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    const result = prev.then(fn);
    const tail = result.then(() => undefined, () => undefined);
    this.tails.set(key, tail);
    // Forget the key once its last piece is done, so a queue of short-lived keys never grows.
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with work queued or running. */
  get size(): number {
    return this.tails.size;
  }

  /** Resolves when everything queued so far, and anything queued meanwhile, has settled. */
  async idle(): Promise<void> {
    while (this.tails.size) await Promise.all([...this.tails.values()]);
  }
}
