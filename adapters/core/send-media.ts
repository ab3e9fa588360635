import type { Response } from 'express';
import type { MediaContent } from '../types.ts';

/**
 * Types a browser shows inline without running anything: photos, voice notes and videos as the
 * messaging apps send them. Anything else (documents, SVG, HTML) is served as a download: it
 * comes from a customer or an agent and must never run on the server's origin.
 */
const INLINE = new Set([
  'image/jpeg', 'image/png', 'image/gif', 'image/webp',
  'audio/ogg', 'audio/mpeg', 'audio/mp4', 'audio/aac', 'audio/amr',
  'video/mp4', 'video/3gpp',
]);

export interface SendMediaOptions {
  /** Pages of other sites may show it (the web chat widget runs on the shop's site). Default: this origin only. */
  crossOrigin?: boolean;
  /** Seconds a browser may keep it (default 300). */
  maxAgeSeconds?: number;
  /**
   * The type was read from the file's bytes (photos and PDFs only): a download keeps it, as the
   * providers that fetch a file by link read its type from the answer (WhatsApp refuses
   * `application/octet-stream`). Default: a download is `application/octet-stream`.
   */
  typeFromBytes?: boolean;
}

/**
 * Send a customer's or an agent's file to a browser: inline only when safe, never sniffed, never
 * scripted.
 */
export function sendMedia(res: Response, media: MediaContent, name: string, options: SendMediaOptions = {}): void {
  const type = media.contentType.split(';')[0]!.trim().toLowerCase();
  const inline = INLINE.has(type);
  const ascii = name.replace(/[^\w.-]+/g, '_').slice(0, 100) || 'media';
  res.set({
    'content-type': inline || options.typeFromBytes ? media.contentType : 'application/octet-stream',
    // A name with letters beyond ASCII ("paragon styczeń.pdf") keeps them in `filename*`.
    'content-disposition': `${inline ? 'inline' : 'attachment'}; filename="${ascii}"${/[\u0080-\uffff]/.test(name) ? `; filename*=UTF-8''${encodeURIComponent(name.slice(0, 200))}` : ''}`,
    'x-content-type-options': 'nosniff',
    // Even a mislabelled file opened directly runs nothing and loads nothing.
    'content-security-policy': "sandbox; default-src 'none'; img-src 'self'; media-src 'self'",
    'cross-origin-resource-policy': options.crossOrigin ? 'cross-origin' : 'same-origin',
    'cache-control': `private, max-age=${options.maxAgeSeconds ?? 300}`,
  });
  res.send(media.bytes);
}
