import type { Attachment, InboundEvent } from '../../bot/index.ts';
import { locationAttachment } from '../core/attachments.ts';
import { parseJsonObject, validatePayload } from '../core/json-body.ts';
import { entryFromPayload } from '../core/payload.ts';
import { canonicalStatus } from '../core/status.ts';
import type { WebhookItem } from '../types.ts';
import { WaEnvelopeSchema, WaMessagesValueSchema, type WaMessage, type WaValue, type WaWebhook } from './types.ts';

export const WHATSAPP_CHANNEL = 'whatsapp';

/** Media message types and the attachment each becomes. */
const MEDIA_KIND: Record<string, Attachment['kind']> = { image: 'image', audio: 'audio', video: 'video', document: 'file', sticker: 'sticker' };
const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

function message(m: WaMessage, value: WaValue): WebhookItem {
  const contact = value.contacts?.find((c) => c.wa_id === m.from) ?? value.contacts?.[0];
  const event: InboundEvent = {
    type: 'message',
    conversation: { channel: WHATSAPP_CHANNEL, userId: m.from, threadId: value.metadata?.phone_number_id },
    externalId: m.id,
    from: { id: m.from, name: contact?.profile?.name },
    timestamp: m.timestamp ? new Date(Number(m.timestamp) * 1000) : new Date(),
    raw: m,
  };
  const phone = /^\d{6,15}$/.test(m.from) ? `+${m.from}` : undefined;
  const choose = (id: string | undefined, title: string): WebhookItem => {
    const entryId = entryFromPayload(id);
    return entryId
      ? { kind: 'event', event: { ...event, type: 'choose', choice: { entryId, title }, text: title }, phone }
      : { kind: 'event', event: { ...event, text: title }, phone };
  };
  switch (m.type) {
    case 'text':
      return { kind: 'event', event: { ...event, text: m.text?.body ?? '' }, phone };
    case 'interactive': {
      const reply = m.interactive?.button_reply ?? m.interactive?.list_reply;
      if (reply) return choose(reply.id, reply.title);
      return { kind: 'ignored', channel: WHATSAPP_CHANNEL, reason: 'interactive reply we did not ask for', type: `interactive.${m.interactive?.type}` };
    }
    case 'button':
      return choose(m.button?.payload, m.button?.text ?? '');
    case 'image': case 'audio': case 'video': case 'document': case 'sticker': {
      // The caption is what the customer wrote; the media is kept by its id for the agent.
      const media = m[m.type];
      const text = typeof media?.caption === 'string' ? media.caption : '';
      const attachment: Attachment = { kind: MEDIA_KIND[m.type]!, ref: str(media?.id), mime: str(media?.mime_type), name: str(media?.filename) };
      return { kind: 'event', event: { ...event, text, attachments: [attachment] }, phone };
    }
    case 'reaction': {
      const on = str(m.reaction?.message_id);
      if (!on) return { kind: 'ignored', channel: WHATSAPP_CHANNEL, reason: 'reaction without a message', type: m.type };
      return { kind: 'reaction', channel: WHATSAPP_CHANNEL, userId: m.from, providerId: on, emoji: str(m.reaction?.emoji) };
    }
    case 'location': {
      const l = m.location;
      const attachment = locationAttachment(l?.latitude, l?.longitude, str(l?.name) ?? str(l?.address));
      if (!attachment) return { kind: 'ignored', channel: WHATSAPP_CHANNEL, reason: 'location without coordinates', type: m.type };
      return { kind: 'event', event: { ...event, text: '', attachments: [attachment] }, phone };
    }
    default:
      return { kind: 'ignored', channel: WHATSAPP_CHANNEL, reason: 'message type without text', type: m.type };
  }
}

/**
 * A Cloud API webhook as items: every entry × change × message/status of the batch (Meta batches;
 * reading only the first loses messages). Text → message; a tapped reply button or list row with
 * our `entry:` id → choose; images, voice notes, videos, documents, stickers and locations → a
 * message with the attachment (its caption as the text); an emoji on our message → a reaction;
 * statuses → delivery statuses; unknown types → ignored (logged).
 * @throws MalformedPayloadError for a body that is not a JSON object, has a malformed `entry`, or
 *   a messages change whose fields have the wrong types (WaMessagesValueSchema).
 */
export function parseWhatsApp(body: Buffer): WebhookItem[] {
  const payload = parseJsonObject(WHATSAPP_CHANNEL, body) as unknown as WaWebhook;
  if (payload.object !== 'whatsapp_business_account') return [{ kind: 'ignored', channel: WHATSAPP_CHANNEL, reason: 'not a WhatsApp Business Account webhook', type: String(payload.object) }];
  const { entry: entries } = validatePayload(WHATSAPP_CHANNEL, WaEnvelopeSchema, payload);
  const items: WebhookItem[] = [];
  for (const entry of entries) {
    for (const change of entry.changes ?? []) {
      if (change.field !== 'messages' || !change.value) {
        items.push({ kind: 'ignored', channel: WHATSAPP_CHANNEL, reason: 'webhook field we do not subscribe to', type: String(change.field) });
        continue;
      }
      const value = validatePayload(WHATSAPP_CHANNEL, WaMessagesValueSchema, change.value) as unknown as WaValue;
      for (const m of value.messages ?? []) items.push(message(m, value));
      for (const s of value.statuses ?? []) {
        const status = canonicalStatus(s.status);
        if (!status) {
          items.push({ kind: 'ignored', channel: WHATSAPP_CHANNEL, reason: 'unknown status', type: String(s?.status) });
          continue;
        }
        const err = s.errors?.[0];
        items.push({ kind: 'status', channel: WHATSAPP_CHANNEL, providerId: s.id, status, error: err ? `WhatsApp error ${err.code}: ${err.title ?? err.message ?? ''}`.trim() : undefined });
      }
      for (const e of value.errors ?? []) items.push({ kind: 'ignored', channel: WHATSAPP_CHANNEL, reason: `platform error ${e.code}: ${e.title ?? ''}`, type: 'error' });
    }
  }
  return items;
}
