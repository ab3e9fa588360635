import { describe, expect, it } from 'vitest';
import { freePort, privateRedis, requireRedis } from '../app/test-support.ts';
import { redisBus } from './console/live.ts';
import { closeRedisClients } from './redis-close.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Settles with 'closed', or 'hung' if `closing` has not settled after `ms` (a liveness check, not a speed one). */
const within = (closing: Promise<unknown>, ms: number) => Promise.race([closing.then(() => 'closed'), sleep(ms).then(() => 'hung')]);

describe('closing Redis pub/sub clients', () => {
  it('does not wait for a Redis server that went away (the bus of the live console)', async () => {
    await requireRedis(); // the machine's redis-server binary runs the throwaway server below
    const redis = privateRedis(await freePort());
    try {
      await redis.start();
      const bus = await redisBus(redis.url, { channel: 'close-test' });
      await redis.kill();
      await sleep(300);
      // QUIT on a client that lost its server waits for a reconnection that never comes.
      expect(await within(bus.close(), 10_000)).toBe('closed');
    } finally {
      await redis.kill();
    }
  });

  it('destroys a client that is not ready, and gives a ready one its QUIT, then destroys it if that hangs', async () => {
    const calls: string[] = [];
    const client = (name: string, isReady: boolean, quit: () => Promise<unknown>) => ({
      isReady,
      unsubscribe: async (channel: string) => void calls.push(`${name} unsubscribe ${channel}`),
      quit: () => (calls.push(`${name} quit`), quit()),
      destroy: () => void calls.push(`${name} destroy`),
    });
    await closeRedisClients([
      { client: client('down', false, async () => undefined), subscribedTo: 'c' },
      { client: client('polite', true, async () => undefined), subscribedTo: 'c' },
      { client: client('stuck', true, () => new Promise(() => undefined)) },
    ], 50);
    expect(calls.sort()).toEqual(['down destroy', 'polite quit', 'polite unsubscribe c', 'stuck destroy', 'stuck quit']);
  });
});
