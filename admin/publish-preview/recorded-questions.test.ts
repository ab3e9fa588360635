import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPglite } from '../../app/test-support.ts';
import { migrate, type Database } from '../../bot/index.ts';
import { UnansweredStore } from '../unanswered/unanswered-store.ts';
import { recordedQuestions } from './recorded-questions.ts';

describe('recordedQuestions', () => {
  let db: Database;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ db, cleanup } = await freshPglite());
    await migrate(db);
  });
  afterAll(() => cleanup());

  /** A conversation's messages, in order: a customer's text, or the bot's reply with the suggestions it offered. */
  async function conversation(id: string, messages: Array<string | { suggestions: Array<{ entryId: string; title: string }> }>): Promise<string[]> {
    await db.query('insert into customers (id) values ($1)', [`c-${id}`]);
    await db.query("insert into conversations (id, customer_id, channel) values ($1, $2, 'web')", [id, `c-${id}`]);
    const ids = messages.map((_, i) => `${id}-m${i + 1}`);
    for (const [i, m] of messages.entries()) {
      if (typeof m === 'string') await db.query("insert into messages (id, conversation_id, seq, role, text, channel) values ($1, $2, $3, 'customer', $4, 'web')", [ids[i], id, i + 1, m]);
      else await db.query("insert into messages (id, conversation_id, seq, role, text, channel, suggestions) values ($1, $2, $3, 'bot', 'Did you mean one of these?', 'web', $4)", [ids[i], id, i + 1, JSON.stringify(m.suggestions)]);
    }
    return ids;
  }

  it('puts questions whose customer chose an entry first, expecting that entry', async () => {
    const store = new UnansweredStore(db);
    const [asked, , pressed] = await conversation('conv-a', ['my parcel never came', { suggestions: [{ entryId: 'track-order', title: 'Where is my order?' }] }, 'Where is my order?']);
    await store.record({ conversationId: 'conv-a', messageId: asked!, text: 'my parcel never came', lang: 'en', reason: 'clarify' });
    expect(await store.choose('conv-a', pressed!, { entryId: 'track-order', title: 'Where is my order?' })).toBe(true);
    const [other] = await conversation('conv-b', ['do you sell gift cards']);
    await store.record({ conversationId: 'conv-b', messageId: other!, text: 'do you sell gift cards', lang: 'en', reason: 'clarify' });

    const questions = await recordedQuestions(db);
    expect(questions[0]).toEqual({ source: 'unanswered', text: 'my parcel never came', lang: 'en', expectedEntry: 'track-order' });
    expect(questions).toContainEqual({ source: 'unanswered', text: 'do you sell gift cards', lang: 'en' });
    // Each text once: the chosen question is not asked again as an open group or a recent message.
    expect(questions.filter((q) => q.text === 'my parcel never came')).toHaveLength(1);
  });
});
