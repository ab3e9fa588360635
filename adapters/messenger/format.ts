import type { StoredMessage } from '../../bot/index.ts';
import { renderPlainText } from '../../knowledge/index.ts';
import { linkedFiles } from '../core/attachments.ts';
import { entryPayload } from '../core/payload.ts';
import { clip, splitText } from '../core/text-split.ts';
import type { MessengerMessage } from './types.ts';

/** Send API limits (see shared/reference/CHANNELS.md §3). */
export const MESSENGER_LIMITS = { text: 2000, quickReplies: 13, quickReplyTitle: 20, payload: 1000 } as const;

/**
 * A stored message as Send API messages: plain text split at 2000 characters, then an agent's
 * files (Messenger fetches each from its link), suggestions as up to 13 quick replies (titles cut
 * at 20, payload `entry:<id>`) on the last part, where they show.
 */
export function formatMessenger(message: Pick<StoredMessage, 'text' | 'suggestions' | 'role' | 'attachments'>): MessengerMessage[] {
  const text = message.role === 'customer' ? message.text : renderPlainText(message.text);
  const parts: MessengerMessage[] = [
    ...splitText(text, (c) => c.length <= MESSENGER_LIMITS.text).map((t) => ({ text: t })),
    ...linkedFiles(message).map((f) => ({ attachment: { type: f.kind, payload: { url: f.url, is_reusable: false } } })),
  ];
  const replies = (message.suggestions ?? [])
    .filter((s) => s.title.trim() && entryPayload(s.entryId).length <= MESSENGER_LIMITS.payload)
    .slice(0, MESSENGER_LIMITS.quickReplies)
    .map((s) => ({ content_type: 'text' as const, title: clip(s.title, MESSENGER_LIMITS.quickReplyTitle), payload: entryPayload(s.entryId) }));
  if (replies.length) {
    if (!parts.length) parts.push({ text: '…' });
    parts[parts.length - 1]!.quick_replies = replies;
  }
  return parts;
}
