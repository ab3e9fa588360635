import { describe, expect, it } from 'vitest';
import { within } from './within.ts';

describe('within', () => {
  it('gives the outcome of work that settles in time, and its rejection', async () => {
    expect(await within(Promise.resolve(7), 60_000)).toBe(7);
    await expect(within(Promise.reject(new Error('boom')), 60_000)).rejects.toThrow('boom');
  });

  it('says late for work that does not settle', async () => {
    expect(await within(new Promise(() => undefined), 1)).toBe('late');
  });
});
