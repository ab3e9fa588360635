import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPglite, stubDetector, stubKnowledge } from '../app/test-support.ts';
import { createBot, type Bot } from './bot.ts';
import { ConversationStore } from './conversation-store.ts';
import { migrate } from './schema.ts';
import type { InboundEvent } from './types.ts';

const event = (userId: string, externalId: string, text = 'How do I return an item?'): InboundEvent => ({
  type: 'message', conversation: { channel: 'sms', userId }, externalId, from: { id: userId }, text,
});

describe('a message stored by a process that stopped mid-turn', () => {
  let pg: Awaited<ReturnType<typeof freshPglite>>;
  let store: ConversationStore;
  let bot: Bot;

  beforeAll(async () => {
    pg = await freshPglite();
    await migrate(pg.db);
    store = new ConversationStore(pg.db);
    bot = createBot({ store, knowledge: stubKnowledge(), detector: stubDetector, defaultLang: 'en', maxMessageChars: 4000, answerThreshold: 0.6, clarifyThreshold: 0.3, maxFailedAttempts: 2 });
  });
  afterAll(async () => pg?.cleanup());

  it('is answered once when its delivery comes again, not skipped as a duplicate', async () => {
    // What a crash right after storing the customer's words leaves: the message, no reply, no "answered" mark.
    const customer = await store.resolveCustomer('sms', '+15550001');
    const conversation = await store.conversationFor(customer.id, 'sms');
    const delivery = { channel: 'sms', userId: '+15550001', externalId: 'SM-crashed' };
    const stored = await store.recordInbound(delivery, conversation.id, { role: 'customer', text: 'How do I return an item?', channel: 'sms' });
    expect((await store.priorDelivery(delivery)).answered).toBe(false);

    const resumed = await bot.handle(event('+15550001', 'SM-crashed'));
    expect(resumed.duplicate).toBe(false);
    expect(resumed.inbound?.id).toBe(stored!.id);
    expect(resumed.replies).toHaveLength(1);
    expect(resumed.replies[0]!.text).toMatch(/30 days/);
    expect((await store.priorDelivery(delivery)).answered).toBe(true);

    const again = await bot.handle(event('+15550001', 'SM-crashed'));
    expect(again.duplicate).toBe(true);
    expect(again.replies.map((r) => r.id)).toEqual(resumed.replies.map((r) => r.id));
    // The customer's words once, the answer once.
    expect((await store.transcript(conversation.id)).map((m) => m.role)).toEqual(['customer', 'bot']);
  });

  it('marks a turn answered with its replies, in one transaction', async () => {
    const first = await bot.handle(event('+15550002', 'SM-2'));
    const prior = await store.priorDelivery({ channel: 'sms', userId: '+15550002', externalId: 'SM-2' });
    expect(prior).toMatchObject({ answered: true });
    expect(prior.replies.map((r) => r.id)).toEqual(first.replies.map((r) => r.id));
  });
});
