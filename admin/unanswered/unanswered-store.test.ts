import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPglite, freshPostgres } from '../../app/test-support.ts';
import { ConversationStore, migrate, type Database } from '../../bot/index.ts';
import { FIXTURE_ENTRIES } from '../../knowledge/test-fixtures.ts';
import { FeedbackStore } from './feedback-store.ts';
import { QuestionSimilarity } from './similarity.ts';
import { UnansweredStore } from './unanswered-store.ts';

/** One contract, every implementation: the embedded database and the PostgreSQL server. */
const implementations: Array<{ name: string; open(): Promise<{ db: Database; cleanup(): Promise<void> }> }> = [
  { name: 'PGlite (embedded)', open: freshPglite },
  { name: 'PostgreSQL server', open: freshPostgres },
];

const corpus = FIXTURE_ENTRIES.flatMap((e) => e.variants.flatMap((v) => [v.question, ...v.alternates].map((text) => ({ text, lang: v.lang }))));

describe.each(implementations)('UnansweredStore and FeedbackStore on $name', ({ open }) => {
  let env: { db: Database; cleanup(): Promise<void> };
  let conversations: ConversationStore;
  let store: UnansweredStore;
  let feedback: FeedbackStore;
  let n = 0;

  /** A stored customer message to hang an inbox question on (the tables reference real messages). */
  const message = async (text: string) => {
    const c = await conversations.resolveCustomer('test', `u-${++n}`);
    const conv = await conversations.conversationFor(c.id, 'test');
    return conversations.appendMessage(conv.id, { role: 'customer', text, channel: 'test' });
  };
  const record = async (text: string, reason: 'clarify' | 'handoff' | 'unhelpful' = 'handoff', lang = 'en', suggested?: { entryId: string; title: string; confidence: number }) => {
    const m = await message(text);
    return store.record({ conversationId: m.conversationId, messageId: m.id, text, lang, reason, suggested });
  };

  beforeAll(async () => {
    env = await open();
    await migrate(env.db);
    conversations = new ConversationStore(env.db);
    const similarity = new QuestionSimilarity(corpus);
    store = new UnansweredStore(env.db, { similarity: () => similarity });
    feedback = new FeedbackStore(env.db);
  });
  afterAll(() => env?.cleanup());

  it('groups the same question however it is typed, keeps other topics and languages apart, and counts reasons', async () => {
    const first = await record('Do you ship to Norway?', 'handoff', 'en', { entryId: 'delivery-cost', title: 'How much does delivery cost?', confidence: 0.2 });
    expect(first?.created).toBe(true);
    const again = await record('do you ship to NORWAY??', 'clarify', 'en', { entryId: 'delivery-cost', title: 'How much does delivery cost?', confidence: 0.3 });
    expect(again).toMatchObject({ created: false, question: { groupId: first!.question.groupId } });
    await record('Can you ship my order to Norway?', 'unhelpful', 'en', { entryId: 'track-order', title: 'Where is my order?', confidence: 0.6 });
    const other = await record('Can I get a lasagne recipe?');
    expect(other?.question.groupId).not.toBe(first!.question.groupId);
    const polish = await record('Do you ship to Norway?', 'handoff', 'pl');
    expect(polish?.question.groupId).not.toBe(first!.question.groupId);

    const groups = await store.list({ status: 'open', lang: 'en' });
    const norway = groups.find((g) => g.id === first!.question.groupId)!;
    expect(groups[0]!.id).toBe(norway.id); // most asked first
    expect(norway).toMatchObject({ text: 'Do you ship to Norway?', lang: 'en', status: 'open', count: 3, reasons: { clarify: 1, handoff: 1, unhelpful: 1 } });
    expect(norway.questions.map((q) => q.text)).toEqual(['Can you ship my order to Norway?', 'do you ship to NORWAY??', 'Do you ship to Norway?']);
    // Suggested twice beats a higher confidence once.
    expect(norway.suggested).toEqual({ entryId: 'delivery-cost', title: 'How much does delivery cost?', confidence: 0.3 });
    expect(norway.lastAt.getTime()).toBe(norway.questions[0]!.at.getTime());
    expect((await store.list({ lang: 'pl' })).map((g) => g.id)).toEqual([polish!.question.groupId]);
  });

  it('records a message once per reason, even concurrently', async () => {
    const m = await message('Is there a loyalty programme?');
    const q = { conversationId: m.conversationId, messageId: m.id, text: m.text, lang: 'en', reason: 'clarify' as const };
    const results = await Promise.all([store.record(q), store.record(q), store.record(q)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await store.group(results.find(Boolean)!.question.groupId))!.count).toBe(1);
  });

  it('puts concurrent first questions of a new topic in one group', async () => {
    const results = await Promise.all(['Do you sell gift cards?', 'do you sell gift cards', 'Do you sell gift cards!'].map((t) => record(t, 'clarify')));
    expect(new Set(results.map((r) => r!.question.groupId)).size).toBe(1);
    expect(results.filter((r) => r!.created)).toHaveLength(1);
  });

  it('dismisses and resolves with compare-and-set; dismissed topics stay quiet, resolved ones start afresh', async () => {
    const a = await record('What is the meaning of life?');
    expect(await store.dismiss(a!.question.groupId, 'out of scope', 'user-1')).toBe(true);
    expect(await store.dismiss(a!.question.groupId, 'again', 'user-1')).toBe(false);
    const later = await record('what is the meaning of life');
    expect(later?.question.groupId).toBe(a!.question.groupId);
    expect(await store.group(a!.question.groupId)).toMatchObject({ status: 'dismissed', dismissReason: 'out of scope', count: 2 });
    expect((await store.list({ status: 'open' })).map((g) => g.id)).not.toContain(a!.question.groupId);

    const b = await record('Do you have a shop in Berlin?');
    expect(await store.resolve(b!.question.groupId, 'stores', 'user-1')).toBe(true);
    expect(await store.resolve(b!.question.groupId, 'stores', 'user-1')).toBe(false);
    expect(await store.group(b!.question.groupId)).toMatchObject({ status: 'resolved', resolvedEntryId: 'stores' });
    const after = await record('Do you have a shop in Berlin?');
    expect(after?.created).toBe(true);
  });

  it('takes a retracted question back out, and an emptied group with it', async () => {
    const r = await record('Why was my parcel opened?', 'unhelpful');
    expect(await store.retract(r!.question.messageId!, 'unhelpful')).toBe(true);
    expect(await store.group(r!.question.groupId)).toBeUndefined();
    expect(await store.retract(r!.question.messageId!, 'unhelpful')).toBe(false);
  });

  it('keeps one feedback per message, the last one counting', async () => {
    const m = await message('answer me');
    const first = await feedback.set(m.conversationId, m.id, false);
    expect(first).toMatchObject({ helpful: false, previous: undefined });
    const second = await feedback.set(m.conversationId, m.id, true);
    expect(second).toMatchObject({ helpful: true, previous: false });
    expect(await feedback.get(m.id)).toMatchObject({ messageId: m.id, conversationId: m.conversationId, helpful: true });
  });
});
