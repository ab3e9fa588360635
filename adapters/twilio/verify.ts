import { createHmac } from 'node:crypto';
import { safeEqual } from '../core/signatures.ts';
import type { VerifyResult } from '../types.ts';

/** Form parameters in arrival order; a name may repeat. */
export type FormParams = Array<[string, string]>;

/**
 * Twilio's X-Twilio-Signature: Base64 HMAC-SHA1 (auth token) over the full URL followed by every
 * POST parameter, sorted by name, as name+value (repeated names: distinct values sorted).
 * Same algorithm as the official twilio package's getExpectedTwilioSignature.
 */
export function twilioSignature(authToken: string, url: string, params: FormParams): string {
  const byName = new Map<string, Set<string>>();
  for (const [k, v] of params) {
    if (!byName.has(k)) byName.set(k, new Set());
    byName.get(k)!.add(v);
  }
  let data = url;
  for (const name of [...byName.keys()].sort()) {
    for (const value of [...byName.get(name)!].sort()) data += name + value;
  }
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

/** The URL as received, plus the same with the default port added or removed (Twilio may sign either). */
export function urlVariants(url: string): string[] {
  const m = /^(https?):\/\/([^/?#:]+)(:\d+)?(.*)$/i.exec(url);
  if (!m) return [url];
  const [, scheme, host, port, rest] = m;
  const defaultPort = scheme!.toLowerCase() === 'https' ? ':443' : ':80';
  if (port && port !== defaultPort) return [url];
  return [`${scheme}://${host}${rest}`, `${scheme}://${host}${defaultPort}${rest}`];
}

/**
 * Check a Twilio webhook: 401 without the header, 403 when no URL variant's signature matches.
 * Compared in constant time.
 */
export function verifyTwilioSignature(header: string | undefined, url: string, params: FormParams, authToken: string): VerifyResult {
  if (!header) return { ok: false, status: 401, reason: 'missing X-Twilio-Signature' };
  const ok = urlVariants(url).some((u) => safeEqual(header.trim(), twilioSignature(authToken, u, params)));
  return ok ? { ok: true } : { ok: false, status: 403, reason: 'X-Twilio-Signature does not match (check PUBLIC_URL behind a proxy)' };
}
