/** Meta Graph API bits shared by the WhatsApp Cloud API and Messenger adapters. */

/** Where Graph API calls go; tests and proxies point `base` elsewhere. */
export interface GraphApiOptions {
  /** Default https://graph.facebook.com. */
  base?: string;
  /** Default v23.0. */
  version?: string;
}

export const DEFAULT_GRAPH_BASE = 'https://graph.facebook.com';
export const DEFAULT_GRAPH_VERSION = 'v23.0';

/** `{base}/{version}/{path}`. */
export function graphUrl(o: GraphApiOptions, path: string): string {
  const version = (o.version ?? DEFAULT_GRAPH_VERSION).replace(/^(?!v)/, 'v');
  return `${(o.base ?? DEFAULT_GRAPH_BASE).replace(/\/+$/, '')}/${version}/${path.replace(/^\/+/, '')}`;
}

/** Code and message of a Graph error body `{error: {code, error_subcode, message}}`. */
export function graphError(body: unknown): { code?: string; message?: string } {
  const e = (body as { error?: { code?: number; error_subcode?: number; message?: string; error_data?: { details?: string } } } | undefined)?.error;
  if (!e) return {};
  return { code: e.code !== undefined ? String(e.code) : undefined, message: [e.message, e.error_data?.details].filter(Boolean).join(' — ') || undefined };
}

/**
 * Graph throttling and transient codes, which Meta often sends with HTTP 400: application/page
 * rate limits (4, 17, 32, 613), temporary errors (1, 2), WhatsApp throughput (80007, 130429) and
 * pair rate limit (131056).
 */
const RETRYABLE_CODES = new Set(['1', '2', '4', '17', '32', '613', '80007', '130429', '131056']);

export function graphRetryable(status: number, code: string | undefined): boolean {
  return status === 429 || status >= 500 || (code !== undefined && RETRYABLE_CODES.has(code));
}
