import { describe, expect, it } from 'vitest';
import { backoffDelay, withRetries } from './retry.ts';

class Refused extends Error {
  constructor(readonly retryable: boolean, readonly retryAfterMs?: number) {
    super(retryable ? 'try again' : 'never');
  }
}

/** Options that record the waits instead of waiting. */
function recording(extra: Partial<Parameters<typeof withRetries>[1]> = {}) {
  const waits: number[] = [];
  return {
    waits,
    options: {
      retries: 3, baseDelayMs: 100, maxDelayMs: 1000,
      retryable: (err: unknown) => err instanceof Refused && err.retryable,
      sleep: async (ms: number) => void waits.push(ms),
      ...extra,
    },
  };
}

describe('withRetries', () => {
  it('returns the first success, after waiting between failed attempts', async () => {
    const { waits, options } = recording();
    const seen: number[] = [];
    const result = await withRetries(async (n) => {
      seen.push(n);
      if (n < 3) throw new Refused(true);
      return 'ok';
    }, options);
    expect(result).toBe('ok');
    expect(seen).toEqual([1, 2, 3]);
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeGreaterThanOrEqual(50);
    expect(waits[0]).toBeLessThanOrEqual(100);
    expect(waits[1]).toBeGreaterThanOrEqual(100);
    expect(waits[1]).toBeLessThanOrEqual(200);
  });

  it('throws the last failure after 1 + retries attempts', async () => {
    const { waits, options } = recording();
    let attempts = 0;
    const last = withRetries(async (n) => {
      attempts++;
      throw new Error(`attempt ${n}`);
    }, { ...options, retryable: () => true });
    await expect(last).rejects.toThrow('attempt 4');
    expect(attempts).toBe(4);
    expect(waits).toHaveLength(3);
  });

  it('throws a failure that is not retryable at once', async () => {
    const { waits, options } = recording();
    let attempts = 0;
    await expect(withRetries(async () => {
      attempts++;
      throw new Refused(false);
    }, options)).rejects.toThrow('never');
    expect(attempts).toBe(1);
    expect(waits).toEqual([]);
  });

  it('waits what the failure asks for, capped at maxDelayMs', async () => {
    const { waits, options } = recording({ waitFor: (err) => (err as Refused).retryAfterMs });
    let attempts = 0;
    await withRetries(async () => {
      attempts++;
      if (attempts === 1) throw new Refused(true, 300);
      if (attempts === 2) throw new Refused(true, 60_000);
      return undefined;
    }, options);
    expect(waits).toEqual([300, 1000]);
  });

  it('counts attempts made before, for work resumed after a restart', async () => {
    const { waits, options } = recording({ attemptsBefore: 2 });
    const seen: number[] = [];
    await expect(withRetries(async (n) => {
      seen.push(n);
      throw new Refused(true);
    }, options)).rejects.toThrow();
    expect(seen).toEqual([3, 4]);
    expect(waits).toHaveLength(1);
  });
});

describe('backoffDelay', () => {
  it('doubles from the base delay up to the cap, waiting a random half to all of it', () => {
    const policy = { baseDelayMs: 100, maxDelayMs: 1000 };
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, policy, () => 1))).toEqual([100, 200, 400, 800, 1000]);
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, policy, () => 0))).toEqual([50, 100, 200, 400, 500]);
  });
});
