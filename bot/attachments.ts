import type { Attachment } from './types.ts';
import { storableText } from './stored-text.ts';

/** Most attachments kept of one message (WhatsApp and Messenger send one, Twilio MMS up to 10). */
export const MAX_ATTACHMENTS = 10;
const KINDS = new Set<Attachment['kind']>(['image', 'audio', 'video', 'file', 'sticker', 'location']);
const MAX_FIELD = 2_000;

/**
 * A message's attachments as they are stored and shown to agents: known kinds only, at most
 * MAX_ATTACHMENTS, links only over http(s) (an agent clicks them in the console), fields cut to a
 * sane length. Adapters build them from verified payloads; this is the core's own guard.
 */
export function storableAttachments(list: readonly Attachment[] | undefined): Attachment[] {
  const out: Attachment[] = [];
  for (const a of list ?? []) {
    if (out.length === MAX_ATTACHMENTS) break;
    if (!a || !KINDS.has(a.kind)) continue;
    const field = (v: unknown) => (typeof v === 'string' && v.trim() ? storableText(v.trim()).slice(0, MAX_FIELD) : undefined);
    const url = field(a.url);
    const kept: Attachment = { kind: a.kind };
    if (url && /^https?:\/\//i.test(url)) kept.url = url;
    for (const key of ['ref', 'mime', 'name'] as const) {
      const v = field(a[key]);
      if (v) kept[key] = v.slice(0, 200);
    }
    out.push(kept);
  }
  return out;
}
