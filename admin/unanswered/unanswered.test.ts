import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { connectChat, tempDir, warmEmbeddingCache } from '../../app/test-support.ts';
import { runEval } from '../../eval/run.ts';
import { serializeEntryMarkdown } from '../../knowledge/index.ts';
import { FIXTURE_ENTRIES } from '../../knowledge/test-fixtures.ts';
import { fixtureApp, type FixtureApp } from './test-support.ts';

/** What the bot did with a question, as the chat API reports it. */
const zoneOf = (r: any): 'answer' | 'clarify' | 'handoff' => (r.handoff ? 'handoff' : r.replies[0]?.entryId ? 'answer' : 'clarify');

describe('the unanswered inbox in the running app', () => {
  let f: FixtureApp;
  const groups = async (query = '', who: string = 'editor') => (await f.call('GET', `/api/admin/unanswered${query}`, { cookie: f.cookies[who as 'editor'] })).body.groups as any[];
  const groupWith = async (text: string, query = '') => (await groups(query)).find((g) => g.questions.some((q: any) => q.text === text));

  beforeAll(async () => {
    f = await fixtureApp();
  });
  afterAll(() => f?.close());

  it('records questions the bot clarified or handed off, grouped with their counts; not "talk to a person"', async () => {
    const a = await f.ask('norway-1', 'Do you ship to Norway?');
    const b = await f.ask('norway-2', 'do you ship to NORWAY??');
    expect(zoneOf(a)).not.toBe('answer');
    expect(zoneOf(b)).not.toBe('answer');
    await f.ask('person-1', 'I want to talk to a person');

    const g = await groupWith('Do you ship to Norway?');
    expect(g).toMatchObject({ text: 'Do you ship to Norway?', lang: 'en', status: 'open', count: 2 });
    const expected = { clarify: 0, handoff: 0, unhelpful: 0 };
    for (const r of [a, b]) expected[zoneOf(r) as 'clarify' | 'handoff']++;
    expect(g.reasons).toEqual(expected);
    expect(g.questions.map((q: any) => q.conversationId).sort()).toEqual([a.conversationId, b.conversationId].sort());
    expect(g.questions[0]).toEqual({ id: expect.any(String), text: 'do you ship to NORWAY??', at: expect.any(String), reason: zoneOf(b), source: 'chat', conversationId: b.conversationId });
    expect(g.suggested).toMatchObject({ entryId: expect.any(String), title: expect.any(String), confidence: expect.any(Number) });
    expect((await groups()).some((x) => x.questions.some((q: any) => /talk to a person/.test(q.text)))).toBe(false);
    // A confident answer is not an unanswered question.
    const answered = await f.ask('answered-1', 'How do I return an item?');
    expect(zoneOf(answered)).toBe('answer');
    expect(await groupWith('How do I return an item?')).toBeUndefined();
  });

  it('files a question in a language the knowledge base lacks under that language', async () => {
    const r = await f.ask('de-1', 'Habt ihr auch Gartenzwerge für den Winter?');
    expect(r.replies[0].text).toMatch(/^I can only answer in these languages/);
    const de = await groups('?lang=de');
    expect(de.map((g) => g.text)).toEqual(['Habt ihr auch Gartenzwerge für den Winter?']);
  });

  it('filters by status and language, and refuses a bad filter', async () => {
    await f.ask('pl-1', 'Czy wysyłacie paczki do Norwegii statkiem?');
    const pl = await groups('?lang=pl');
    expect(pl.length).toBeGreaterThan(0);
    expect(pl.every((g) => g.lang === 'pl')).toBe(true);
    expect(await groups('?status=resolved')).toEqual([]);
    for (const q of ['?status=closed', '?lang=Polish', '?page=2']) {
      const res = await f.call('GET', `/api/admin/unanswered${q}`, { cookie: f.cookies.editor });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: 'bad_request', details: expect.any(Array) });
    }
  });

  it('lets editors and analysts read the inbox; agents get 403, strangers 401', async () => {
    expect((await f.call('GET', '/api/admin/unanswered', { cookie: f.cookies.analyst })).status).toBe(200);
    expect((await f.call('GET', '/api/admin/unanswered', { cookie: f.cookies.agent })).status).toBe(403);
    expect((await f.call('GET', '/api/admin/unanswered')).status).toBe(401);
  });

  it('adds a group as alternates of an entry and publishes: the bot then answers the question', async () => {
    const g = await groupWith('Do you ship to Norway?');
    expect((await f.call('POST', `/api/admin/unanswered/${g.id}/add-alternate`, { cookie: f.cookies.analyst, body: { entryId: 'delivery-cost' } })).status).toBe(403);
    expect((await f.call('POST', `/api/admin/unanswered/${g.id}/add-alternate`, { body: { entryId: 'delivery-cost' } })).status).toBe(401);

    const res = await f.call('POST', `/api/admin/unanswered/${g.id}/add-alternate`, { cookie: f.cookies.editor, body: { entryId: 'delivery-cost' } });
    expect(res.status).toBe(200);
    expect(res.body.entry.id).toBe('delivery-cost');
    expect(res.body.entry.variants.find((v: any) => v.lang === 'en').alternates).toEqual(expect.arrayContaining(['Do you ship to Norway?']));
    expect(res.body.added).toEqual(['do you ship to NORWAY??', 'Do you ship to Norway?'].filter((t) => res.body.added.includes(t)));
    expect(res.body.revision).toEqual(expect.any(Number));
    expect(res.body.job).toMatchObject({ id: expect.any(String), state: 'running' });
    const job = await f.app.admin.editing!.publisher.wait(res.body.job.id);
    expect(job.state).toBe('done');

    const after = await f.ask('norway-3', 'Do you ship to Norway?');
    expect(zoneOf(after)).toBe('answer');
    expect(after.replies[0].entryId).toBe('delivery-cost');
    expect((await groups('?status=resolved')).find((x) => x.id === g.id)).toMatchObject({ status: 'resolved', resolvedEntryId: 'delivery-cost' });
    const audit = await f.call('GET', '/api/admin/audit?entryId=delivery-cost', { cookie: f.cookies.editor });
    expect(audit.body.events.map((e: any) => e.action)).toEqual(expect.arrayContaining(['unanswered.add-alternate', 'entry.alternates']));

    const again = await f.call('POST', `/api/admin/unanswered/${g.id}/add-alternate`, { cookie: f.cookies.editor, body: { entryId: 'delivery-cost' } });
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('not_open');
  });

  it('offers the words no entry uses, and adds one as a synonym of an entry\'s word: the bot then answers', async () => {
    // Slang for money, which no entry says.
    const question = 'kiedy oddacie szmal';
    expect(zoneOf(await f.ask('szmal-1', question))).not.toBe('answer');
    const g = await groupWith(question);
    expect(g.lang).toBe('pl');
    expect(g.unknownWords).toEqual(['oddacie', 'szmal']);
    const post = (body: unknown, who: 'editor' | 'analyst' = 'editor') => f.call('POST', `/api/admin/unanswered/${g.id}/add-synonym`, { cookie: f.cookies[who], body });
    expect((await post({ word: 'szmal', sameAs: 'pieniądze' }, 'analyst')).status).toBe(403);
    expect(await post({ word: 'szmal', sameAs: 'zzyzx' })).toMatchObject({ status: 400, body: { error: 'unknown_word' } });
    expect((await post({ word: 'szmal, kasa', sameAs: 'pieniądze' })).status).toBe(400);
    expect((await post({ word: 'szmal', sameAs: 'Szmal' })).status).toBe(400);

    const res = await post({ word: 'szmal', sameAs: 'pieniądze' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ group: 'pieniądze, szmal', entry: { id: 'synonyms', kind: 'synonyms', variants: [{ lang: 'pl', alternates: ['pieniądze, szmal'] }] } });
    expect((await f.app.admin.editing!.publisher.wait(res.body.job.id)).state).toBe('done');
    const after = await f.ask('szmal-2', question);
    expect(after.replies[0].entryId).toBe('refund-timing');
    // The group stays for the editor to see; the word is no longer offered.
    expect((await groupWith(question)).unknownWords).toEqual(['oddacie']);

    // A second word joins the same entry.
    expect(zoneOf(await f.ask('kasiora-1', 'oddajcie kasiorę'))).not.toBe('answer');
    const second = await f.call('POST', `/api/admin/unanswered/${(await groupWith('oddajcie kasiorę')).id}/add-synonym`, { cookie: f.cookies.editor, body: { word: 'kasiorę', sameAs: 'pieniądze' } });
    expect(second.body.entry.variants[0].alternates).toEqual(['pieniądze, szmal', 'pieniądze, kasiorę']);
    await f.app.admin.editing!.publisher.wait(second.body.job.id);
    const audit = await f.call('GET', '/api/admin/audit?entryId=synonyms', { cookie: f.cookies.editor });
    expect(audit.body.events.map((e: any) => e.action)).toEqual(expect.arrayContaining(['unanswered.add-synonym', 'entry.create', 'entry.alternates']));
  });

  it('refuses bad add-alternate requests with clear errors', async () => {
    expect(zoneOf(await f.ask('gift-1', 'Do you sell garden gnomes in winter?'))).not.toBe('answer');
    const g = await groupWith('Do you sell garden gnomes in winter?');
    const post = (body: unknown, id = g.id) => f.call('POST', `/api/admin/unanswered/${id}/add-alternate`, { cookie: f.cookies.editor, body });
    expect((await post({})).status).toBe(400);
    expect((await post({ entryId: 'payment-methods', questionIds: [] })).status).toBe(400);
    expect((await post({ entryId: 'payment-methods', extra: 1 })).status).toBe(400);
    const foreign = await post({ entryId: 'payment-methods', questionIds: ['not-in-this-group'] });
    expect(foreign).toMatchObject({ status: 400, body: { error: 'bad_request' } });
    expect((await post({ entryId: 'no-such-entry' })).status).toBe(404);
    expect((await post({ entryId: 'payment-methods' }, 'no-such-group')).status).toBe(404);
    expect((await f.call('POST', `/api/admin/unanswered/${g.id}/add-alternate`, { cookie: f.cookies.editor, body: 'entryId=x', headers: { 'content-type': 'text/plain' } })).status).toBe(415);
    expect((await f.call('POST', `/api/admin/unanswered/${g.id}/add-alternate`, { cookie: f.cookies.editor, body: { entryId: 'payment-methods' }, headers: { origin: 'https://evil.example' } })).status).toBe(403);
    expect((await groupWith('Do you sell garden gnomes in winter?')).status).toBe('open');
  });

  it('pre-fills a new entry from a handed-off group with the agent\'s reply, and resolves the group when it is saved', async () => {
    let r = await f.ask('lasagne-1', 'Can I get a lasagne recipe?');
    if (!r.handoff) r = await f.ask('lasagne-1', 'Can I get a lasagne recipe please?');
    expect(r.handoff).toBe(true);
    const claim = await f.call('POST', `/api/admin/conversations/${r.conversationId}/claim`, { cookie: f.cookies.agent, body: {} });
    expect(claim.status).toBe(200);
    const reply = await f.call('POST', `/api/admin/conversations/${r.conversationId}/reply`, { cookie: f.cookies.agent, body: { text: 'We sell pasta, not recipes: see **our blog**.' } });
    expect(reply.status).toBe(201);

    const g = await groupWith('Can I get a lasagne recipe?');
    expect((await f.call('POST', `/api/admin/unanswered/${g.id}/new-entry`, { cookie: f.cookies.analyst, body: {} })).status).toBe(403);
    expect((await f.call('POST', `/api/admin/unanswered/${g.id}/new-entry`, { cookie: f.cookies.editor, body: { entryId: 'x' } })).status).toBe(400);
    expect((await f.call('POST', '/api/admin/unanswered/nope/new-entry', { cookie: f.cookies.editor, body: {} })).status).toBe(404);
    const res = await f.call('POST', `/api/admin/unanswered/${g.id}/new-entry`, { cookie: f.cookies.editor, body: {} });
    expect(res.status).toBe(200);
    expect(res.body.entry).toMatchObject({ id: 'can-i-get-a-lasagne-recipe', status: 'published', variants: [{ lang: 'en', question: 'Can I get a lasagne recipe?', answer: 'We sell pasta, not recipes: see **our blog**.' }] });
    // Not saved until the editor saves it.
    expect((await f.call('GET', '/api/admin/entries/can-i-get-a-lasagne-recipe', { cookie: f.cookies.editor })).status).toBe(404);

    const saved = await f.call('POST', '/api/admin/entries', { cookie: f.cookies.editor, body: { entry: res.body.entry, fromUnanswered: g.id } });
    expect(saved.status).toBe(201);
    expect((await groups('?status=resolved')).find((x) => x.id === g.id)).toMatchObject({ resolvedEntryId: 'can-i-get-a-lasagne-recipe' });
    // The id is now taken: the next pre-fill of the same question gets another.
    await f.ask('lasagne-2', 'Can I get a lasagne recipe?');
    const next = await groupWith('Can I get a lasagne recipe?');
    expect(next.id).not.toBe(g.id);
    const second = await f.call('POST', `/api/admin/unanswered/${next.id}/new-entry`, { cookie: f.cookies.editor, body: {} });
    expect(second.body.entry.id).toBe('can-i-get-a-lasagne-recipe-2');
  });

  it('turns an agent\'s reply into a new entry with the customer\'s question', async () => {
    let r = await f.ask('bike-1', 'I want to talk to a person');
    expect(r.handoff).toBe(true);
    r = await f.ask('bike-1', 'Do you repair bicycles?');
    await f.call('POST', `/api/admin/conversations/${r.conversationId}/claim`, { cookie: f.cookies.agent, body: {} });
    const reply = await f.call('POST', `/api/admin/conversations/${r.conversationId}/reply`, { cookie: f.cookies.agent, body: { text: 'No, we only sell them.' } });
    const messageId = reply.body.message.id;
    const url = `/api/admin/conversations/${r.conversationId}/to-entry`;

    const res = await f.call('POST', url, { cookie: f.cookies.editor, body: { messageId } });
    expect(res.status).toBe(200);
    expect(res.body.entry).toMatchObject({ id: 'do-you-repair-bicycles', variants: [{ lang: 'en', question: 'Do you repair bicycles?', alternates: [], answer: 'No, we only sell them.' }] });

    const transcript = await f.app.store.transcript(r.conversationId);
    const customerMessage = transcript.find((m) => m.role === 'customer')!;
    expect((await f.call('POST', url, { cookie: f.cookies.editor, body: { messageId: customerMessage.id } })).status).toBe(400);
    expect((await f.call('POST', url, { cookie: f.cookies.editor, body: {} })).status).toBe(400);
    expect((await f.call('POST', url, { cookie: f.cookies.editor, body: { messageId: 'nope' } })).status).toBe(404);
    expect((await f.call('POST', '/api/admin/conversations/nope/to-entry', { cookie: f.cookies.editor, body: { messageId } })).status).toBe(404);
    expect((await f.call('POST', url, { cookie: f.cookies.analyst, body: { messageId } })).status).toBe(403);
    expect((await f.call('POST', url, { cookie: f.cookies.agent, body: { messageId } })).status).toBe(403);
    expect((await f.call('POST', url, { body: { messageId } })).status).toBe(401);
  });

  it('dismisses a group with a reason, once', async () => {
    // Not the weather any more: that is small talk now (a conversation entry), never an unanswered question.
    await f.ask('parking-1', 'Is the parking lot next to the warehouse free on bank holidays?');
    const g = await groupWith('Is the parking lot next to the warehouse free on bank holidays?');
    const dismiss = (body: unknown, cookie = f.cookies.editor) => f.call('POST', `/api/admin/unanswered/${g.id}/dismiss`, { cookie, body });
    expect((await dismiss({ reason: '  ' })).status).toBe(400);
    expect((await dismiss({})).status).toBe(400);
    expect((await dismiss({ reason: 'x'.repeat(501) })).status).toBe(400);
    expect((await dismiss({ reason: 'out of scope' }, f.cookies.analyst)).status).toBe(403);
    expect(await dismiss({ reason: 'out of scope' })).toMatchObject({ status: 200, body: { ok: true } });
    expect(await dismiss({ reason: 'again' })).toMatchObject({ status: 409, body: { error: 'not_open' } });
    expect((await groups('?status=dismissed')).find((x) => x.id === g.id)).toMatchObject({ status: 'dismissed', dismissReason: 'out of scope' });
    expect((await groups()).find((x) => x.id === g.id)).toBeUndefined();
    const audit = await f.call('GET', `/api/admin/audit?entryId=unanswered:${g.id}`, { cookie: f.cookies.editor });
    expect(audit.body.events[0]).toMatchObject({ action: 'unanswered.dismiss', after: { reason: 'out of scope' } });
  });

  describe('feedback on answers', () => {
    it('POST /api/chat/feedback: unhelpful puts the question in the inbox; helpful takes it out', async () => {
      const r = await f.ask('fb-1', 'How much does delivery cost?');
      expect(zoneOf(r)).toBe('answer');
      const answer = r.replies[0];
      expect(answer.id).toEqual(expect.any(String));
      const fb = (body: unknown) => f.call('POST', '/api/chat/feedback', { body });

      expect(await fb({ conversationId: r.conversationId, messageId: answer.id, helpful: false })).toMatchObject({ status: 200, body: { ok: true } });
      const g = await groupWith('How much does delivery cost?');
      expect(g).toMatchObject({ count: 1, reasons: { clarify: 0, handoff: 0, unhelpful: 1 }, suggested: { entryId: 'delivery-cost', title: 'How much does delivery cost?' } });
      // Clicking again changes nothing; changing one's mind takes it out.
      await fb({ conversationId: r.conversationId, messageId: answer.id, helpful: false });
      expect((await groupWith('How much does delivery cost?')).count).toBe(1);
      expect((await fb({ conversationId: r.conversationId, messageId: answer.id, helpful: true })).status).toBe(200);
      expect(await groupWith('How much does delivery cost?')).toBeUndefined();
      expect(await f.app.admin.unanswered.feedback.get(answer.id)).toMatchObject({ helpful: true });
    });

    it('"that\'s not what I asked" after an answer is a thumbs-down on it: the question it missed is in the inbox', async () => {
      const r = await f.ask('fb-rejects', 'Can I pay by credit card?');
      expect(zoneOf(r)).toBe('answer');
      const answer = r.replies[0];
      const rejection = await f.ask('fb-rejects', "that's not what I asked");
      expect(rejection.replies[0].entryId).toBe('conversation-not-what-i-asked');
      expect(await f.app.admin.unanswered.feedback.get(answer.id)).toMatchObject({ helpful: false });
      expect(await groupWith('Can I pay by credit card?')).toMatchObject({ reasons: { unhelpful: 1 }, suggested: { entryId: 'payment-methods' } });
      expect(await groupWith("that's not what I asked")).toBeUndefined();
    });

    it('POST /api/chat/feedback refuses bad bodies and messages that are not answers of that conversation', async () => {
      const r = await f.ask('fb-2', 'Where is my order?');
      const other = await f.ask('fb-3', 'Where is my order?');
      const answer = r.replies[0];
      const fb = (body: unknown, headers?: Record<string, string>) => f.call('POST', '/api/chat/feedback', { body, headers });
      for (const body of [{}, { conversationId: r.conversationId, messageId: answer.id }, { conversationId: r.conversationId, messageId: answer.id, helpful: 'yes' },
        { conversationId: r.conversationId, messageId: answer.id, helpful: true, extra: 1 }, { conversationId: '', messageId: answer.id, helpful: true }]) {
        expect((await fb(body)).status).toBe(400);
      }
      expect((await fb('{"helpful": tru', { 'content-type': 'application/json' })).status).toBe(400);
      expect(await fb({ conversationId: other.conversationId, messageId: answer.id, helpful: false })).toMatchObject({ status: 404, body: { error: 'not_found' } });
      expect((await fb({ conversationId: r.conversationId, messageId: 'nope', helpful: false })).status).toBe(404);
      const question = (await f.app.store.transcript(r.conversationId)).find((m) => m.role === 'customer')!;
      expect(await fb({ conversationId: r.conversationId, messageId: question.id, helpful: false })).toMatchObject({ status: 400, body: { error: 'not_an_answer' } });
      // Small talk is no answer to judge: it would fill the inbox with "thanks".
      const thanks = await f.ask('fb-2', 'thanks!');
      expect(thanks.replies[0]).toMatchObject({ entryId: 'conversation-thanks', smallTalk: true });
      expect(r.replies[0].smallTalk).toBeUndefined();
      expect(await fb({ conversationId: thanks.conversationId, messageId: thanks.replies[0].id, helpful: false })).toMatchObject({ status: 400, body: { error: 'not_an_answer' } });
      expect(await groupWith('thanks!')).toBeUndefined();
    });

    it('the web chat\'s feedback frame: stored for the customer\'s own answers, refused for others', async () => {
      const chat = await connectChat(f.app.url);
      try {
        chat.send({ type: 'hello', userId: 'webchat-feedback-1' });
        const history = await chat.next((x) => x.type === 'history');
        chat.send({ type: 'message', clientId: 'c-1', text: 'Which payment methods do you accept?' });
        const answer = (await chat.next((x) => x.type === 'message' && x.message.role === 'bot')).message;
        expect(answer.entryId).toBe('payment-methods');

        chat.send({ type: 'feedback', messageId: answer.id, helpful: false });
        expect(await chat.next((x) => x.type === 'feedback' || x.type === 'error')).toEqual({ type: 'feedback', messageId: answer.id, helpful: false });
        const g = await groupWith('Which payment methods do you accept?');
        expect(g).toMatchObject({ reasons: { unhelpful: 1 }, questions: [{ conversationId: history.conversationId }] });

        const stranger = (await f.ask('fb-4', 'Where is my order?')).replies[0];
        chat.send({ type: 'feedback', messageId: stranger.id, helpful: false });
        expect(await chat.next((x) => x.type === 'feedback' || x.type === 'error')).toMatchObject({ type: 'error', code: 'not_found', messageId: stranger.id });
        chat.send({ type: 'feedback', messageId: answer.id, helpful: 'no' });
        expect(await chat.next((x) => x.type === 'error')).toMatchObject({ code: 'bad_frame' });
      } finally {
        chat.close();
      }
    });
  });
  it('records the suggestion a customer pressed right after a clarification, and offers it first', async () => {
    const question = 'Can I visit your office in Berlin?';
    const press = (userId: string, s: { entryId: string; title: string }) => f.call('POST', '/api/chat', { body: { userId, entryId: s.entryId, text: s.title } });
    const first = await f.ask('choice-1', question);
    expect(zoneOf(first)).toBe('clarify');
    const offered = first.replies[0].suggestions as Array<{ entryId: string; title: string }>;
    expect(offered.length).toBeGreaterThan(1);
    // The customer presses the second suggestion: answered with it, and recorded on the question.
    const pressed = await press('choice-1', offered[1]!);
    expect(pressed.status).toBe(200);
    expect(pressed.body.replies[0].entryId).toBe(offered[1]!.entryId);
    // A second press browses: the first one stands.
    expect((await press('choice-1', offered[0]!)).status).toBe(200);
    let g = await groupWith(question);
    expect(g.questions.find((q: any) => q.conversationId === first.conversationId).chosen).toEqual({ entryId: offered[1]!.entryId, title: offered[1]!.title });
    expect(g.chosen).toEqual({ entryId: offered[1]!.entryId, title: offered[1]!.title, count: 1 });

    // Another customer asks the same, then something else, and only then presses an old suggestion: not recorded.
    const other = await f.ask('choice-2', question);
    expect(zoneOf(other)).toBe('clarify');
    await f.ask('choice-2', 'How do I return an item?');
    expect((await press('choice-2', offered[0]!)).status).toBe(200);
    g = await groupWith(question);
    expect(g.questions.find((q: any) => q.conversationId === other.conversationId).chosen).toBeUndefined();
    expect(g.chosen).toEqual({ entryId: offered[1]!.entryId, title: offered[1]!.title, count: 1 });

    // A third customer presses the same one: counted twice.
    const third = await f.ask('choice-3', question);
    expect((await press('choice-3', (third.replies[0].suggestions as typeof offered).find((s) => s.entryId === offered[1]!.entryId)!)).status).toBe(200);
    expect((await groupWith(question)).chosen).toMatchObject({ entryId: offered[1]!.entryId, count: 2 });
  });
  it('does not take a starter topic pressed after "not understood" for where the question belongs', async () => {
    const gibberish = 'qwv zzkx plorb';
    const lost = await f.ask('choice-4', gibberish);
    const topics = lost.replies[0].suggestions as Array<{ entryId: string; title: string; starter?: boolean }>;
    expect(topics.length).toBeGreaterThan(0);
    expect(topics.every((t) => t.starter === true)).toBe(true);
    const pressed = await f.call('POST', '/api/chat', { body: { userId: 'choice-4', entryId: topics[0]!.entryId, text: topics[0]!.title } });
    expect(pressed.body.replies[0].entryId).toBe(topics[0]!.entryId);
    const g = await groupWith(gibberish);
    expect(g.questions.find((q: any) => q.conversationId === lost.conversationId).chosen).toBeUndefined();
    expect(g.chosen).toBeUndefined();
  });
  it('exports the questions customers labelled as an eval dataset, which `npm run eval` measures the knowledge base on', async () => {
    // A question answered and rated helpful; one that is a phrasing word for word (left out).
    const fb = (r: any) => f.call('POST', '/api/chat/feedback', { body: { conversationId: r.conversationId, messageId: r.replies[0].id, helpful: true } });
    const helpful = await f.ask('labeled-1', 'my package still has not shown up, where is it');
    expect(zoneOf(helpful)).toBe('answer');
    expect((await fb(helpful)).status).toBe(200);
    const verbatim = await f.ask('labeled-2', 'Where is my order?');
    expect((await fb(verbatim)).status).toBe(200);

    const download = (cookie?: string) => fetch(`${f.app.url}/api/admin/labeled-questions`, { headers: cookie ? { cookie } : {} });
    expect((await download()).status).toBe(401);
    expect((await download(f.cookies.agent)).status).toBe(403);
    const res = await download(f.cookies.analyst);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toContainEqual({ text: 'my package still has not shown up, where is it', label: helpful.replies[0].entryId, lang: 'en', split: 'test', source: 'helpful' });
    // The Berlin question, pressed by two customers earlier in this file: once, with the entry they chose.
    expect(lines.filter((l) => l.text === 'Can I visit your office in Berlin?')).toEqual([expect.objectContaining({ source: 'customer-choice', split: 'test' })]);
    expect(lines.some((l) => l.text === 'Where is my order?')).toBe(false);

    // The file is a dataset the eval reads as it is, against the knowledge base's folder.
    const dir = await tempDir('faqbot-labeled-');
    try {
      const kbDir = path.join(dir.dir, 'kb');
      await mkdir(kbDir);
      for (const e of FIXTURE_ENTRIES) await writeFile(path.join(kbDir, `${e.id}.md`), serializeEntryMarkdown(e));
      await writeFile(path.join(dir.dir, 'labeled.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n'));
      const report = await runEval({ dataset: path.join(dir.dir, 'labeled.jsonl'), kbDir, cacheDir: await warmEmbeddingCache(path.join(dir.dir, 'emb')) });
      expect(report.nTest).toBe(lines.length);
      expect(report.byLanguage.en).toBeDefined();
    } finally {
      await dir.cleanup();
    }
  });
});
