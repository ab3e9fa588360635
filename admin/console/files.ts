/**
 * Files agents send to customers (a return label, a photo of the right part, an invoice). The
 * agent uploads the file to the conversation, then names it in a reply. The file's type is read
 * from its bytes, as for customers' uploads: photos and PDFs only.
 *
 * A file is handed out at `/files/{ref}` to anyone who has the link: the web chat shows it from
 * there, and WhatsApp, Messenger, Twilio and Teams fetch it from there (PUBLIC_URL) to deliver
 * it. The ref is 122 random bits, so the link is the key, as a provider's own media links are.
 */
import { randomUUID } from 'node:crypto';
import express, { type Router } from 'express';
import { cleanFileName, sendMedia, sniffUpload, storedAttachments, type MediaContent } from '../../adapters/index.ts';
import type { Attachment, Database } from '../../bot/index.ts';
import { NotFoundError, UnsupportedMediaTypeError } from '../../errors/index.ts';
import { AGENT_FILE_PREFIX, agentFilePath } from '../../shared/index.ts';

/**
 * The largest file an agent may send: what every channel delivers (WhatsApp's photos and
 * Twilio's MMS stop at 5 MB).
 */
export const MAX_AGENT_FILE_BYTES = 5 * 1024 * 1024;
/** Files one reply may carry. */
export const MAX_REPLY_FILES = 4;
/** Hours a file uploaded for a reply is kept if no reply sends it. */
export const UNSENT_FILE_HOURS = 24;

/** A file as the console lists it after the upload. */
export type AgentFile = Attachment & { ref: string; size: number };

/** The files in SQL (table agent_files). */
export class AgentFiles {
  constructor(private readonly db: Database) {}

  /** Keep a file an agent will send in `conversationId`; refused (415) when it is no photo or PDF. */
  async store(conversationId: string, agentId: string, bytes: Uint8Array, name?: string): Promise<AgentFile> {
    const type = sniffUpload(bytes);
    if (!type) throw new UnsupportedMediaTypeError('unsupported_file', 'only photos (PNG, JPEG, GIF, WebP) and PDF files can be sent');
    const ref = `${AGENT_FILE_PREFIX}${randomUUID()}`;
    const clean = cleanFileName(name) ?? (type.kind === 'image' ? `photo.${type.mime.split('/')[1]}` : 'document.pdf');
    // Files uploaded and never sent (the agent took them out, or closed the console) go at the next upload.
    await this.db.query('delete from agent_files where not used and created_at < now() - make_interval(hours => $1::int)', [UNSENT_FILE_HOURS]);
    await this.db.query('insert into agent_files (id, conversation_id, agent_id, mime, name, size, bytes) values ($1, $2, $3, $4, $5, $6, $7)',
      [ref, conversationId, agentId, type.mime, clean, bytes.byteLength, Buffer.from(bytes)]);
    return { kind: type.kind, ref, mime: type.mime, name: clean, size: bytes.byteLength };
  }

  /** The attachments of a reply, from files uploaded to this conversation (kept from now on); undefined when one is not. */
  async attachments(conversationId: string, refs: readonly string[]): Promise<Attachment[] | undefined> {
    if (!refs.length) return [];
    const rows = await this.db.query<{ id: string; mime: string; name: string }>(
      'update agent_files set used = true where conversation_id = $1 and id = any($2::text[]) returning id, mime, name', [conversationId, [...refs]]);
    return storedAttachments(refs, rows);
  }

  /** A file by its ref. */
  async read(ref: string): Promise<(MediaContent & { name: string }) | undefined> {
    const [row] = await this.db.query<{ mime: string; name: string; bytes: Uint8Array }>('select mime, name, bytes from agent_files where id = $1', [ref]);
    return row ? { bytes: Buffer.from(row.bytes), contentType: row.mime, name: row.name } : undefined;
  }
}

/** The absolute link a provider fetches a file from, or undefined without a public URL. */
export function publicFileUrl(publicUrl: string | undefined, ref: string): string | undefined {
  return publicUrl ? publicUrl.replace(/\/+$/, '') + agentFilePath(ref) : undefined;
}

/** `GET /files/{ref}`: a file an agent sent, to whoever has the link (photos inline, PDFs as downloads). */
export function agentFileRoute(files: AgentFiles): Router {
  const router = express.Router();
  router.get('/files/:ref', async (req, res) => {
    const ref = String(req.params.ref);
    const file = ref.startsWith(AGENT_FILE_PREFIX) ? await files.read(ref) : undefined;
    if (!file) throw new NotFoundError('no such file');
    sendMedia(res, file, file.name, { crossOrigin: true, maxAgeSeconds: 86_400, typeFromBytes: true });
  });
  return router;
}
