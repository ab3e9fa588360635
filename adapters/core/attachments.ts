import type { Attachment, StoredMessage } from '../../bot/index.ts';
import type { MediaContent } from '../types.ts';

export { attachmentMarks } from '../../shared/attachment-marks.ts';

/**
 * The largest media an agent opens through the console (ChannelAdapter.media): larger than any
 * photo or voice note (Twilio MMS 5 MB, WhatsApp video 16 MB), and a bound on what one click holds in memory.
 */
export const MAX_MEDIA_BYTES = 25 * 1024 * 1024;

/**
 * A customer's media from its provider with the channel's credentials, if it needs any (ChannelAdapter.media):
 * undefined when the provider no longer has it (404), an error when it fails or the file is over
 * MAX_MEDIA_BYTES. `what` names it in errors.
 */
export async function downloadMedia(url: string, authorization: string | undefined, what: string): Promise<MediaContent | undefined> {
  const res = await fetch(url, { headers: authorization ? { authorization } : {}, signal: AbortSignal.timeout(60_000) });
  if (res.status === 404) return undefined;
  if (!res.ok) throw new Error(`${what}: the download answered ${res.status}`);
  const bytes = Buffer.from(await res.arrayBuffer());
  if (bytes.byteLength > MAX_MEDIA_BYTES) throw new Error(`${what} is larger than ${MAX_MEDIA_BYTES} bytes`);
  return { bytes, contentType: res.headers.get('content-type') ?? 'application/octet-stream' };
}

/** An attachment's kind from a MIME type (Twilio MMS, Bot Framework): image, audio, video, else a file. */
export function kindOfMime(mime: string | undefined): Attachment['kind'] {
  const top = (mime ?? '').split('/')[0]!.toLowerCase();
  return top === 'image' || top === 'audio' || top === 'video' ? top : 'file';
}

/** A shared location as an attachment an agent can open: a map link at those coordinates. */
export function locationAttachment(latitude: unknown, longitude: unknown, name?: string): Attachment | undefined {
  const lat = Number(latitude);
  const lon = Number(longitude);
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) return undefined;
  return { kind: 'location', url: `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=17/${lat}/${lon}`, ...(name ? { name } : {}) };
}

/** A file an agent sends, as a provider fetches it: a public link (admin/console/files.ts). */
export interface LinkedFile {
  kind: 'image' | 'file';
  url: string;
  mime?: string;
  name?: string;
}

/**
 * The files a bot or agent message carries for the provider to fetch: those with a public link.
 * A customer's own attachments are never sent back to them.
 */
export function linkedFiles(message: Partial<Pick<StoredMessage, 'role' | 'attachments'>>): LinkedFile[] {
  if (message.role === 'customer') return [];
  return (message.attachments ?? [])
    .filter((a): a is Attachment & { url: string } => typeof a.url === 'string' && /^https?:\/\//.test(a.url))
    .map((a) => ({ kind: a.kind === 'image' ? 'image' : 'file', url: a.url, ...(a.mime ? { mime: a.mime } : {}), ...(a.name ? { name: a.name } : {}) }));
}

/**
 * Stored files as a message's attachments, in the order the message names them: undefined when
 * a ref is not among the rows (not this customer's or this conversation's file).
 */
export function storedAttachments(refs: readonly string[], rows: ReadonlyArray<{ id: string; mime: string; name: string | null }>): Attachment[] | undefined {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out: Attachment[] = [];
  for (const ref of refs) {
    const r = byId.get(ref);
    if (!r) return undefined;
    out.push({ kind: r.mime.startsWith('image/') ? 'image' : 'file', ref, mime: r.mime, ...(r.name ? { name: r.name } : {}) });
  }
  return out;
}
