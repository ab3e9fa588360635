import { describe, expect, it } from 'vitest';
import { KeyedQueue } from './keyed-queue.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('KeyedQueue', () => {
  it('serialises work per key and keeps going after a failure', async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    const slow = (tag: string, ms: number) => queue.run('k', async () => {
      log.push(`start ${tag}`);
      await sleep(ms);
      log.push(`end ${tag}`);
      if (tag === 'fail') throw new Error('boom');
    });
    await Promise.allSettled([slow('a', 20), slow('fail', 5), slow('b', 1)]);
    expect(log).toEqual(['start a', 'end a', 'start fail', 'end fail', 'start b', 'end b']);
  });

  it('runs different keys concurrently and each key in order', async () => {
    const queue = new KeyedQueue<string>();
    let running = 0;
    let most = 0;
    const order = new Map<string, number[]>();
    const runs: Promise<void>[] = [];
    for (let i = 0; i < 40; i++) {
      const key = `customer-${i % 10}`;
      runs.push(queue.run(key, async () => {
        running++;
        most = Math.max(most, running);
        await sleep(2);
        order.set(key, [...(order.get(key) ?? []), i]);
        running--;
      }));
    }
    expect(queue.size).toBe(10);
    await Promise.all(runs);
    expect(most).toBe(10);
    for (const [key, seen] of order) expect(seen, key).toEqual([...seen].sort((a, b) => a - b));
    expect([...order.values()].flat()).toHaveLength(40);
  });

  it('returns each result or error to its own caller', async () => {
    const queue = new KeyedQueue();
    const failing = queue.run('k', async () => { throw new Error('boom'); });
    const next = queue.run('k', async () => 42);
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe(42);
  });

  it('takes any value as a key, and forgets a key once its work is done', async () => {
    const queue = new KeyedQueue<object>();
    const socket = {};
    const seen: number[] = [];
    void queue.run(socket, async () => { await sleep(5); seen.push(1); });
    void queue.run(socket, async () => { seen.push(2); });
    expect(queue.size).toBe(1);
    await queue.idle();
    expect(seen).toEqual([1, 2]);
    expect(queue.size).toBe(0);
  });

  it('idle() waits for work queued while it waits', async () => {
    const queue = new KeyedQueue();
    const done: string[] = [];
    void queue.run('a', async () => {
      await sleep(5);
      void queue.run('b', async () => { await sleep(5); done.push('b'); });
      done.push('a');
    });
    await queue.idle();
    expect(done).toEqual(['a', 'b']);
  });
});
