import type { Attachment } from '../../bot/index.ts';

/**
 * The largest media an agent opens through the console (ChannelAdapter.media): larger than any
 * photo or voice note (Twilio MMS 5 MB, WhatsApp video 16 MB), and a bound on what one click holds in memory.
 */
export const MAX_MEDIA_BYTES = 25 * 1024 * 1024;

/** An attachment's kind from a MIME type (Twilio MMS, Bot Framework): image, audio, video, else a file. */
export function kindOfMime(mime: string | undefined): Attachment['kind'] {
  const top = (mime ?? '').split('/')[0]!.toLowerCase();
  return top === 'image' || top === 'audio' || top === 'video' ? top : 'file';
}

const MARK: Record<Attachment['kind'], string> = { image: '📷', audio: '🎤', video: '🎬', file: '📎', sticker: '🖼️', location: '📍' };

/** What a customer's message without words shows where its text would be: a mark per attachment, in no language. */
export function attachmentMarks(attachments: readonly Attachment[] | undefined): string {
  return (attachments ?? []).map((a) => MARK[a.kind] ?? '📎').join(' ');
}

/** A shared location as an attachment an agent can open: a map link at those coordinates. */
export function locationAttachment(latitude: unknown, longitude: unknown, name?: string): Attachment | undefined {
  const lat = Number(latitude);
  const lon = Number(longitude);
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) return undefined;
  return { kind: 'location', url: `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=17/${lat}/${lon}`, ...(name ? { name } : {}) };
}
