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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
  let last: AdapterError | undefined;
  for (let attempt = 1; attempt <= retries + 1; attempt++) {
    let wait: number | undefined;
    try {
      const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
      const body = await readBody(res);
      if (res.ok) return { status: res.status, body, attempts: attempt };
      const err = options.errorCode?.(body) ?? {};
      const retryable = options.retryable ? options.retryable(res.status, err.code) : res.status === 429 || res.status >= 500;
      last = new AdapterError(channel, `${channel} API answered ${res.status}${err.code ? ` (code ${err.code})` : ''}: ${err.message ?? (typeof body === 'string' ? body.slice(0, 200) : JSON.stringify(body)?.slice(0, 200))}`,
        { status: res.status, retryable, attempts: attempt, providerCode: err.code });
      if (!retryable) throw last;
      wait = retryAfterMs(res.headers.get('retry-after'));
    } catch (err) {
      if (err instanceof AdapterError) {
        if (!err.retryable) throw err;
      } else {
        // Network error or timeout: the request may or may not have reached the provider.
        last = new AdapterError(channel, `${channel} API unreachable: ${(err as Error).message}`, { retryable: true, attempts: attempt, cause: err });
      }
    }
    if (attempt <= retries) {
      const backoff = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
      await sleep(Math.min(maxDelayMs, wait ?? backoff));
    }
  }
  throw new AdapterError(channel, `gave up after ${retries + 1} attempts: ${last?.message}`, { ...last!.details, attempts: retries + 1 });
}
