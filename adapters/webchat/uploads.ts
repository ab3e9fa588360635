/**
 * Photos and PDFs a web chat customer attaches (a screenshot of an error, a photo of a damaged
 * parcel, a receipt). The widget uploads the file (`POST /webchat/uploads`), then sends a message
 * naming it; the agent opens it through the console (ChannelAdapter.media). The file's type is
 * read from its first bytes, never from what the browser says, and only kinds a browser shows
 * safely are kept.
 */
import { randomUUID } from 'node:crypto';
import express, { type Router } from 'express';
import { silentLogger, type Attachment, type Database, type Logger } from '../../bot/index.ts';
import { BadRequestError, ForbiddenError, NotFoundError, readBody, TooManyRequestsError, UnsupportedMediaTypeError } from '../../errors/index.ts';
import type { MediaContent } from '../types.ts';
import { WEBCHAT_UPLOAD_PREFIX } from '../../shared/file-paths.ts';
import { storedAttachments } from '../core/attachments.ts';
import { sendMedia } from '../core/send-media.ts';
import { verifyOrigin } from './verify.ts';

/** What a customer may attach (sniffUpload reads these from the bytes); the widget's file chooser offers them. */
export const UPLOAD_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf'] as const;
/** The largest file a customer may attach: a phone's photo, or a scanned receipt. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/** Files one customer may upload an hour: a conversation's photos, not a way to fill the database. */
export const MAX_UPLOADS_PER_HOUR = 20;
/** Hours an upload no message named is kept (the customer closed the page before sending). */
export const UNUSED_UPLOAD_HOURS = 24;
/** A web chat user id, as the `hello` frame takes it. */
const USER_ID = /^[\w.:-]{8,128}$/;

/** The type of a file from its first bytes: PNG, JPEG, GIF, WebP or PDF, else undefined. */
export function sniffUpload(bytes: Uint8Array): { mime: string; kind: Attachment['kind'] } | undefined {
  const starts = (...b: number[]) => b.every((x, i) => bytes[i] === x);
  const ascii = (at: number, s: string) => [...s].every((c, i) => bytes[at + i] === c.charCodeAt(0));
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return { mime: 'image/png', kind: 'image' };
  if (starts(0xff, 0xd8, 0xff)) return { mime: 'image/jpeg', kind: 'image' };
  if (ascii(0, 'GIF87a') || ascii(0, 'GIF89a')) return { mime: 'image/gif', kind: 'image' };
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return { mime: 'image/webp', kind: 'image' };
  if (ascii(0, '%PDF-')) return { mime: 'application/pdf', kind: 'file' };
  return undefined;
}

/** A file name as shown to agents and customers: no path, no control characters, at most 200 characters. */
export function cleanFileName(name: unknown): string | undefined {
  if (typeof name !== 'string') return undefined;
  // eslint-disable-next-line no-control-regex
  const base = name.split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200);
  return base || undefined;
}

/** The uploads in SQL (table webchat_uploads). */
export class WebchatUploads {
  constructor(private readonly db: Database) {}

  /** Keep a file for `userId`; refused (4xx) when it is no photo or PDF. */
  async store(userId: string, bytes: Uint8Array, name?: string): Promise<Attachment & { size: number }> {
    const type = sniffUpload(bytes);
    if (!type) throw new UnsupportedMediaTypeError('unsupported_upload', 'only photos (PNG, JPEG, GIF, WebP) and PDF files can be attached');
    const ref = `${WEBCHAT_UPLOAD_PREFIX}${randomUUID()}`;
    const clean = cleanFileName(name);
    // Files chosen and never sent go here, at the next upload: uploads are rare, so no timer is needed.
    await this.db.query('delete from webchat_uploads where not used and created_at < now() - make_interval(hours => $1::int)', [UNUSED_UPLOAD_HOURS]);
    const [recent] = await this.db.query<{ n: number | string }>("select count(*)::int as n from webchat_uploads where user_id = $1 and created_at > now() - interval '1 hour'", [userId]);
    if (Number(recent?.n ?? 0) >= MAX_UPLOADS_PER_HOUR) {
      throw new TooManyRequestsError('too_many_uploads', `at most ${MAX_UPLOADS_PER_HOUR} files an hour can be attached`, { retryAfterSeconds: 600 });
    }
    await this.db.query('insert into webchat_uploads (id, user_id, mime, name, size, bytes) values ($1, $2, $3, $4, $5, $6)',
      [ref, userId, type.mime, clean ?? null, bytes.byteLength, Buffer.from(bytes)]);
    return { kind: type.kind, ref, mime: type.mime, ...(clean ? { name: clean } : {}), size: bytes.byteLength };
  }

