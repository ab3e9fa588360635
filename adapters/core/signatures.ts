import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Compare two secrets in constant time. Different lengths return false at once: the length of
 * a signature of a known scheme is public anyway.
 */
export function safeEqual(a: string | Buffer, b: string | Buffer): boolean {
  const x = typeof a === 'string' ? Buffer.from(a, 'utf8') : a;
  const y = typeof b === 'string' ? Buffer.from(b, 'utf8') : b;
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Lower-case hex HMAC-SHA256. */
export function hmacSha256Hex(secret: string, data: Buffer | string): string {
  return createHmac('sha256', secret).update(data).digest('hex');
}

/**
 * Meta's `X-Hub-Signature-256: sha256=<hex>` check (WhatsApp Cloud API, Messenger), always over
 * the raw request bytes: re-serialised JSON differs from what Meta signed (escaped unicode, `\/`).
 */
export function verifyHubSignature(header: string | undefined, rawBody: Buffer, appSecret: string):
  { ok: true } | { ok: false; status: 401 | 403; reason: string } {
  if (!header) return { ok: false, status: 401, reason: 'missing X-Hub-Signature-256' };
  const m = /^sha256=([0-9a-fA-F]{64})$/.exec(header.trim());
  if (!m) return { ok: false, status: 403, reason: 'malformed X-Hub-Signature-256' };
  const expected = Buffer.from(hmacSha256Hex(appSecret, rawBody), 'hex');
  return safeEqual(Buffer.from(m[1]!, 'hex'), expected) ? { ok: true } : { ok: false, status: 403, reason: 'X-Hub-Signature-256 does not match' };
}

/**
 * Meta's GET subscription check: answer `hub.challenge` when `hub.mode=subscribe` and the
 * verify token matches; 403 otherwise.
 */
export function hubChallenge(query: URLSearchParams, verifyToken: string): { status: number; body: string } {
  const token = query.get('hub.verify_token') ?? '';
  if (query.get('hub.mode') === 'subscribe' && safeEqual(token, verifyToken)) return { status: 200, body: query.get('hub.challenge') ?? '' };
  return { status: 403, body: 'verification failed' };
}
