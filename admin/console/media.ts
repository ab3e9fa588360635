import type { Response } from 'express';
import type { MediaContent } from '../../adapters/index.ts';

/**
 * Types a browser shows inline without running anything: photos, voice notes and videos as the
 * messaging apps send them. Anything else (documents, SVG, HTML) is served as a download: it
 * comes from a customer and must never run on the console's origin.
 */
const INLINE = new Set([
  'image/jpeg', 'image/png', 'image/gif', 'image/webp',
  'audio/ogg', 'audio/mpeg', 'audio/mp4', 'audio/aac', 'audio/amr',
  'video/mp4', 'video/3gpp',
]);

/** Send a customer's media to an agent: inline only when safe, never sniffed, never scripted. */
export function sendMedia(res: Response, media: MediaContent, name: string): void {
  const type = media.contentType.split(';')[0]!.trim().toLowerCase();
  const inline = INLINE.has(type);
  res.set({
    'content-type': inline ? media.contentType : 'application/octet-stream',
    'content-disposition': `${inline ? 'inline' : 'attachment'}; filename="${name.replace(/[^\w.-]+/g, '_').slice(0, 100) || 'media'}"`,
    'x-content-type-options': 'nosniff',
    // Even a mislabelled file opened directly runs nothing and loads nothing.
    'content-security-policy': "sandbox; default-src 'none'; img-src 'self'; media-src 'self'",
    'cache-control': 'private, max-age=300',
  });
  res.send(media.bytes);
}
