import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cachedTestEmbeddings, freshPglite, publishedKnowledge, tempDir } from '../app/test-support.ts';
import { createLanguageDetector, KnowledgeBase, type FaqEntry, type MatchCandidate } from '../knowledge/index.ts';
import { createBot, PERSON_CHOICE, type Bot, type BotOptions, type TurnReport } from './bot.ts';
import { ConversationStore } from './conversation-store.ts';
import { InputError } from './errors.ts';
import type { HandoffPacket } from './handoff.ts';
import { migrate } from './schema.ts';
import type { InboundEvent } from './types.ts';

let seq = 0;
const msg = (userId: string, text: string, extra: Partial<InboundEvent> = {}): InboundEvent => ({
  type: 'message', conversation: { channel: 'test', userId }, externalId: `ext-${++seq}`, from: { id: userId }, text, ...extra,
});

describe('Bot.handle', () => {
  let pg: Awaited<ReturnType<typeof freshPglite>>;
  let kbDir: Awaited<ReturnType<typeof tempDir>>;
  let store: ConversationStore;
  let base: BotOptions;
  let bot: Bot;
  const handoffs: HandoffPacket[] = [];

  beforeAll(async () => {
    pg = await freshPglite();
    await migrate(pg.db);
    store = new ConversationStore(pg.db);
    kbDir = await tempDir();
    const knowledge = await publishedKnowledge(`${kbDir.dir}/kb`, await cachedTestEmbeddings(`${kbDir.dir}/emb`));
    base = {
      store, knowledge, detector: await createLanguageDetector(), defaultLang: 'en', maxMessageChars: 4000,
      answerThreshold: 0.6, clarifyThreshold: 0.3, maxFailedAttempts: 2, onHandoff: (p) => void handoffs.push(p),
    };
    bot = createBot(base);
  });
  afterAll(async () => {
    await pg.cleanup();
    await kbDir.cleanup();
  });

  it('answers a paraphrase from the right entry, with follow-up suggestions', async () => {
    const r = await bot.handle(msg('u-answer', 'how can I send back a product I bought?'));
    expect(r.handoff).toBe(false);
    expect(r.replies).toHaveLength(1);
    expect(r.replies[0]).toMatchObject({ role: 'bot', entryId: 'return-an-item', lang: 'en' });
    expect(r.replies[0]!.confidence).toBeGreaterThanOrEqual(0.6);
    expect(r.replies[0]!.suggestions).toEqual([{ entryId: 'refund-timing', title: 'When will I get my refund?' }]);
  });

  it('answers a message that asks two things, and offers the second first', async () => {
    const r = await bot.handle(msg('u-two-asks', 'I forgot my password, how can I reset it? And how do I track my order?'));
    expect(r.replies).toHaveLength(1);
    const [answered, ...rest] = [r.replies[0]!.entryId, ...(r.replies[0]!.suggestions ?? []).map((s) => s.entryId)];
    expect([answered, rest[0]].sort()).toEqual(['reset-password', 'track-order']);
  });

  it('starts on a question of several words before reading its conversation, and reads its language once', async () => {
    const order: string[] = [];
    const knowledge = base.knowledge as KnowledgeBase;
    let detections = 0;
    const prefetching = createBot({
      ...base,
      detector: { detect: (text) => (detections++, base.detector.detect(text)) },
      knowledge: {
        match: (text, lang, k) => (order.push(`match ${lang}`), knowledge.match(text, lang, k)),
        prefetch: (text, lang) => (order.push(`prefetch ${lang}`), knowledge.prefetch(text, lang)),
        entry: (id) => knowledge.entry(id), variant: (id, lang) => knowledge.variant(id, lang), searchLanguage: (lang) => knowledge.searchLanguage(lang),
      },
    });
    // Spaces around it, as a client may send them: stored and matched without.
    const r = await prefetching.handle(msg('u-prefetch', '  how can I send back a product I bought? '));
    expect(r.replies[0]).toMatchObject({ entryId: 'return-an-item', lang: 'en' });
    expect(order).toEqual(['prefetch en', 'match en']);
    expect(detections).toBe(1);
    // The page's language, when given, is the prefetch's.
    order.length = 0;
    await prefetching.handle(msg('u-prefetch-pl', 'jak mogę zapłacić za zamówienie?', { lang: 'pl-PL' }));
    expect(order).toEqual(['prefetch pl', 'match pl']);
    // Too short to read a language from: the conversation's decides, and nothing is started early.
    order.length = 0;
    await prefetching.handle(msg('u-prefetch', 'refund?'));
    expect(order).toEqual(['match en']);
  });

  it('tells a customer writing a language the knowledge base lacks which ones it answers in, in their language where it can', async () => {
    const knowledge = base.knowledge as KnowledgeBase;
    const reading = createBot({ ...base, detector: await createLanguageDetector({ vocabulary: () => knowledge.vocabulary }) });
    // The fixture knowledge base is English and Polish. Thai has a catalogue: the notice is in Thai.
    const thai = await reading.handle(msg('unsupported-th', 'อยากคืนสินค้าที่ซื้อไปเมื่อวาน ต้องทำอย่างไร'));
    expect(thai.replies[0]!.lang).toBe('th');
    expect(thai.replies[0]!.text).toBe('ฉันตอบได้เฉพาะภาษาเหล่านี้ค่ะ: \u2068English\u2069, \u2068Polski\u2069 ช่วยพิมพ์คำถามเป็นภาษาใดภาษาหนึ่งได้ไหมคะ หากต้องการคุยกับเจ้าหน้าที่ บอกได้เลยค่ะ');
    // German has none: in the conversation's language.
    const german = await reading.handle(msg('unsupported-de', 'Wie kann ich meine Bestellung zurückschicken?'));
    expect(german.replies[0]!.text.replace(/[\u2068\u2069]/g, '')).toMatch(/^I can only answer in these languages: English, Polski\./);
    // Analytics count the turn under the customer's language, which the knowledge base lacks.
    const events = await pg.db.query<{ lang: string }>("select lang from analytics_events where kind = 'bot.decision' and conversation_id = $1", [german.conversationId]);
    expect(events.map((e) => e.lang)).toEqual(['de']);
  });

  it('answers in the customer\'s language', async () => {
    const r = await bot.handle(msg('u-pl', 'Jak mogę zapłacić za zamówienie?'));
    expect(r.lang).toBe('pl');
    expect(r.replies[0]).toMatchObject({ entryId: 'payment-methods', lang: 'pl' });
    expect(r.replies[0]!.text).toContain('BLIK');
  });

  it('stores every message before replying, customer first', async () => {
    const r = await bot.handle(msg('u-store', 'Where is my order?'));
    const t = await store.transcript(r.conversationId);
    expect(t.map((m) => m.role)).toEqual(['customer', 'bot']);
    expect(t[1]!.id).toBe(r.replies[0]!.id);
  });

  it('clarifies with suggestions in the middle zone', async () => {
    const unsure = createBot({ ...base, answerThreshold: 0.999, clarifyThreshold: 0.01 });
    const r = await unsure.handle(msg('u-clarify', 'refund for my return'));
    expect(r.replies[0]!.suggestions!.length).toBeGreaterThan(0);
    expect(r.replies[0]!.suggestions!.length).toBeLessThanOrEqual(3);
    expect(r.replies[0]!.text).toMatch(/Did you mean/);
    expect(r.handoff).toBe(false);
  });

  it('takes a typed number or ordinal after suggestions as the press of that suggestion', async () => {
    const reports: TurnReport[] = [];
    const unsure = createBot({ ...base, answerThreshold: 0.999, clarifyThreshold: 0.01, onTurn: (t) => void reports.push(t) });
    const clarified = await unsure.handle(msg('u-typed-choice', 'refund for my return'));
    const offered = clarified.replies[0]!.suggestions!;
    expect(offered.length).toBeGreaterThan(1);
    const r = await unsure.handle(msg('u-typed-choice', 'the second one'));
    expect(r.replies[0]).toMatchObject({ entryId: offered[1]!.entryId, confidence: 1 });
    expect(reports.at(-1)!.choice).toEqual({ entryId: offered[1]!.entryId, title: offered[1]!.title });
    // No suggestions in the last reply: a number is a message like any other.
    const after = await unsure.handle(msg('u-typed-choice', '2'));
    expect(after.replies[0]!.confidence).not.toBe(1);
    expect(reports.at(-1)!.choice).toBeUndefined();
  });

  it('reads a message it cannot answer alone, right after an answer, as leaning on it', async () => {
    const knowledge = base.knowledge as KnowledgeBase;
    const alone = (await knowledge.match('and the money?', 'en', 5)).candidates[0]!;
    expect(alone.entryId).toBe('refund-timing');
    // An answer threshold between its confidence alone and with the odds of an entry on screen.
    const lifted = (3 * alone.confidence) / (1 + 2 * alone.confidence);
    const o = { ...base, answerThreshold: (alone.confidence + lifted) / 2, clarifyThreshold: 0.05, followUpOdds: 3 };
    const followed = createBot(o);
    const first = await followed.handle(msg('u-follow-up', 'how can I send back a product I bought?'));
    expect(first.replies[0]).toMatchObject({ entryId: 'return-an-item', suggestions: [{ entryId: 'refund-timing' }] });
    const r = await followed.handle(msg('u-follow-up', 'and the money?'));
    expect(r.replies[0]).toMatchObject({ entryId: 'refund-timing' });
    expect(r.replies[0]!.confidence).toBeCloseTo(lifted, 10);
    // The same message opening a conversation, or with odds of 1, is only clarified.
    expect((await followed.handle(msg('u-follow-up-alone', 'and the money?'))).replies[0]!.entryId).toBeUndefined();
    const unaided = createBot({ ...o, followUpOdds: 1 });
    await unaided.handle(msg('u-follow-up-off', 'how can I send back a product I bought?'));
    expect((await unaided.handle(msg('u-follow-up-off', 'and the money?'))).replies[0]!.entryId).toBeUndefined();
  });

  it('keeps the answer on screen across small talk after it', async () => {
    const knowledge = base.knowledge as KnowledgeBase;
    const alone = (await knowledge.match('and the money?', 'en', 5)).candidates[0]!;
    const lifted = (3 * alone.confidence) / (1 + 2 * alone.confidence);
    // "ok thanks" is small talk: a conversation entry this fixture lacks, added by the port.
    const thanks: FaqEntry = { id: 'conversation-thanks', kind: 'conversation', tags: [], related: [], status: 'published', variants: [{ lang: 'en', question: 'Thanks', alternates: [], answer: 'You are welcome!' }] };
    const port = {
      match: async (text: string, lang: string, k?: number) => (text === 'ok thanks'
        ? { lang: 'en', candidates: [{ ...alone, entryId: thanks.id, title: 'Thanks', confidence: 1 }] }
        : knowledge.match(text, lang, k)),
      entry: (id: string) => (id === thanks.id ? thanks : knowledge.entry(id)),
      variant: (id: string, lang: string) => (id === thanks.id ? thanks.variants[0] : knowledge.variant(id, lang)),
      searchLanguage: (lang: string) => knowledge.searchLanguage(lang),
      entries: () => [...knowledge.entries(), thanks],
    };
    const followed = createBot({ ...base, knowledge: port, answerThreshold: (alone.confidence + lifted) / 2, clarifyThreshold: 0.05, followUpOdds: 3 });
    await followed.handle(msg('u-follow-up-thanks', 'how can I send back a product I bought?'));
    expect((await followed.handle(msg('u-follow-up-thanks', 'ok thanks'))).replies[0]).toMatchObject({ entryId: 'conversation-thanks' });
    expect((await followed.handle(msg('u-follow-up-thanks', 'and the money?'))).replies[0]).toMatchObject({ entryId: 'refund-timing' });
  });

  it('never answers an entry on screen over the one a follow-up matched first alone; offers it first instead', async () => {
    const knowledge = base.knowledge as KnowledgeBase;
    const real = (await knowledge.match('and the cost?', 'en', 5)).candidates;
    const set = (id: string, confidence: number) => ({ ...real.find((c) => c.entryId === id)!, confidence });
    // Alone: delivery costs first but unsure; with the refund entry on screen it would lead at 2/3.
    const rigged = [set('delivery-cost', 0.45), set('refund-timing', 0.4), set('track-order', 0.1)];
    const followed = createBot({
      ...base, answerThreshold: 0.6, clarifyThreshold: 0.3, followUpOdds: 3,
      knowledge: {
        match: async (text, lang, k) => (text === 'and the cost?' ? { lang: 'en', candidates: rigged } : knowledge.match(text, lang, k)),
        entry: (id) => knowledge.entry(id), variant: (id, lang) => knowledge.variant(id, lang), searchLanguage: (lang) => knowledge.searchLanguage(lang),
      },
    });
    await followed.handle(msg('u-follow-up-other', 'how can I send back a product I bought?'));
    const r = await followed.handle(msg('u-follow-up-other', 'and the cost?'));
    expect(r.replies[0]!.entryId).toBeUndefined();
    expect(r.replies[0]!.text).toMatch(/Did you mean/);
    expect(r.replies[0]!.suggestions!.map((x) => x.entryId)).toEqual(['refund-timing', 'delivery-cost']);
  });

  it('reads a question sent in two parts as one', async () => {
    const knowledge = base.knowledge as KnowledgeBase;
    const real = (await knowledge.match('refund', 'en', 5)).candidates;
    const set = (id: string, confidence: number) => ({ ...real.find((c) => c.entryId === id)!, confidence });
    // Each part alone is only clarified; together they name the refund entry.
    const rigged: Record<string, MatchCandidate[]> = {
      'my money': [set('refund-timing', 0.3), set('payment-methods', 0.28)],
      'still not back': [set('track-order', 0.32), set('refund-timing', 0.3)],
      'my money still not back': [set('refund-timing', 0.9), set('track-order', 0.05)],
      'the parcel': [set('track-order', 0.33), set('delivery-cost', 0.3)],
      'my money the parcel': [set('refund-timing', 0.7), set('track-order', 0.3)],
    };
    const port = {
      match: async (text: string, lang: string, k?: number) => (rigged[text] ? { lang: 'en', candidates: rigged[text]! } : knowledge.match(text, lang, k)),
      entry: (id: string) => knowledge.entry(id), variant: (id: string, lang: string) => knowledge.variant(id, lang), searchLanguage: (lang: string) => knowledge.searchLanguage(lang),
    };
    const o = { ...base, answerThreshold: 0.6, clarifyThreshold: 0.25, maxFailedAttempts: 3, knowledge: port };
    const joined = createBot(o);
    await joined.handle(msg('u-parts', 'my money'));
    expect((await joined.handle(msg('u-parts', 'still not back'))).replies[0]).toMatchObject({ entryId: 'refund-timing', confidence: 0.9 });
    // Another question after the miss, whose own candidates lack the refund entry: read alone.
    await joined.handle(msg('u-parts-other', 'my money'));
    expect((await joined.handle(msg('u-parts-other', 'the parcel'))).replies[0]!.entryId).toBeUndefined();
    // Read alone, the second part is only clarified.
    const alone = createBot({ ...o, continuations: false });
    await alone.handle(msg('u-parts-alone', 'my money'));
    expect((await alone.handle(msg('u-parts-alone', 'still not back'))).replies[0]!.entryId).toBeUndefined();
  });

  it('answers a chosen suggestion directly', async () => {
    const r = await bot.handle({ ...msg('u-choose', ''), type: 'choose', choice: { entryId: 'delivery-cost', title: 'How much does delivery cost?' } });
    expect(r.replies[0]).toMatchObject({ entryId: 'delivery-cost', confidence: 1 });
  });

  it('points at the answer just above instead of sending it again, and hands off when asked once more', async () => {
    const ask = (user: string, text: string) => bot.handle(msg(user, text));
    const first = await ask('u-again', 'how can I send back a product I bought?');
    expect(first.replies[0]).toMatchObject({ entryId: 'return-an-item', lang: 'en' });
    const again = await ask('u-again', 'how can I send back a product I bought?');
    expect(again.handoff).toBe(false);
    expect(again.replies).toHaveLength(1);
    expect(again.replies[0]).toMatchObject({ entryId: 'return-an-item', lang: 'en', suggestions: [{ entryId: 'refund-timing' }, { entryId: PERSON_CHOICE, title: 'Talk to a person' }] });
    expect(again.replies[0]!.text).not.toBe(first.replies[0]!.text);
    expect(again.replies[0]!.text).toContain('“How do I return an item?”');
    expect(again.replies[0]!.text).toContain('"talk to a person"');
    // Asked a third time in a row: the answer does not help, a person takes over with the transcript.
    const before = handoffs.length;
    const third = await ask('u-again', 'how can I send back a product I bought?');
    expect(third.handoff).toBe(true);
    expect(third.replies[0]!.text).toMatch(/my answer did not help/);
    expect(handoffs.slice(before).map((p) => p.reason)).toEqual(['repeated-failure']);
    const packet = handoffs.at(-1)!;
    expect(packet.attempts).toEqual([expect.objectContaining({ entryId: 'return-an-item', title: 'How do I return an item?' })]);
    const transcript = packet.event.attachments!.find((a) => a.name === 'Transcript')!.content as { activities: Array<{ text: string }> };
    expect(transcript.activities.map((a) => a.text)).toEqual([first.inbound!.text, first.replies[0]!.text, again.inbound!.text, again.replies[0]!.text, third.inbound!.text, third.replies[0]!.text]);

    // A press of the entry's button, the same question in another language, or another entry in
    // between gets the answer itself.
    await ask('u-again-press', 'how can I send back a product I bought?');
    const pressed = await bot.handle({ ...msg('u-again-press', ''), type: 'choose', choice: { entryId: 'return-an-item', title: 'How do I return an item?' } });
    expect(pressed.replies[0]!.text).toBe(first.replies[0]!.text);
    const polish = await ask('u-again-press', 'Czy mogę oddać kupiony produkt?');
    expect(polish.replies[0]).toMatchObject({ entryId: 'return-an-item', lang: 'pl', text: 'Możesz zwrócić produkt w ciągu **30 dni**.' });
    const repeated = await ask('u-again-press', 'Czy mogę oddać kupiony produkt?');
    expect(repeated.replies[0]).toMatchObject({ entryId: 'return-an-item', lang: 'pl' });
    expect(repeated.replies[0]!.text).toContain('„Jak zwrócić produkt?”');
    // The person it offers, pressed: a handoff, as asking for one is.
    const person = repeated.replies[0]!.suggestions!.at(-1)!;
    expect(person).toEqual({ entryId: PERSON_CHOICE, title: 'Rozmowa z konsultantem' });
    const before2 = handoffs.length;
    const pressedPerson = await bot.handle({ ...msg('u-again-press', ''), type: 'choose', choice: person });
    expect(pressedPerson.handoff).toBe(true);
    expect(pressedPerson.replies[0]).toMatchObject({ handoff: true, lang: 'pl' });
    expect(handoffs.slice(before2).map((p) => p.reason)).toEqual(['asked-for-human']);
    // Asked again with a second question: the second is answered.
    await ask('u-again-two', 'how can I send back a product I bought?');
    const two = await ask('u-again-two', 'I forgot my password, how can I reset it? And how can I send back a product I bought?');
    expect(two.replies[0]).toMatchObject({ entryId: 'reset-password' });
    await ask('u-again-other', 'how can I send back a product I bought?');
    expect((await ask('u-again-other', 'When will I get my refund?')).replies[0]).toMatchObject({ entryId: 'refund-timing' });
    expect((await ask('u-again-other', 'how can I send back a product I bought?')).replies[0]!.text).toBe(first.replies[0]!.text);
  });

  // A first message the bot does not understand is no longer handed off: the customer gets a
  // helpful reply with starter topics, and the handoff comes with the maxFailedAttempts-th failure.
  it('does not hand off a first message it does not understand; hands off the second, with the packet and transcript', async () => {
    // Thresholds set so these off-topic questions are "not close" whatever the tiny fixture's calibration says.
    const strict = createBot({ ...base, answerThreshold: 0.95, clarifyThreshold: 0.9 });
    const first = await strict.handle(msg('u-oos', 'What is the airspeed velocity of an unladen swallow?'));
    expect(first.handoff).toBe(false);
    expect(first.replies[0]!.text).toMatch(/not sure I understood/);
    expect(first.replies[0]!.text).toMatch(/talk to a person/);
    expect(first.replies[0]!.suggestions?.length).toBe(3);
    expect((await store.conversation(first.conversationId))?.status).toBe('bot');
    const r = await strict.handle(msg('u-oos', 'And the capital of Assyria?'));
    expect(r.handoff).toBe(true);
    expect(r.replies[0]).toMatchObject({ handoff: true });
    expect(r.replies[0]!.text).toMatch(/passing you to a colleague/);
    const conv = await store.conversation(r.conversationId);
    expect(conv?.status).toBe('queued');
    const [stored] = await store.handoffs(r.conversationId);
    const packet = stored!.packet as HandoffPacket;
    expect(packet.reason).toBe('repeated-failure');
    expect(packet.failedQuestion).toMatch(/Assyria/);
    expect(packet.attempts.length).toBeGreaterThan(0);
    expect(packet.event).toMatchObject({ type: 'event', name: 'handoff.initiate' });
    const transcript = packet.event.attachments!.find((a) => a.name === 'Transcript')!.content as { activities: Array<{ text: string }> };
    expect(transcript.activities.map((a) => a.text)).toEqual([first.inbound!.text, first.replies[0]!.text, r.inbound!.text, r.replies[0]!.text]);
    expect(handoffs.some((h) => h.conversationId === r.conversationId)).toBe(true);
    expect(await store.ownershipHistory(r.conversationId)).toMatchObject([{ from: 'bot', to: 'queued', actor: 'bot', reason: 'repeated-failure' }]);
  });

  it('hands off on the first failure when MAX_FAILED_ATTEMPTS is 1', async () => {
    const strict = createBot({ ...base, answerThreshold: 0.95, clarifyThreshold: 0.9, maxFailedAttempts: 1 });
    const r = await strict.handle(msg('u-oos-1', 'What is the airspeed velocity of an unladen swallow?'));
    expect(r.handoff).toBe(true);
  });

  it('hands off at once when the customer asks for a person', async () => {
    await bot.handle(msg('u-human', 'Where is my order?'));
    const r = await bot.handle(msg('u-human', 'I want to talk to a person'));
    expect(r.handoff).toBe(true);
    const packet = (await store.handoffs(r.conversationId))[0]!.packet as HandoffPacket;
    expect(packet.reason).toBe('asked-for-human');
    expect((packet.event.attachments![0]!.content as { activities: unknown[] }).activities).toHaveLength(4);
  });

  // Changed: the bot used to stay silent from the handoff on; now only once an agent claimed it
  // (queued customers are acknowledged, see the queue tests).
  it('stays silent while an agent holds the conversation, but stores every word', async () => {
    const first = await bot.handle(msg('u-silent', 'I want to talk to a person'));
    await store.transition(first.conversationId, 'queued', 'agent', 'agent-1', undefined, { assignee: 'agent-1' });
    for (const text of ['hello?', 'How do I return an item?', 'thanks', 'Where is my order?']) {
      const r = await bot.handle(msg('u-silent', text));
      expect(r.replies).toEqual([]);
      expect(r.handoff).toBe(true);
    }
    const t = await store.transcript(first.conversationId);
    expect(t.filter((m) => m.role === 'customer')).toHaveLength(5);
    expect(t.filter((m) => m.role === 'bot')).toHaveLength(1);
  });

  it('takes over again after the agent resolves', async () => {
    const r = await bot.handle(msg('u-resolve', 'talk to a human'));
    await store.transition(r.conversationId, 'queued', 'agent', 'agent-1');
    await store.transition(r.conversationId, 'agent', 'resolved', 'agent-1');
    const next = await bot.handle(msg('u-resolve', 'How do I reset my password?'));
    expect(next.replies[0]?.entryId).toBe('reset-password');
    expect((await store.conversation(r.conversationId))?.status).toBe('bot');
  });

  it('hands off after repeated failures', async () => {
    const unsure = createBot({ ...base, answerThreshold: 0.999, clarifyThreshold: 0.01, maxFailedAttempts: 2 });
    const a = await unsure.handle(msg('u-repeat', 'refund for my return'));
    expect(a.handoff).toBe(false);
    const b = await unsure.handle(msg('u-repeat', 'money back for the thing I sent'));
    expect(b.handoff).toBe(true);
    expect((await store.handoffs(b.conversationId))[0]!.reason).toBe('repeated-failure');
  });

  it('starts afresh after half an hour of silence: a miss before it is no step toward a person, and an answer before it is no context', async () => {
    // The customer's last message and the transcript moved `minutes` into the past, as if they had been away.
    const away = async (conversationId: string, minutes: number) => {
      await pg.db.query('update conversations set last_customer_at = last_customer_at - make_interval(mins => $2) where id = $1', [conversationId, minutes]);
      await pg.db.query('update messages set created_at = created_at - make_interval(mins => $2) where conversation_id = $1', [conversationId, minutes]);
    };
    const unsure = createBot({ ...base, answerThreshold: 0.999, clarifyThreshold: 0.01, maxFailedAttempts: 2 });
    const a = await unsure.handle(msg('u-return', 'refund for my return'));
    expect(a.handoff).toBe(false);
    await away(a.conversationId, 29);
    // Within the visit, the second miss in a row hands off (as above); after a longer silence it is the first.
    const returning = createBot({ ...base, answerThreshold: 0.999, clarifyThreshold: 0.01, maxFailedAttempts: 2 });
    await returning.handle(msg('u-return-later', 'refund for my return'));
    const conv = (await store.conversation((await returning.handle(msg('u-return-later', 'hello'))).conversationId))!;
    await away(conv.id, 24 * 60);
    const b = await returning.handle(msg('u-return-later', 'money back for the thing I sent'));
    expect(b.handoff).toBe(false);
    expect((await store.conversation(conv.id))?.failedAttempts).toBe(1);
    expect((await unsure.handle(msg('u-return', 'money back for the thing I sent'))).handoff).toBe(true);

    // An answer from yesterday is no longer on screen: "and the money?" is read alone.
    const knowledge = base.knowledge as KnowledgeBase;
    const alone = (await knowledge.match('and the money?', 'en', 5)).candidates[0]!;
    const lifted = (3 * alone.confidence) / (1 + 2 * alone.confidence);
    const followed = createBot({ ...base, answerThreshold: (alone.confidence + lifted) / 2, clarifyThreshold: 0.05, followUpOdds: 3 });
    const answered = await followed.handle(msg('u-return-follow-up', 'how can I send back a product I bought?'));
    expect(answered.replies[0]).toMatchObject({ entryId: 'return-an-item' });
    await away(answered.conversationId, 31);
    expect((await followed.handle(msg('u-return-follow-up', 'and the money?'))).replies[0]!.entryId).toBeUndefined();

    // The suggestions of the bot's last reply can still be picked by number: "the second one" means nothing else.
    const clarified = await unsure.handle(msg('u-return-choice', 'refund for my return'));
    const offered = clarified.replies[0]!.suggestions!;
    expect(offered.length).toBeGreaterThan(1);
    await away(clarified.conversationId, 31);
    expect((await unsure.handle(msg('u-return-choice', 'the second one'))).replies[0]).toMatchObject({ entryId: offered[1]!.entryId, confidence: 1 });
  });

  it('says it cannot look at a photo sent alone, asks for words, and keeps the photo for the agent', async () => {
    const photo = { kind: 'image' as const, url: 'https://media.example/p/1.jpg', mime: 'image/jpeg' };
    await bot.handle(msg('u-photo', 'jak zwrócić produkt?'));
    const alone = await bot.handle(msg('u-photo', '', { attachments: [photo] }));
    expect(alone.inbound).toMatchObject({ role: 'customer', text: '', attachments: [photo] });
    expect(alone.replies).toHaveLength(1);
    // In the conversation's language, with the starter topics; no failed attempt, no handoff.
    expect(alone.replies[0]).toMatchObject({ lang: 'pl', text: expect.stringMatching(/zdjęć/) });
    expect(alone.replies[0]!.suggestions?.length).toBeGreaterThan(0);
    expect(alone.handoff).toBe(false);
    expect((await store.conversation(alone.conversationId))?.failedAttempts).toBe(0);
    // With a caption, the caption is the question.
    const captioned = await bot.handle(msg('u-photo-caption', 'How do I return an item?', { attachments: [{ kind: 'image', ref: 'wa-media-1' }] }));
    expect(captioned.replies[0]).toMatchObject({ entryId: 'return-an-item' });
    expect(captioned.inbound!.attachments).toEqual([{ kind: 'image', ref: 'wa-media-1' }]);
    // Only known kinds and web links are kept; nothing at all is still refused.
    const odd = await bot.handle(msg('u-photo', '', { attachments: [{ kind: 'file', url: 'javascript:alert(1)', name: 'invoice.pdf' }, { kind: 'hologram' } as never] }));
    expect(odd.inbound!.attachments).toEqual([{ kind: 'file', name: 'invoice.pdf' }]);
    await expect(bot.handle(msg('u-photo', '', { attachments: [{ kind: 'hologram' } as never] }))).rejects.toBeInstanceOf(InputError);
    // While an agent holds the conversation the bot stays silent; the photo is in the transcript.
    await bot.handle(msg('u-photo', 'I want to talk to a person'));
    await store.transition(alone.conversationId, 'queued', 'agent', 'agent-1', undefined, { assignee: 'agent-1' });
    const held = await bot.handle(msg('u-photo', '', { attachments: [photo] }));
    expect(held.replies).toEqual([]);
    expect((await store.transcript(alone.conversationId)).at(-1)).toMatchObject({ role: 'customer', attachments: [photo] });
  });

  it('answers a repeated delivery once', async () => {
    const event = msg('u-dup', 'Where is my order?');
    const [a, b] = await Promise.all([bot.handle(event), bot.handle(event)]);
    const [first, second] = a.duplicate ? [b, a] : [a, b];
    expect(first.duplicate).toBe(false);
    expect(second.duplicate).toBe(true);
    expect(second.replies.map((m) => m.id)).toEqual(first.replies.map((m) => m.id));
    expect(await store.transcript(first.conversationId)).toHaveLength(2);
  });

  it('treats the same message id from another customer as that customer\'s own new message', async () => {
    const alice = await bot.handle({ ...msg('u-id-alice', 'Where is my order? It goes to 1 Main St'), externalId: 'shared-id' });
    const bob = await bot.handle({ ...msg('u-id-bob', 'How do I return an item?'), externalId: 'shared-id' });
    expect(bob.duplicate).toBe(false);
    expect(bob.conversationId).not.toBe(alice.conversationId);
    expect(bob.inbound?.text).toBe('How do I return an item?');
    expect(bob.replies.map((m) => m.id)).not.toEqual(alice.replies.map((m) => m.id));
    expect(JSON.stringify(await store.transcript(bob.conversationId))).not.toMatch(/Main St/);
  });

  it('handles platform intents in each language', async () => {
    expect((await bot.handle(msg('u-hi', 'Hello!'))).replies[0]!.text).toMatch(/Hello/);
    expect((await bot.handle(msg('u-hi-zh', '你好'))).replies[0]).toMatchObject({ lang: 'zh' });
    expect((await bot.handle(msg('u-hi', 'thanks'))).replies[0]!.text).toMatch(/welcome/);
    expect((await bot.handle(msg('u-hi', 'start over'))).replies[0]!.text).toMatch(/start over/);
  });

  it('refuses empty and over-long messages without storing anything', async () => {
    await expect(bot.handle(msg('u-bad', '   '))).rejects.toBeInstanceOf(InputError);
    // Invisible marks alone (pasted with a right-to-left word) are no message either; an emoji is.
    await expect(bot.handle(msg('u-bad', '\u200f\u200e \u00a0\u2060'))).rejects.toMatchObject({ code: 'empty' });
    await expect(bot.handle(msg('u-bad', 'x'.repeat(100_000)))).rejects.toMatchObject({ code: 'too_long' });
    await expect(bot.handle({ ...msg('u-bad', 'x'), type: 'delivery' })).rejects.toMatchObject({ code: 'bad_event' });
    const customer = await store.resolveCustomer('test', 'u-bad');
    expect(await store.transcript((await store.conversationFor(customer.id, 'test')).id)).toEqual([]);
  });
});
