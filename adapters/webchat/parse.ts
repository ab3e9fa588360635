import type { Attachment, InboundEvent } from '../../bot/index.ts';
import { ClientFrame } from './types.ts';

export type ParsedFrame =
  | { ok: true; frame: ClientFrame }
  | { ok: false; code: 'bad_json' | 'bad_frame' | 'unknown_type'; message: string; clientId?: string };

const KNOWN = new Set(['hello', 'message', 'choose', 'feedback', 'context', 'ping']);

/** Parse one socket frame; never throws. */
export function parseFrame(data: string): ParsedFrame {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return { ok: false, code: 'bad_json', message: 'frame is not valid JSON' };
  }
  const type = (json as { type?: unknown })?.type;
  const clientId = typeof (json as { clientId?: unknown })?.clientId === 'string' ? (json as { clientId: string }).clientId : undefined;
  if (typeof type !== 'string' || !KNOWN.has(type)) return { ok: false, code: 'unknown_type', message: `unknown frame type ${JSON.stringify(type)}`, clientId };
  const parsed = ClientFrame.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, code: 'bad_frame', message: `${issue?.path.join('.') || 'frame'}: ${issue?.message}`, clientId };
  }
  return { ok: true, frame: parsed.data };
}

/** A customer frame as a canonical event. The widget's clientId is the dedupe key. */
export function toInboundEvent(frame: Extract<ClientFrame, { type: 'message' | 'choose' }>, userId: string, langs: { lang?: string; uiLang?: string } = {}, attachments?: Attachment[]): InboundEvent {
  const conversation = { channel: 'webchat', userId };
  const { lang, uiLang } = langs;
  const hints = { lang, ...(uiLang ? { uiLang } : {}) };
  if (frame.type === 'choose') {
    return { type: 'choose', conversation, externalId: frame.clientId, from: { id: userId }, choice: { entryId: frame.entryId, title: frame.title }, ...hints, raw: frame };
  }
  return { type: 'message', conversation, externalId: frame.clientId, from: { id: userId }, text: frame.text, ...hints, raw: frame, ...(attachments?.length ? { attachments } : {}) };
}
