import { randomUUID } from 'node:crypto';
import type { Attachment, Conversation, Customer, StoredMessage } from './types.ts';

export type HandoffReason = 'low-confidence' | 'repeated-failure' | 'asked-for-human' | 'keyword';

/** Everything an agent needs so they never have to ask "what did you already try?". */
export interface HandoffPacket {
  conversationId: string;
  reason: HandoffReason;
  createdAt: string;
  customer: { id: string; name?: string; lang?: string; channels: Array<{ channel: string; address: string }> };
  /** The customer's message that led to the handoff. */
  failedQuestion?: string;
  /** What the bot considered, best first, with its calibrated confidence. */
  attempts: Array<{ entryId: string; title: string; confidence: number }>;
  /** Bot Framework `handoff.initiate` event with the transcript attached. */
  event: HandoffInitiation;
}

/** One transcript message as a Bot Framework message activity (plain data: the core imports no SDK). */
export interface TranscriptActivity {
  type: 'message';
  id?: string;
  timestamp?: Date | string;
  channelId?: string;
  conversation: { id: string; isGroup?: boolean; conversationType?: string; name?: string };
  from?: { id: string; name?: string; role?: string };
  recipient?: { id: string; name?: string; role?: string };
  serviceUrl?: string;
  text?: string;
  locale?: string;
  /** What the customer sent besides text, as Bot Framework attachments (link, or the provider's media id as `name`). */
  attachments?: Array<{ contentType: string; contentUrl?: string; name?: string }>;
}

/**
 * The Bot Framework handoff protocol's `handoff.initiate` event, in the shape botbuilder's
 * `EventFactory.createHandoffInitiation` gives it (adapters/botframework checks that they agree),
 * so agent hubs that speak the protocol read the handoff webhook as they read Bot Framework's own.
 */
export interface HandoffInitiation {
  type: 'event';
  name: 'handoff.initiate';
  id: string;
  timestamp: string;
  localTimezone: string;
  conversation: TranscriptActivity['conversation'];
  from?: TranscriptActivity['from'];
  relatesTo: {
    activityId?: string;
    user?: TranscriptActivity['from'];
    bot?: TranscriptActivity['recipient'];
    conversation: TranscriptActivity['conversation'];
    channelId?: string;
    locale?: string;
    serviceUrl?: string;
  };
  replyToId?: string;
  serviceUrl?: string;
  channelId?: string;
  value: unknown;
  attachments: Array<{ content: { activities: TranscriptActivity[] }; contentType: 'application/json'; name: 'Transcript' }>;
  entities: unknown[];
}

/** The handoff initiation for the customer's last activity, with the transcript attached. */
export function handoffInitiation(last: TranscriptActivity, value: unknown, activities: TranscriptActivity[]): HandoffInitiation {
  return {
    type: 'event',
    name: 'handoff.initiate',
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    localTimezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    conversation: last.conversation,
    from: last.from,
    relatesTo: {
      activityId: last.id, user: last.from, bot: last.recipient, conversation: last.conversation,
      channelId: last.channelId, locale: last.locale, serviceUrl: last.serviceUrl,
    },
    replyToId: last.id,
    serviceUrl: last.serviceUrl,
    channelId: last.channelId,
    value,
    attachments: [{ content: { activities }, contentType: 'application/json', name: 'Transcript' }],
    entities: [],
  };
}

/**
 * The handoff protocol's `handoff.status` event ("accepted", "failed", "completed"), in the shape
 * botbuilder's `EventFactory.createHandoffStatus` gives it (adapters/botframework checks that they
 * agree): built here so that sending handoff webhooks does not load the Bot Framework SDK.
 */
export function handoffStatus(conversation: TranscriptActivity['conversation'], state: 'accepted' | 'failed' | 'completed', message?: string) {
  return {
    type: 'event' as const,
    name: 'handoff.status' as const,
    value: { state, message },
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    localTimezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    conversation,
    attachments: [] as unknown[],
    entities: [] as unknown[],
  };
}

const roleName = { customer: 'user', bot: 'bot', agent: 'bot', system: 'bot' } as const;

/** A stored transcript as Bot Framework activities. */
export function toActivities(messages: StoredMessage[], conversation: Conversation, customer: Customer): TranscriptActivity[] {
  return messages.map((m) => ({
    type: 'message' as const,
    id: m.id,
    timestamp: m.createdAt,
    channelId: m.channel,
    conversation: { id: conversation.id, isGroup: false, conversationType: 'personal', name: '' },
    from: m.role === 'customer'
      ? { id: customer.id, name: customer.displayName ?? 'customer', role: 'user' }
      : { id: m.role, name: m.role, role: roleName[m.role] },
    text: m.text,
    locale: m.lang,
    ...(m.attachments?.length ? { attachments: m.attachments.map(toBotFrameworkAttachment) } : {}),
  }));
}

/** An attachment as Bot Framework carries one: its MIME type (or the kind), link and name. */
function toBotFrameworkAttachment(a: Attachment): { contentType: string; contentUrl?: string; name?: string } {
  const name = a.name ?? (a.ref ? `${a.kind} ${a.ref}` : undefined);
  return { contentType: a.mime ?? (a.kind === 'location' ? 'application/vnd.location' : `${a.kind}/*`), ...(a.url ? { contentUrl: a.url } : {}), ...(name ? { name } : {}) };
}

/** Build the handoff packet, with the Bot Framework initiation event. */
export function buildHandoffPacket(input: {
  conversation: Conversation;
  customer: Customer;
  channels: Array<{ channel: string; externalId: string }>;
  transcript: StoredMessage[];
  reason: HandoffReason;
  failedQuestion?: string;
  attempts: HandoffPacket['attempts'];
}): HandoffPacket {
  const { conversation, customer, transcript } = input;
  const activities = toActivities(transcript, conversation, customer);
  const last: TranscriptActivity = [...activities].reverse().find((a) => a.from?.role === 'user') ?? activities[activities.length - 1] ?? {
    type: 'message', conversation: { id: conversation.id }, from: { id: customer.id }, channelId: conversation.channel,
  };
  const handoffContext = { reason: input.reason, lang: conversation.lang, failedQuestion: input.failedQuestion, attempts: input.attempts };
  const event = handoffInitiation(last, handoffContext, activities);
  return {
    conversationId: conversation.id,
    reason: input.reason,
    createdAt: new Date().toISOString(),
    customer: {
      id: customer.id,
      name: customer.displayName,
      lang: conversation.lang,
      channels: input.channels.map((c) => ({ channel: c.channel, address: c.externalId })),
    },
    failedQuestion: input.failedQuestion,
    attempts: input.attempts,
    event,
  };
}
