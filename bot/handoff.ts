import { EventFactory, type TurnContext } from 'botbuilder';
import type { Activity, Transcript } from 'botbuilder';
import type { Conversation, Customer, StoredMessage } from './types.ts';

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
  event: Partial<Activity>;
}

const roleName = { customer: 'user', bot: 'bot', agent: 'bot', system: 'bot' } as const;

/** A stored transcript as Bot Framework activities. */
export function toActivities(messages: StoredMessage[], conversation: Conversation, customer: Customer): Partial<Activity>[] {
  return messages.map((m) => ({
    type: 'message',
    id: m.id,
    timestamp: m.createdAt,
    channelId: m.channel,
    conversation: { id: conversation.id, isGroup: false, conversationType: 'personal', name: '' },
    from: m.role === 'customer'
      ? { id: customer.id, name: customer.displayName ?? 'customer', role: 'user' }
      : { id: m.role, name: m.role, role: roleName[m.role] },
    text: m.text,
    locale: m.lang,
  }));
}

/** Build the handoff packet, with the initiation event made by botbuilder's own EventFactory. */
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
  const last = [...activities].reverse().find((a) => a.from?.role === 'user') ?? activities[activities.length - 1] ?? {
    type: 'message', conversation: { id: conversation.id }, from: { id: customer.id }, channelId: conversation.channel,
  };
  // createHandoffInitiation reads only `context.activity`; no adapter is needed to build the event.
  const context = { activity: last } as unknown as TurnContext;
  const handoffContext = { reason: input.reason, lang: conversation.lang, failedQuestion: input.failedQuestion, attempts: input.attempts };
  const event = EventFactory.createHandoffInitiation(context, handoffContext, { activities } as Transcript);
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
