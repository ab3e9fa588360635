import { describe, expect, it } from 'vitest';
import { WorkQueue } from './work-queue.ts';

describe('WorkQueue', () => {
  it('runs at most `concurrency` jobs at once across keys, and each key\'s jobs in order', async () => {
    const queue = new WorkQueue(undefined, 3);
    let running = 0;
    let most = 0;
    const order = new Map<string, number[]>();
    for (let i = 0; i < 40; i++) {
      const key = `customer-${i % 10}`;
      queue.push(key, async () => {
        running++;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 2));
        order.set(key, [...(order.get(key) ?? []), i]);
        running--;
      });
    }
    expect(queue.size).toBe(40);
    await queue.idle();
    expect(most).toBe(3);
    for (const [key, seen] of order) expect(seen, key).toEqual([...seen].sort((a, b) => a - b));
    expect([...order.values()].flat()).toHaveLength(40);
  });

  it('frees the slot of a job that fails, and logs the failure', async () => {
    const errors: string[] = [];
    const queue = new WorkQueue({ debug() {}, info() {}, warn() {}, error: (msg) => errors.push(msg) }, 1);
    const done: string[] = [];
    queue.push('a', async () => { throw new Error('boom'); });
    queue.push('b', async () => { done.push('b'); });
    await queue.idle();
    expect(done).toEqual(['b']);
    expect(errors).toEqual(['channel job failed']);
  });
});
