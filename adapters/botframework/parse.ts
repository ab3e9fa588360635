import type { Attachment } from '../../bot/index.ts';
import { kindOfMime } from '../core/attachments.ts';
import { MalformedPayloadError } from '../core/errors.ts';
import { languageTag } from '../core/language-tag.ts';
import { parseJsonObject, validatePayload } from '../core/json-body.ts';
import type { WebhookItem } from '../types.ts';
import { BfActivitySchema, type BfActivity, type BfAddress } from './types.ts';

export const BOTFRAMEWORK_CHANNEL = 'botframework';

/**
 * Our user id for a Bot Framework user: the BF channel (msteams, webchat, directline…) and its
 * user id, since ids are only unique within one BF channel.
 */
export function bfUserId(activity: Pick<BfActivity, 'channelId' | 'from'>): string {
  return `${activity.channelId}:${activity.from.id}`;
}

/** The activity's raw bytes as an activity (see checkedActivity). */
export function parseActivityBody(body: Buffer): BfActivity {
  return checkedActivity(parseJsonObject(BOTFRAMEWORK_CHANNEL, body));
}

/**
 * A parsed JSON body as an activity: a type, the channel, service URL and conversation that
 * botbuilder routes by, a sender on messages, and the fields we read of the right types.
 * @throws MalformedPayloadError naming the first field that is missing or of the wrong type.
 */
export function checkedActivity(json: unknown): BfActivity {
  return validatePayload(BOTFRAMEWORK_CHANNEL, BfActivitySchema, json) as unknown as BfActivity;
}

/** What a reply to this activity needs: service URL, conversation, and both accounts. */
export function addressOf(a: BfActivity): BfAddress {
  return { serviceUrl: a.serviceUrl, channelId: a.channelId, conversation: a.conversation, bot: a.recipient, user: a.from, locale: a.locale };
}

/** Teams prefixes channel messages with "<at>Bot</at>"; the mention is not part of the question. */
function stripMentions(text: string): string {
  return text.replace(/<at>[^<]*<\/at>/g, '').trim();
}

/**
 * An activity as items: a message (its `value.entryId`, set by our suggested actions, makes it a
 * choose); every other activity type (conversationUpdate, typing, invoke, events…) is ignored and
 * logged. Locale becomes the language hint.
 * @throws MalformedPayloadError for a message without sender, conversation or service URL.
 */
export function parseActivity(a: BfActivity): WebhookItem[] {
  if (a.type !== 'message') return [{ kind: 'ignored', channel: BOTFRAMEWORK_CHANNEL, reason: 'activity type we do not answer', type: a.type }];
  if (!a.from?.id || !a.conversation?.id || !a.serviceUrl || !a.channelId) throw new MalformedPayloadError(BOTFRAMEWORK_CHANNEL, 'message activity without from, conversation, channelId or serviceUrl');
  const userId = bfUserId(a);
  const text = stripMentions(a.text ?? '');
  const event = {
    type: 'message' as const,
    conversation: { channel: BOTFRAMEWORK_CHANNEL, userId, threadId: a.conversation.id },
    // Activity ids are unique within a conversation.
    externalId: `${a.conversation.id}|${a.id ?? `${a.timestamp ?? ''}:${text}`}`,
    from: { id: userId, name: a.from.name },
    text,
    lang: a.locale ? languageTag(a.locale) : undefined,
    timestamp: a.timestamp ? new Date(a.timestamp) : new Date(),
    raw: a,
  };
  const entryId = (a.value as { entryId?: unknown } | undefined)?.entryId;
  if (typeof entryId === 'string' && entryId) {
    const title = text || String((a.value as { title?: unknown }).title ?? '');
    return [{ kind: 'event', event: { ...event, type: 'choose', choice: { entryId, title }, text: title } }];
  }
  const attachments = bfAttachments(a.attachments, a.serviceUrl);
  if (!text && !attachments.length) return [{ kind: 'ignored', channel: BOTFRAMEWORK_CHANNEL, reason: 'message without text', type: a.attachments?.[0]?.contentType ?? 'empty' }];
  return [{ kind: 'event', event: attachments.length ? { ...event, attachments } : event }];
}

/** An attachment the channel's own connector keeps (an image pasted in Teams): its link, as a media ref. */
export const connectorMediaRef = (url: string): string => `bf_${Buffer.from(url).toString('base64url')}`;
/** The link of a connector media ref; undefined for anything else. */
export function connectorMediaUrl(ref: string): string | undefined {
  return ref.startsWith('bf_') ? Buffer.from(ref.slice(3), 'base64url').toString('utf8') : undefined;
}

/** Whether `url` is on the activity's service URL: the connector's own store, which wants the bot's token. */
function onConnector(url: string, serviceUrl: string | undefined): boolean {
  try {
    return Boolean(serviceUrl) && new URL(url).origin === new URL(serviceUrl!).origin;
  } catch {
    return false;
  }
}

/**
 * Files and media a user sent: an image or file with its link (Teams: a file's download link).
 * An image the connector keeps (Teams: pasted or photographed in the chat, at the service URL's
 * `/v3/attachments/…`) opens only with the bot's token: it becomes a media ref the agent console
 * fetches through the server (BotFrameworkAdapter.media). Cards and Teams' HTML copy of the message
 * text (sent with every message) are no attachment.
 */
function bfAttachments(list: BfActivity['attachments'], serviceUrl: string | undefined): Attachment[] {
  const out: Attachment[] = [];
  for (const a of list ?? []) {
    const type = typeof a.contentType === 'string' ? a.contentType : '';
    if (type === 'application/vnd.microsoft.teams.file.download.info') {
      const url = (a.content as { downloadUrl?: unknown } | undefined)?.downloadUrl;
      out.push({ kind: 'file', ...(typeof url === 'string' ? { url } : {}), ...(a.name ? { name: a.name } : {}) });
    } else if (a.contentUrl && !type.startsWith('text/') && !type.includes('card')) {
      const where = onConnector(a.contentUrl, serviceUrl) ? { ref: connectorMediaRef(a.contentUrl) } : { url: a.contentUrl };
      out.push({ kind: kindOfMime(type), ...where, ...(type ? { mime: type } : {}), ...(a.name ? { name: a.name } : {}) });
    }
  }
  return out;
}
