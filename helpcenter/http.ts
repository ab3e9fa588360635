import type { Request, Response } from 'express';
import type { CachedPage } from './page-cache.ts';

/** The help center's reader cookie: a random id, so each reader votes once per article. */
export const READER_COOKIE = 'help_reader';

/** A cookie's value from a Cookie header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim() || undefined;
  }
  return undefined;
}

/**
 * The absolute base of URLs in pages: PUBLIC_URL when set, else this request's scheme and host
 * (X-Forwarded-Proto behind a TLS-terminating proxy).
 */
export function baseUrl(req: Request, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl;
  const forwarded = String(req.headers['x-forwarded-proto'] ?? '').split(',')[0]!.trim().toLowerCase();
  const scheme = forwarded === 'https' || forwarded === 'http' ? forwarded : req.secure ? 'https' : 'http';
  return `${scheme}://${req.headers.host ?? 'localhost'}`;
}

/** Send a cached page with its ETag; 304 when the browser already has it. */
export function sendPage(req: Request, res: Response, page: CachedPage, type = 'html', cacheControl = 'public, max-age=60'): void {
  res.set('ETag', page.etag);
  res.set('Cache-Control', cacheControl);
  if (req.headers['if-none-match'] === page.etag) {
    res.status(304).end();
    return;
  }
  res.type(type).send(page.body);
}

/** A query parameter as one trimmed string, or undefined. */
export function queryString(req: Request, name: string, max = 200): string | undefined {
  const v = req.query[name];
  return typeof v === 'string' ? v.trim().slice(0, max) : undefined;
}
