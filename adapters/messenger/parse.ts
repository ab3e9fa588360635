import type { Attachment, InboundEvent } from '../../bot/index.ts';
import { parseJsonObject, validatePayload } from '../core/json-body.ts';
import { entryFromPayload } from '../core/payload.ts';
import type { WebhookItem } from '../types.ts';
import { MessengerEnvelopeSchema, type MessengerEvent, type MessengerWebhook } from './types.ts';

export const MESSENGER_CHANNEL = 'messenger';

const KNOWN_OTHER = ['reaction', 'referral', 'optin', 'account_linking', 'pass_thread_control', 'take_thread_control', 'request_thread_control', 'app_roles', 'policy_enforcement', 'game_play'];

function ignored(reason: string, type?: string): WebhookItem {
  return { kind: 'ignored', channel: MESSENGER_CHANNEL, reason, type };
}

/** The Like button's thumbs-up stickers (small, medium, large). */
const LIKE_STICKERS = new Set([369239263222822, 369239343222814, 369239383222810]);

/** A message's attachments (image, audio, video, file; a sticker is an image with a sticker_id), with their links. */
function messengerAttachments(list: NonNullable<MessengerEvent['message']>['attachments']): Attachment[] {
  const out: Attachment[] = [];
  for (const a of list ?? []) {
    const url = typeof a.payload?.url === 'string' ? a.payload.url : undefined;
    const sticker = a.payload && 'sticker_id' in a.payload;
    const kind = sticker ? 'sticker' : a.type === 'image' || a.type === 'audio' || a.type === 'video' || a.type === 'file' ? a.type : undefined;
    if (kind) out.push({ kind, ...(url ? { url } : {}) });
  }
  return out;
}

function item(e: MessengerEvent): WebhookItem[] {
  const psid = e.sender.id;
  const base: InboundEvent = {
    type: 'message',
    conversation: { channel: MESSENGER_CHANNEL, userId: psid, threadId: e.recipient?.id },
    externalId: '',
    from: { id: psid },
    timestamp: new Date(e.timestamp ?? Date.now()),
    raw: e,
  };
  if (e.message) {
    const m = e.message;
    // Echoes are copies of the page's own sends; answering them would loop.
    if (m.is_echo) return [ignored('echo of a message the page sent', 'message_echo')];
    const event = { ...base, externalId: m.mid };
    const entryId = entryFromPayload(m.quick_reply?.payload);
    if (entryId) return [{ kind: 'event', event: { ...event, type: 'choose', choice: { entryId, title: m.text ?? '' }, text: m.text } }];
    // Messenger's Like button sends its thumbs-up sticker: that is "👍", said in words.
    if (!m.text && m.attachments?.length === 1 && LIKE_STICKERS.has(Number((m.attachments[0]!.payload as { sticker_id?: unknown } | undefined)?.sticker_id))) {
      return [{ kind: 'event', event: { ...event, text: '👍' } }];
    }
    const attachments = messengerAttachments(m.attachments);
    if (m.text?.trim() || attachments.length) return [{ kind: 'event', event: { ...event, text: m.text ?? '', ...(attachments.length ? { attachments } : {}) } }];
    return [ignored('message without text', m.attachments?.[0]?.type ?? 'empty')];
  }
  if (e.postback) {
    const p = e.postback;
    const event = { ...base, externalId: p.mid ?? `postback:${psid}:${e.timestamp}` };
    const entryId = entryFromPayload(p.payload);
    if (entryId) return [{ kind: 'event', event: { ...event, type: 'choose', choice: { entryId, title: p.title }, text: p.title } }];
    // Get Started and menu items: their title is what the customer "said".
    return p.title?.trim() ? [{ kind: 'event', event: { ...event, text: p.title } }] : [ignored('postback without title', 'postback')];
  }
  if (e.reaction?.mid) {
    return [{ kind: 'reaction', channel: MESSENGER_CHANNEL, userId: psid, providerId: e.reaction.mid, emoji: e.reaction.action === 'unreact' ? undefined : e.reaction.emoji }];
  }
  if (e.delivery) {
    const mids = e.delivery.mids ?? [];
    if (mids.length) return mids.map((providerId) => ({ kind: 'status', channel: MESSENGER_CHANNEL, providerId, status: 'delivered' }));
    return [{ kind: 'watermark', channel: MESSENGER_CHANNEL, userId: psid, status: 'delivered', watermark: new Date(e.delivery.watermark) }];
  }
  if (e.read) return [{ kind: 'watermark', channel: MESSENGER_CHANNEL, userId: psid, status: 'read', watermark: new Date(e.read.watermark) }];
  return [ignored('event type we do not handle', KNOWN_OTHER.find((k) => k in e) ?? Object.keys(e).filter((k) => !['sender', 'recipient', 'timestamp'].includes(k))[0])];
}

/**
 * A page webhook as items: every entry and messaging event of the batch. Text → message, a quick
 * reply or postback with our `entry:` payload → choose, deliveries and reads → statuses
 * (by message id, or by watermark), photos, voice notes, videos and files → a message with
 * attachments; an emoji on our message → a reaction; echoes, standby events (another app owns the
 * thread) and unknown events → ignored (logged).
 * @throws MalformedPayloadError for a body that is not a JSON object, or events without a sender or
 *   with fields of the wrong types (MessengerEventSchema).
 */
export function parseMessenger(body: Buffer): WebhookItem[] {
  const payload = parseJsonObject(MESSENGER_CHANNEL, body) as unknown as MessengerWebhook;
  if (payload.object !== 'page') return [ignored('not a page webhook', String(payload.object))];
  const { entry: entries } = validatePayload(MESSENGER_CHANNEL, MessengerEnvelopeSchema, payload);
  const items: WebhookItem[] = [];
  for (const entry of entries) {
    for (const e of entry.messaging ?? []) items.push(...item(e as MessengerEvent));
    for (const e of entry.standby ?? []) items.push(ignored('standby: another app owns this thread', e.message?.is_echo ? 'message_echo' : 'standby'));
  }
  return items;
}
