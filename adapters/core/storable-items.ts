import { isStorableId, storableText, type InboundEvent } from '../../bot/index.ts';
import type { WebhookItem } from '../types.ts';
import { MalformedPayloadError } from './errors.ts';

/**
 * Webhook items as the database can store them, checked before the provider gets its 2xx: a
 * U+0000 (which PostgreSQL refuses) in a customer's words or name is dropped, and an id that
 * holds one (sender, message, thread, entry, provider id) makes the payload malformed, since
 * stripping could make two ids one. Without this a signed message with a NUL was acknowledged
 * and then failed in the database, neither stored nor answered nor recorded.
 * @throws MalformedPayloadError naming the channel.
 */
export function storableItems(items: WebhookItem[]): WebhookItem[] {
  return items.map((item) => {
    switch (item.kind) {
      case 'event':
      case 'control':
        return { ...item, event: storableEvent(item.event) };
      case 'status':
        return requireIds(item.channel, [item.providerId]) && item;
      case 'watermark':
        return requireIds(item.channel, [item.userId]) && item;
      default:
        return item;
    }
  });
}

function storableEvent(e: InboundEvent): InboundEvent {
  const { channel, userId, threadId } = e.conversation;
  requireIds(channel, [userId, threadId, e.externalId, e.from.id, e.choice?.entryId]);
  return {
    ...e,
    text: e.text === undefined ? undefined : storableText(e.text),
    from: { ...e.from, name: e.from.name === undefined ? undefined : storableText(e.from.name) },
    choice: e.choice && { ...e.choice, title: storableText(e.choice.title) },
    lang: e.lang !== undefined && isStorableId(e.lang) ? e.lang : undefined,
  };
}

function requireIds(channel: string, ids: Array<string | undefined>): true {
  if (ids.some((id) => id !== undefined && !isStorableId(id))) throw new MalformedPayloadError(channel, 'an id holds U+0000');
  return true;
}
