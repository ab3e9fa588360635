import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConversationStore, createBot, type Bot } from '../../bot/index.ts';
import { createLanguageDetector, type FaqEntry, type LanguageDetector } from '../../knowledge/index.ts';
import { FIXTURE_ENTRIES } from '../../knowledge/test-fixtures.ts';
import { consoleHarness, type ConsoleHarness } from '../test-support.ts';
import { testConsoleRoutes } from './routes.ts';
import { TestConsole, type TestResult } from './test-console.ts';
import { callJson, fixtureKnowledge, serve } from './test-support.ts';
import { phrase } from '../../bot/index.ts';

const POLICY = { answerThreshold: 0.5, clarifyThreshold: 0.25, maxFailedAttempts: 2 };

const giftCards: FaqEntry = {
  id: 'gift-cards', tags: [], related: [], status: 'published',
  variants: [{
    lang: 'en', question: 'Do you sell gift cards?', alternates: ['Can I buy a gift voucher?', 'Gift card for a friend'],
    answer: 'Yes: gift cards from 10 EUR. <script>alert(1)</script><img src=x onerror="alert(2)">',
  }],
};

describe('POST /api/admin/test (test console)', () => {
  let h: ConsoleHarness;
  let kb: Awaited<ReturnType<typeof fixtureKnowledge>>;
  let detector: LanguageDetector;
  let tc: TestConsole;
  let srv: Awaited<ReturnType<typeof serve>>;
  let drafts: FaqEntry[] = [...FIXTURE_ENTRIES, giftCards];
  let bot: Bot;
  const cookies: Record<string, string> = {};
  const test = (body: unknown, who: string | null = 'editor', headers?: Record<string, string>) =>
    callJson(`${srv.url}/api/admin/test`, 'POST', { cookie: who ? cookies[who] : undefined, body, headers });

  beforeAll(async () => {
    h = await consoleHarness();
    kb = await fixtureKnowledge();
    detector = await createLanguageDetector();
    tc = new TestConsole({ knowledge: kb.knowledge, embeddings: kb.embeddings, detector, defaultLang: 'en', policy: POLICY, drafts: async () => drafts, tempRoot: kb.dir });
    srv = await serve(testConsoleRoutes({ console: tc, sessions: h.admin.sessions }));
    for (const role of ['editor', 'analyst', 'agent', 'admin'] as const) {
      const u = await h.user(role);
      cookies[role] = await h.signIn(u.email, u.password);
    }
    // The real bot on the same knowledge base and thresholds: what the console says must be what it does.
    bot = createBot({ store: new ConversationStore(h.db), knowledge: kb.knowledge, detector, defaultLang: 'en', maxMessageChars: 4000, ...POLICY });
  });
  afterAll(async () => {
    await tc?.close();
    await srv?.close();
    await h?.close();
    await kb?.cleanup();
  });

  it('ranks entries with every signal and the zone, and shows the answer as the chat would', async () => {
    const res = await test({ text: 'How can I send something back?' });
    expect(res.status).toBe(200);
    const r = res.body as TestResult;
    expect(r).toMatchObject({ lang: 'en', detectedLang: 'en', searchLang: 'en', source: 'live', zone: 'answer', thresholds: { answer: 0.5, clarify: 0.25 } });
    expect(r.candidates[0]).toMatchObject({ entryId: 'return-an-item', title: 'How do I return an item?' });
    for (const c of r.candidates) {
      for (const s of ['dense', 'lexical', 'bm25', 'coverage', 'classifier', 'chatter'] as const) expect(typeof c.signals[s]).toBe('number');
      expect(c.confidence).toBeGreaterThanOrEqual(0);
      expect(c.confidence).toBeLessThanOrEqual(1);
    }
    expect(r.candidates[0]!.signals.dense).toBeGreaterThan(0);
    expect(r.reply?.html).toContain('<strong>30 days</strong>');
    expect(r.reply?.entryId).toBe('return-an-item');
  });

  it.each([
    'How can I send something back?', 'ile kosztuje wysyłka', 'what is the capital of France', 'refund',
    'Do you sell gift cards?', 'I want to talk to a person', 'hello',
  ])('shows the zone the bot itself takes: %s', async (text) => {
    const r = (await test({ text })).body as TestResult;
    const turn = await bot.handle({ type: 'message', conversation: { channel: 'test', userId: `zone-${text}` }, externalId: `zone-${text}`, from: { id: 'x' }, text });
    const reply = turn.replies[0]!;
    // "Not understood" (a first failure, no longer a handoff) also carries suggestions: starter topics.
    const botZone = turn.handoff ? 'handoff' : reply.text === phrase('notUnderstood', turn.lang).text ? 'fallback' : reply.suggestions && !reply.entryId ? 'clarify' : 'answer';
    expect(r.zone).toBe(botZone);
    expect(r.lang).toBe(turn.lang);
    if (botZone === 'answer' && reply.entryId) expect(r.reply?.entryId).toBe(reply.entryId);
    if (botZone === 'clarify') expect(r.candidates.slice(0, reply.suggestions!.length).map((c) => c.entryId)).toEqual(reply.suggestions!.map((s) => s.entryId));
  });

  it('puts a question between the thresholds in the clarify zone, with the suggestions the customer would get', async () => {
    const probe = (await test({ text: 'refund for my order' })).body as TestResult;
    const top = probe.candidates[0]!.confidence;
    const between = new TestConsole({ knowledge: kb.knowledge, detector, defaultLang: 'en', policy: { ...POLICY, answerThreshold: top + 0.001, clarifyThreshold: Math.max(0, top - 0.001), suggestionThreshold: 0 } });
    const r = await between.test({ text: 'refund for my order' });
    expect(r.zone).toBe('clarify');
    expect(r.thresholds).toEqual({ answer: top + 0.001, clarify: Math.max(0, top - 0.001) });
    expect(r.reply?.html).toContain(`<li>${probe.candidates[0]!.title}</li>`);
  });

  it('detects the language of the text, and tests another one when asked', async () => {
    const pl = (await test({ text: 'Jak zwrócić produkt?' })).body as TestResult;
    expect(pl).toMatchObject({ lang: 'pl', detectedLang: 'pl', searchLang: 'pl', zone: 'answer' });
    expect(pl.candidates[0]!.title).toBe('Jak zwrócić produkt?');
    const forced = (await test({ text: 'Jak zwrócić produkt?', lang: 'en' })).body as TestResult;
    expect(forced).toMatchObject({ lang: 'en', detectedLang: 'pl', searchLang: 'en' });
    // A regional tag, as a page or client writes it, is searched in its language.
    const tagged = (await test({ text: 'How do I return an item?', lang: 'pl-PL' })).body as TestResult;
    expect(tagged).toMatchObject({ lang: 'pl-PL', searchLang: 'pl' });
    const zh = (await test({ text: '我怎么退货？' })).body as TestResult;
    expect(zh).toMatchObject({ lang: 'zh', detectedLang: 'zh', searchLang: 'en' });
  });

  it('tries the drafts without touching the live knowledge base, and sanitizes the answer', async () => {
    const versionBefore = kb.knowledge.version;
    const live = (await test({ text: 'Do you sell gift cards?' })).body as TestResult;
    expect(live.candidates.map((c) => c.entryId)).not.toContain('gift-cards');
    const draft = await test({ text: 'Do you sell gift cards?', source: 'draft' });
    expect(draft.status).toBe(200);
    expect(draft.body).toMatchObject({ source: 'draft', zone: 'answer', reply: { entryId: 'gift-cards' } });
    expect(draft.body.candidates[0].entryId).toBe('gift-cards');
    expect(draft.body.reply.html).toContain('gift cards from 10 EUR');
    expect(draft.body.reply.html).not.toMatch(/<script|onerror/i);
    expect(kb.knowledge.version).toBe(versionBefore);
    expect(kb.knowledge.entry('gift-cards')).toBeUndefined();
    expect((await test({ text: 'Do you sell gift cards?' })).body.candidates.map((c: { entryId: string }) => c.entryId)).not.toContain('gift-cards');
  });

  it('builds the drafts once until they change, embedding only new texts', async () => {
    await test({ text: 'warm-up', source: 'draft' });
    const computed = kb.embeddings.computed;
    const again = await test({ text: 'Can I buy a gift voucher?', source: 'draft' });
    expect(again.body.candidates[0].entryId).toBe('gift-cards');
    expect(kb.embeddings.computed).toBe(computed + 0); // queries are not cached, but no document was embedded again

    drafts = [...FIXTURE_ENTRIES, { ...giftCards, variants: [{ ...giftCards.variants[0]!, alternates: [...giftCards.variants[0]!.alternates, 'Do you have e-vouchers for birthdays?'] }] }];
    const changed = await test({ text: 'e-vouchers for birthdays', source: 'draft' });
    expect(changed.body.candidates[0].entryId).toBe('gift-cards');
    expect(kb.embeddings.computed).toBe(computed + 1); // the one new alternate
  });

  it('shows how the matcher read the question: typos fixed, and a draft synonym in the entries\' word', async () => {
    const typo = (await test({ text: 'Jak zresetowac hsało?' })).body as TestResult;
    expect(typo.readAs).toBe('Jak zresetowac haslo?');
    expect((await test({ text: 'Jak zresetować hasło?' })).body.readAs).toBeUndefined();

    const synonyms: FaqEntry = {
      id: 'synonyms', tags: [], related: [], status: 'published', kind: 'synonyms',
      variants: [{ lang: 'pl', question: 'Słowa klientów', alternates: ['przesyłka, pakunek'], answer: 'Jedna grupa w linii.' }],
    };
    drafts = [...drafts, synonyms];
    const draft = (await test({ text: 'gdzie jest mój pakunek', source: 'draft' })).body as TestResult;
    // The word no entry uses is named where no group reads it (live), and no longer in the drafts.
    expect(((await test({ text: 'gdzie jest mój pakunek' })).body as TestResult).unknownWords).toEqual(['pakunek']);
    expect(draft.unknownWords).toBeUndefined();
    expect(draft.readAs).toBe('gdzie jest moj przesylka');
    expect(draft.candidates[0]!.entryId).toBe('track-order');
    expect(draft.candidates.map((c) => c.entryId)).not.toContain('synonyms');
    const live = (await test({ text: 'gdzie jest mój pakunek' })).body as TestResult;
    expect(live.readAs).toBeUndefined();
  });

  it('lets editors, analysts and admins in; refuses agents (403) and strangers (401)', async () => {
    for (const who of ['editor', 'analyst', 'admin']) expect((await test({ text: 'refund' }, who)).status).toBe(200);
    const agent = await test({ text: 'refund' }, 'agent');
    expect(agent.status).toBe(403);
    expect(agent.body.error).toBe('forbidden');
    const anonymous = await test({ text: 'refund' }, null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error).toBe('unauthenticated');
  });

  it.each([
    ['no text', {}],
    ['empty text', { text: '   ' }],
    ['text not a string', { text: 42 }],
    ['too long', { text: 'x'.repeat(4001) }],
    ['bad language', { text: 'refund', lang: 'English' }],
    ['bad source', { text: 'refund', source: 'staging' }],
    ['unknown field', { text: 'refund', verbose: true }],
    ['not an object', [1, 2]],
  ])('answers 400 with details for a bad body: %s', async (_name, body) => {
    const res = await test(body);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('bad_request');
    expect(res.body.details.length).toBeGreaterThan(0);
  });

  it('refuses broken JSON (400), other content types (415) and other sites (403)', async () => {
    expect((await test('{"text": ', 'editor', { 'content-type': 'application/json' })).status).toBe(400);
    expect((await test('text=refund', 'editor', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    const cross = await test({ text: 'refund' }, 'editor', { origin: 'https://evil.example' });
    expect(cross.status).toBe(403);
    expect(cross.body.error).toBe('cross_origin');
  });

  it('answers 409 for drafts where no draft store is configured', async () => {
    const liveOnly = new TestConsole({ knowledge: kb.knowledge, detector, defaultLang: 'en', policy: POLICY });
    const s = await serve(testConsoleRoutes({ console: liveOnly, sessions: h.admin.sessions }));
    try {
      const res = await callJson(`${s.url}/api/admin/test`, 'POST', { cookie: cookies.editor, body: { text: 'refund', source: 'draft' } });
      expect(res.status).toBe(409);
      expect(res.body.error).toBe('no_drafts');
    } finally {
      await s.close();
    }
  });
});
