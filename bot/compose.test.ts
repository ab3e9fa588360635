import { describe, expect, it } from 'vitest';
import { compose, KeyedMutex, type Middleware } from './compose.ts';

describe('compose', () => {
  it('runs steps in order and stops when one does not call next', async () => {
    const seen: string[] = [];
    const step = (name: string, pass = true): Middleware<string[]> => async (ctx, next) => {
      ctx.push(name);
      if (pass) await next();
    };
    await compose([step('a'), step('b', false), step('c')])(seen);
    expect(seen).toEqual(['a', 'b']);
  });

  it('throws when next() is called twice', async () => {
    const twice: Middleware<unknown> = async (_ctx, next) => {
      await next();
      await next();
    };
    await expect(compose([twice])({})).rejects.toThrow(/twice/);
  });
});

describe('KeyedMutex', () => {
  it('serialises work per key and keeps going after a failure', async () => {
    const m = new KeyedMutex();
    const log: string[] = [];
    const slow = (tag: string, ms: number) => m.run('k', async () => {
      log.push(`start ${tag}`);
      await new Promise((r) => setTimeout(r, ms));
      log.push(`end ${tag}`);
      if (tag === 'fail') throw new Error('boom');
    });
    await Promise.allSettled([slow('a', 20), slow('fail', 5), slow('b', 1)]);
    expect(log).toEqual(['start a', 'end a', 'start fail', 'end fail', 'start b', 'end b']);
  });
});
