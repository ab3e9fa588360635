import { describe, expect, it } from 'vitest';
import { compose, type Middleware } from './compose.ts';

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
