import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPglite, stubDetector, stubKnowledge } from '../app/test-support.ts';
import { createBot, parseRating, type Bot } from './bot.ts';
import { ConversationStore } from './conversation-store.ts';
import type { HandoffPacket } from './handoff.ts';
import { migrate } from './schema.ts';
import { ConversationOwnership } from './ownership.ts';
import type { InboundEvent, StoredMessage } from './types.ts';

let seq = 0;
const msg = (userId: string, text: string, extra: Partial<InboundEvent> = {}): InboundEvent => ({
  type: 'message', conversation: { channel: 'test', userId }, externalId: `flow-${++seq}`, from: { id: userId }, text, ...extra,
});

/** Everything a customer might send: platform intents, a question the bot knows for sure, a suggestion press. */
const EVERYTHING: Array<(u: string) => InboundEvent> = [
  (u) => msg(u, 'hello'),
  (u) => msg(u, 'thanks!'),
  (u) => msg(u, 'How do I return an item?'),
  (u) => msg(u, 'I want to talk to a person'),
  (u) => msg(u, 'start over'),
  (u) => msg(u, '5'),
  (u) => ({ ...msg(u, ''), type: 'choose', choice: { entryId: 'return-an-item', title: 'How do I return an item?' } }),
];

describe('handoff in the bot: silence while people own the conversation', () => {
  let pg: Awaited<ReturnType<typeof freshPglite>>;
  let store: ConversationStore;
  let ownership: ConversationOwnership;
  let bot: Bot;
  const knowledge = stubKnowledge({ answerEverything: true });
  const packets: HandoffPacket[] = [];
  const turns: Array<{ status: string; messages: StoredMessage[] }> = [];

  beforeAll(async () => {
    pg = await freshPglite();
    await migrate(pg.db);
    store = new ConversationStore(pg.db);
    ownership = new ConversationOwnership(store);
    bot = createBot({
      store, knowledge, detector: stubDetector, defaultLang: 'en', maxMessageChars: 4000,
      answerThreshold: 0.5, clarifyThreshold: 0.25, maxFailedAttempts: 2,
      onHandoff: (p) => {
        packets.push(p);
        return [{ role: 'system', text: 'You are number 1 in the queue.', lang: 'en' }];
      },
      onTurn: (t) => void turns.push({ status: t.conversation.status, messages: t.messages }),
    });
  });
  afterAll(async () => {
    await pg.cleanup();
  });

  // Changed: a queued conversation nobody claimed yet is acknowledged and may get confident
  // answers (bot/queue.test.ts); silence starts when an agent claims it.
  it('never answers, not even once, while the conversation is held by an agent', async () => {
    const user = 'silent-1';
    const start = await bot.handle(msg(user, 'I want to talk to a person'));
    expect(start.handoff).toBe(true);
    expect(start.replies.map((r) => [r.role, r.handoff ?? false])).toEqual([['bot', true], ['system', false]]);
    expect(packets.at(-1)).toMatchObject({ conversationId: start.conversationId, reason: 'asked-for-human' });
    const matchCallsBefore = knowledge.calls.length;

    const silentWhile = async (state: string) => {
      for (const make of EVERYTHING) {
        for (let i = 0; i < 2; i++) {
          const r = await bot.handle(make(user));
          expect(r.replies, `the bot answered "${r.inbound?.text}" while ${state}`).toEqual([]);
          expect(r.handoff).toBe(true);
          expect(r.inbound).toBeDefined();
        }
      }
    };
    await ownership.claim(start.conversationId, 'agent-7');
    await silentWhile('held by an agent');
    await ownership.transfer(start.conversationId, 'agent-7', 'agent-8');
    await silentWhile('transferred');

    // Not a word from the bot after the handoff notice, and the knowledge base was never asked.
    const transcript = await store.transcript(start.conversationId);
    const afterHandoff = transcript.slice(transcript.findIndex((m) => m.role === 'system') + 1);
    expect(afterHandoff.length).toBe(EVERYTHING.length * 2 * 2);
    expect(afterHandoff.every((m) => m.role === 'customer')).toBe(true);
    expect(knowledge.calls.length).toBe(matchCallsBefore);
    // Every customer message reached the console hook while it was human-owned.
    const humanTurns = turns.filter((t) => t.messages[0]!.conversationId === start.conversationId && t.status !== 'bot');
    expect(humanTurns.flatMap((t) => t.messages).filter((m) => m.role === 'customer')).toHaveLength(afterHandoff.length + 1);
  });

  it('answers again after the agent resolves; a rating is recorded instead of answered', async () => {
    const user = 'rating-1';
    const start = await bot.handle(msg(user, 'a person please'));
    await ownership.claim(start.conversationId, 'agent-7');
    await ownership.resolve(start.conversationId, 'agent-7');
    await store.requestRating(start.conversationId);
    const rated = await bot.handle(msg(user, '4/5'));
    expect(rated.replies).toHaveLength(1);
    expect(rated.replies[0]!.text).toMatch(/Thank you for your rating/);
    expect(await store.ratings(start.conversationId)).toMatchObject([{ score: 4, agentId: 'agent-7' }]);
    expect((await store.conversation(start.conversationId))!.status).toBe('bot');
    const next = await bot.handle(msg(user, 'How do I return an item?'));
    expect(next.replies[0]).toMatchObject({ role: 'bot', entryId: 'return-an-item' });
    expect((await store.ownershipHistory(start.conversationId)).at(-1)).toMatchObject({ from: 'resolved', to: 'bot', actor: 'customer', reason: 'customer rated 4/5' });
  });

  it('returns to the bot on the first message after resolution, even without a rating', async () => {
    const user = 'resolved-1';
    const start = await bot.handle(msg(user, 'a person please'));
    await ownership.claim(start.conversationId, 'agent-7');
    await ownership.resolve(start.conversationId, 'agent-7');
    const r = await bot.handle(msg(user, '5'));
    expect(r.replies[0]).toMatchObject({ role: 'bot', entryId: 'return-an-item' });
    expect(await store.ratings(start.conversationId)).toEqual([]);
  });

  it('hands off at once on a configured keyword, whatever the knowledge base says', async () => {
    const keyed = createBot({
      store, knowledge, detector: stubDetector, defaultLang: 'en', maxMessageChars: 4000,
      answerThreshold: 0.5, clarifyThreshold: 0.25, maxFailedAttempts: 2, handoffKeywords: ['complaint', 'rzecznik praw', '投诉'],
    });
    const r = await keyed.handle(msg('keyword-1', 'I want to file a COMPLAINT about my return'));
    expect(r.handoff).toBe(true);
    expect((await store.handoffs(r.conversationId))[0]).toMatchObject({ reason: 'keyword' });
    expect((await keyed.handle(msg('keyword-2', 'Chcę napisać do Rzecznik Praw konsumenta'))).handoff).toBe(true);
    expect((await keyed.handle(msg('keyword-3', '我要投诉'))).handoff).toBe(true);
    expect((await keyed.handle(msg('keyword-4', 'How do I return an item? No complaints so far'))).handoff).toBe(false);
  });

  it('reads ratings the way customers type them', () => {
    expect(['1', ' 5 ', '4/5', '3 stars', '★★★★', '2.'].map(parseRating)).toEqual([1, 5, 4, 3, 4, 2]);
    expect(['0', '6', '45', 'five', 'order 4'].map(parseRating)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });
});
