import { withRetries } from '../../shared/index.ts';
import { AdapterError } from './errors.ts';

/** How provider calls are retried. Defaults suit production; tests shorten the delays. */
export interface RetryOptions {
  /** Attempts after the first one, on 429, 5xx and network errors. Default 3. */
  retries?: number;
  /** First backoff delay in ms; doubles each attempt, with jitter. Default 500. */
  baseDelayMs?: number;
  /** Longest wait between attempts, also the cap on a provider's Retry-After. Default 8000. */
  maxDelayMs?: number;
  /** Per-attempt timeout in ms. Default 10000. */
  timeoutMs?: number;
}

/** A provider's answer, body already read. */
export interface ProviderResponse {
  status: number;
  body: unknown;
  attempts: number;
}

/** Retry-After in ms (seconds or HTTP date), if the provider sent one. */
function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Call a provider API with a timeout, retrying 429/5xx/network errors with exponential backoff
 * (and the provider's Retry-After, capped). Returns the 2xx response.
 * @throws AdapterError after the last attempt, or at once for a 4xx that retrying cannot fix.
 *   `providerCode` is read from the body by `errorCode`.
 */
export async function callProvider(
  channel: string,
  url: string,
  init: RequestInit,
  options: RetryOptions & {
    errorCode?: (body: unknown) => { code?: string; message?: string };
    /** Whether a refusal is worth retrying. Default: 429 and 5xx (Meta also throttles with 400 + code). */
    retryable?: (status: number, code: string | undefined) => boolean;
  } = {},
): Promise<ProviderResponse> {
  const { retries = 3, baseDelayMs = 500, maxDelayMs = 8000, timeoutMs = 10_000 } = options;
  /** The provider's Retry-After of an attempt that failed, by its error. */
  const retryAfter = new WeakMap<AdapterError, number>();
  try {
    return await withRetries(async (attempt) => {
      let res: Response;
      let body: unknown;
      try {
        res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
        body = await readBody(res);
      } catch (err) {
        // Network error or timeout: the request may or may not have reached the provider.
        throw new AdapterError(channel, `${channel} API unreachable: ${(err as Error).message}`, { retryable: true, attempts: attempt, cause: err });
      }
      if (res.ok) return { status: res.status, body, attempts: attempt };
      const err = options.errorCode?.(body) ?? {};
      const retryable = options.retryable ? options.retryable(res.status, err.code) : res.status === 429 || res.status >= 500;
      const refused = new AdapterError(channel, `${channel} API answered ${res.status}${err.code ? ` (code ${err.code})` : ''}: ${err.message ?? (typeof body === 'string' ? body.slice(0, 200) : JSON.stringify(body)?.slice(0, 200))}`,
        { status: res.status, retryable, attempts: attempt, providerCode: err.code });
      const wait = retryAfterMs(res.headers.get('retry-after'));
      if (wait !== undefined) retryAfter.set(refused, wait);
      throw refused;
    }, {
      retries, baseDelayMs, maxDelayMs,
      retryable: (err) => err instanceof AdapterError && err.retryable,
      waitFor: (err) => retryAfter.get(err as AdapterError),
    });
  } catch (err) {
    // A refusal retrying cannot fix is thrown as it is; a retryable one was tried `retries` more times.
    if (!(err instanceof AdapterError) || !err.retryable) throw err;
    throw new AdapterError(channel, `gave up after ${retries + 1} attempts: ${err.message}`, { ...err.details, attempts: retries + 1 });
  }
}
