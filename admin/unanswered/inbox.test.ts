import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPglite, freshPostgres, stubDetector, stubKnowledge } from '../../app/test-support.ts';
import { ConversationStore, createBot, migrate, type Bot, type Database } from '../../bot/index.ts';
import { DraftStore, Publisher } from '../knowledge/index.ts';
import { fixtureKnowledge } from '../test-console/test-support.ts';
import { UnansweredInbox } from './inbox.ts';

const implementations: Array<{ name: string; open(): Promise<{ db: Database; cleanup(): Promise<void> }> }> = [
  { name: 'PGlite (embedded)', open: freshPglite },
  { name: 'PostgreSQL server', open: freshPostgres },
];

const actor = { id: 'editor-1', email: 'editor@example.test' };

/**
 * The inbox's own SQL (reply_to, agent replies, feedback) on both databases, fed by the real Bot's
 * onTurn (on the stub knowledge port: "return" is answered, anything else handed off), with
 * admin/knowledge's DraftStore and Publisher on a real fixture knowledge base.
 */
describe.each(implementations)('UnansweredInbox on $name', ({ open }) => {
  let env: { db: Database; cleanup(): Promise<void> };
  let kb: Awaited<ReturnType<typeof fixtureKnowledge>>;
  let store: ConversationStore;
  let inbox: UnansweredInbox;
  let drafts: DraftStore;
  let publisher: Publisher;
  let bot: Bot;
  let n = 0;
  const say = (userId: string, text: string) => bot.handle({ type: 'message', conversation: { channel: 'test', userId }, externalId: `x-${++n}`, from: { id: userId }, text });

  beforeAll(async () => {
    env = await open();
    await migrate(env.db);
    kb = await fixtureKnowledge();
    store = new ConversationStore(env.db);
    drafts = new DraftStore(env.db);
    await drafts.seedIfEmpty(kb.knowledge.entries());
    publisher = new Publisher({ drafts, knowledge: kb.knowledge });
    inbox = new UnansweredInbox({ db: env.db, store, knowledge: kb.knowledge, drafts, publisher, audit: drafts.audit, defaultLang: 'en' });
    bot = createBot({
      store, knowledge: stubKnowledge(), detector: stubDetector, defaultLang: 'en', maxMessageChars: 4000,
      // Hands off on the first unanswered question (no longer the default), for the handoff records below.
      answerThreshold: 0.5, clarifyThreshold: 0.25, maxFailedAttempts: 1, onTurn: inbox.onTurn,
    });
  });
  afterAll(async () => {
    await env?.cleanup();
    await kb?.cleanup();
  });

  it('records a handed-off question with what the bot tried, and pre-fills an entry with the agent\'s reply', async () => {
    const r = await say('ho-1', 'Can I get a lasagne recipe?');
    expect(r.handoff).toBe(true);
    await store.appendMessage(r.conversationId, { role: 'agent', text: 'We only sell pasta.', channel: 'test' });
    const [g] = await inbox.list();
    expect(g).toMatchObject({ text: 'Can I get a lasagne recipe?', count: 1, reasons: { handoff: 1 }, suggested: { entryId: 'return-an-item', title: 'How do I return an item?', confidence: 0.05 } });
    expect((await inbox.newEntry(g!.id)).entry).toMatchObject({ id: 'can-i-get-a-lasagne-recipe', variants: [{ lang: 'en', question: 'Can I get a lasagne recipe?', alternates: [], answer: 'We only sell pasta.' }] });
    const agentReply = (await store.transcript(r.conversationId)).find((m) => m.role === 'agent')!;
    expect((await inbox.entryFromConversation(r.conversationId, agentReply.id)).entry).toMatchObject({ variants: [{ question: 'Can I get a lasagne recipe?', answer: 'We only sell pasta.' }] });
  });

  it('records the question an answer replied to when it is rated unhelpful, and forgets it when rated helpful', async () => {
    const r = await say('fb-1', 'How do I return shoes?');
    const answer = r.replies[0]!;
    expect(answer.entryId).toBe('return-an-item');
    await inbox.recordFeedback({ conversationId: r.conversationId, messageId: answer.id, helpful: false });
    const g = (await inbox.list()).find((x) => x.text === 'How do I return shoes?');
    expect(g).toMatchObject({ reasons: { unhelpful: 1 }, questions: [{ messageId: r.inbound!.id, reason: 'unhelpful' }], suggested: { entryId: 'return-an-item' } });
    await inbox.recordFeedback({ conversationId: r.conversationId, messageId: answer.id, helpful: true });
    expect((await inbox.list()).find((x) => x.text === 'How do I return shoes?')).toBeUndefined();
    await expect(inbox.recordFeedback({ conversationId: r.conversationId, messageId: r.inbound!.id, helpful: false })).rejects.toMatchObject({ code: 'not_an_answer', status: 400 });
  });

  it('adds a group as alternates through the draft store and publishes them', async () => {
    await say('alt-1', 'Can I swap my order for another size?');
    await say('alt-2', 'can I swap my order for another size');
    const g = (await inbox.list()).find((x) => x.text === 'Can I swap my order for another size?')!;
    expect(g.count).toBe(2);
    const done = await inbox.addAlternate(g.id, { entryId: 'return-an-item' }, actor);
    expect(done.added).toEqual(['Can I swap my order for another size?']);
    expect((await drafts.get('return-an-item'))!.entry.variants.find((v) => v.lang === 'en')!.alternates).toContain('Can I swap my order for another size?');
    // A second publish right away waits for the first instead of failing.
    const other = (await inbox.list()).find((x) => x.text === 'Can I get a lasagne recipe?')!;
    const second = await inbox.addAlternate(other.id, { entryId: 'payment-methods' }, actor);
    expect(second.job.id).not.toBe(done.job.id);
    await publisher.wait(second.job.id);
    expect(kb.knowledge.entry('return-an-item')!.variants.find((v) => v.lang === 'en')!.alternates).toContain('Can I swap my order for another size?');
    expect(kb.knowledge.entry('payment-methods')!.variants.find((v) => v.lang === 'en')!.alternates).toContain('Can I get a lasagne recipe?');
    expect((await inbox.list({ status: 'resolved' })).map((x) => x.id).sort()).toEqual([g.id, other.id].sort());
    expect((await drafts.audit.list({ entityId: 'return-an-item' })).map((e) => e.action)).toContain('unanswered.add-alternate');
  });
});