  /** The attachments of a message, from refs this customer uploaded; undefined when one is not theirs. */
  async attachments(userId: string, refs: readonly string[]): Promise<Attachment[] | undefined> {
    if (!refs.length) return [];
    const rows = await this.db.query<{ id: string; mime: string; name: string | null }>(
      'update webchat_uploads set used = true where user_id = $1 and id = any($2::text[]) returning id, mime, name', [userId, [...refs]]);
    return storedAttachments(refs, rows);
  }

  /** A file for the customer who uploaded it (their own photo in the chat); undefined for anyone else. */
  async forCustomer(userId: string, ref: string): Promise<(MediaContent & { name?: string }) | undefined> {
    const [row] = await this.db.query<{ mime: string; name: string | null; bytes: Uint8Array }>(
      'select mime, name, bytes from webchat_uploads where id = $1 and user_id = $2', [ref, userId]);
    return row ? { bytes: Buffer.from(row.bytes), contentType: row.mime, ...(row.name ? { name: row.name } : {}) } : undefined;
  }

  /** A file for an agent to open. */
  async media(ref: string): Promise<MediaContent | undefined> {
    const [row] = await this.db.query<{ mime: string; bytes: Uint8Array }>('select mime, bytes from webchat_uploads where id = $1', [ref]);
    return row ? { bytes: Buffer.from(row.bytes), contentType: row.mime } : undefined;
  }
}

/**
 * `POST /webchat/uploads?userId=…&name=…` with the file as the body: 201 `{ref, kind, mime, name,
 * size}`; 413 over MAX_UPLOAD_BYTES, 415 for anything but a photo or PDF. The widget runs on other
 * sites: origins are checked as the chat socket checks them (`allowedOrigins`, empty: any).
 *
 * `GET /webchat/uploads/{ref}?userId=…`: the file, to the customer who uploaded it (404 to anyone
 * else), so the widget shows their photo. An `<img>` sends no Origin, so none is checked: the
 * random ref and the chat's user id together are the key. Photos show inline; a PDF is a
 * download, never a page of this origin.
 */
export function webchatUploadRoute(o: { uploads: WebchatUploads; allowedOrigins?: string[]; logger?: Logger }): Router {
  const log = o.logger ?? silentLogger;
  const router = express.Router();
  const cors: express.RequestHandler = (req, res, next) => {
    const origin = req.headers.origin;
    if (!verifyOrigin(origin, o.allowedOrigins ?? [])) throw new ForbiddenError('origin_not_allowed', 'this site may not attach files to the chat');
    if (origin) {
      res.set('Access-Control-Allow-Origin', origin);
      res.set('Vary', 'Origin');
    }
    next();
  };
  router.options('/webchat/uploads', cors, (_req, res) => {
    res.set('Access-Control-Allow-Methods', 'POST');
    res.set('Access-Control-Allow-Headers', 'content-type');
    res.set('Access-Control-Max-Age', '600');
    res.status(204).end();
  });
  router.post('/webchat/uploads', cors, readBody(express.raw({ type: () => true, limit: MAX_UPLOAD_BYTES })), async (req, res) => {
    const userId = String(req.query.userId ?? '');
    if (!USER_ID.test(userId)) throw new BadRequestError('bad_request', 'userId: the chat\'s user id is required');
    const body = req.body as Buffer | undefined;
    if (!body?.byteLength) throw new BadRequestError('empty', 'send the file as the request body');
    const stored = await o.uploads.store(userId, body, typeof req.query.name === 'string' ? req.query.name : undefined);
    log.info('webchat upload stored', { ref: stored.ref, mime: stored.mime, size: stored.size });
    res.status(201).json(stored);
  });
  router.get('/webchat/uploads/:ref', async (req, res) => {
    const userId = String(req.query.userId ?? '');
    if (!USER_ID.test(userId)) throw new BadRequestError('bad_request', 'userId: the chat\'s user id is required');
    const file = await o.uploads.forCustomer(userId, String(req.params.ref));
    if (!file) throw new NotFoundError('no such file in this chat');
    sendMedia(res, file, file.name ?? 'file', { crossOrigin: true, maxAgeSeconds: 86_400, typeFromBytes: true });
  });
  return router;
}
