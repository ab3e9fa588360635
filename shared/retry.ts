/** How often and how patiently a failed call is tried again. */
export interface RetryPolicy {
  /** Attempts after the first one. */
  retries: number;
  /** First backoff delay in ms; it doubles each attempt, and a random half to all of it is waited (jitter). */
  baseDelayMs: number;
  /** Longest wait between attempts in ms, also the cap on a wait the failure asks for. */
  maxDelayMs: number;
}

export interface WithRetriesOptions extends RetryPolicy {
  /** Whether a failure is worth another attempt; one that is not is thrown at once. */
  retryable: (error: unknown) => boolean;
  /** A wait the failure itself asks for in ms (a provider's Retry-After), instead of the backoff. */
  waitFor?: (error: unknown) => number | undefined;
  /** Attempts made before this call (work resumed after a restart). Default 0. */
  attemptsBefore?: number;
  /** How to wait; a caller that must stop early passes a sleep it can cut short. */
  sleep?: (ms: number) => Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The wait before attempt `attempt + 1`: exponential from `baseDelayMs`, capped at `maxDelayMs`,
 * with jitter so that clients that failed together do not all come back at the same moment.
 */
export function backoffDelay(attempt: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>, random = Math.random): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)) * (0.5 + random() / 2);
}

/**
 * Call `attempt` (numbered from 1, after `attemptsBefore`) until it resolves, a failure is not
 * retryable, or `retries` more attempts have failed; then the last failure is thrown as it was.
 *
 * @example
 * const res = await withRetries((n) => post(url, body, n), {
 *   retries: 3, baseDelayMs: 500, maxDelayMs: 8000, retryable: (err) => err instanceof NetworkError,
 * });
 */
export async function withRetries<T>(attempt: (n: number) => Promise<T>, options: WithRetriesOptions): Promise<T> {
  const wait = options.sleep ?? sleep;
  for (let n = (options.attemptsBefore ?? 0) + 1; ; n++) {
    try {
      return await attempt(n);
    } catch (err) {
      if (n > options.retries || !options.retryable(err)) throw err;
      await wait(Math.min(options.maxDelayMs, options.waitFor?.(err) ?? backoffDelay(n, options)));
    }
  }
}
