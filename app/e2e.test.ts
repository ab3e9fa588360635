import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suggestedAnswers } from '../admin/console/answers.ts';
import { CATALOGUES } from '../bot/index.ts';
import { startApp, type RunningApp } from './app.ts';
import { loadConfig } from './config.ts';
import { connectChat, tempDir, templateDataDir, TEST_APP } from './test-support.ts';

/**
 * The real server on the sample knowledge base: web chat socket, JSON API, help center.
 * Questions are our own wording, not copies of the sample's phrasings.
 */
describe('the product end to end', () => {
  let data: Awaited<ReturnType<typeof tempDir>>;
  let app: RunningApp;
  const config = () => loadConfig({ PORT: '0', LOG_LEVEL: 'silent' }, data.dir);

  beforeAll(async () => {
    data = await templateDataDir('sample', 'faqbot-e2e-');
    app = await startApp(config(), TEST_APP);
  }, 300_000);
  afterAll(async () => {
    await app?.close();
    await data.cleanup();
  });

  const ask = async (chat: Awaited<ReturnType<typeof connectChat>>, text: string, clientId: string = crypto.randomUUID()) => {
    chat.send({ type: 'message', clientId, text });
    const ack = await chat.next((f) => (f.type === 'ack' || f.type === 'error') && f.clientId === clientId);
    if (ack.type === 'error') return { ack, reply: undefined };
    const reply = await chat.next((f) => f.type === 'message' && f.message.role !== 'customer');
    return { ack, reply: reply.message };
  };

  it('gives an agent the knowledge base\'s answers for the customer\'s last message, in the script the customer writes', async () => {
    const res = await fetch(`${app.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'e2e-hant', text: '請問怎麼退貨？' }) });
    const { conversationId } = await res.json() as { conversationId: string };
    const found = await suggestedAnswers(app.knowledge, app.store, conversationId, undefined);
    expect(found!.query).toBe('請問怎麼退貨？');
    expect(found!.answers[0]).toMatchObject({ entryId: 'return-an-item', lang: 'zh', title: '如何退貨？' });
    expect(found!.answers.map((a) => a.answer).join('')).not.toMatch(/货|门|们/);
    // An English search for a Polish customer: the answers are the customer's.
    const pl = await fetch(`${app.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'e2e-pl-agent', text: 'Jak mogę zwrócić produkt?' }) });
    const plConversation = (await pl.json() as { conversationId: string }).conversationId;
    const detector = { detect: async () => ({ lang: 'en', probability: 0.99, method: 'fasttext' as const }) };
    const search = await suggestedAnswers(app.knowledge, app.store, plConversation, 'how do I return an item', { detector });
    expect(search!.answers[0]).toMatchObject({ entryId: 'return-an-item', lang: 'pl' });
  });

  /** Restart the app on the same data folder and read `userId`'s history, as the web chat does on reconnecting. */
  const historyAfterRestart = async (userId: string) => {
    await app.close();
    app = await startApp(config(), TEST_APP);
    const back = await connectChat(app.url);
    back.send({ type: 'hello', userId });
    const history = await back.next((f) => f.type === 'history');
    back.close();
    return history;
  };

  it.each([
    ['en', 'How do I return an item?'],
    ['zh', '我买的东西想退货，该怎么办？'],
    ['th', 'อยากคืนสินค้าที่ซื้อไป ต้องทำอย่างไร'],
    ['ar', 'كيف أقوم بإرجاع منتج اشتريته؟'],
    ['pl', 'Jak mogę zwrócić produkt, który kupiłem?'],
  ])('answers "how do I return an item" over the web chat socket in %s', async (lang, question) => {
    const chat = await connectChat(app.url);
    chat.send({ type: 'hello', userId: `e2e-user-${lang}-0001` });
    await chat.next((f) => f.type === 'history');
    const { reply } = await ask(chat, question);
    expect(reply).toMatchObject({ role: 'bot', entryId: 'return-an-item', lang });
    expect(reply!.html).toMatch(/<(p|ol|ul|strong)>/);
    chat.close();
  });

  it('answers the JSON API with the documented shape', async () => {
    const res = await fetch(`${app.url}/api/chat`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'api-user-1', text: 'Jak zwrócić towar?' }),
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ lang: 'pl', handoff: false, replies: [{ entryId: 'return-an-item' }] });
    expect(typeof body.conversationId).toBe('string');
    expect(body.replies[0].confidence).toBeGreaterThan(0);
  });

  it('hands off at once when asked for a person, and says so', async () => {
    const res = await fetch(`${app.url}/api/chat`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'api-user-2', text: 'I want to talk to a person' }),
    });
    const body = await res.json();
    expect(body.handoff).toBe(true);
    expect(body.replies[0].text).toMatch(/colleague/);
    const after = await (await fetch(`${app.url}/api/chat`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'api-user-2', text: 'hello?' }),
    })).json();
    // Changed: while waiting for a person the customer is acknowledged with the place in the queue (no longer silence).
    expect(after).toMatchObject({ handoff: true, replies: [{ lang: 'en' }] });
    expect(after.replies[0].text).toMatch(/in the queue/);
  });

  // Changed: a first message the bot cannot answer is no longer handed off; the customer gets
  // suggestions (starter topics, or small talk's reply) instead.
  it('does not answer what the knowledge base cannot from the FAQ, and does not hand off on the first message', async () => {
    const res = await fetch(`${app.url}/api/chat`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'api-user-3', text: 'Can you recommend a good recipe for lasagne?' }),
    });
    const body = await res.json();
    const entryId = body.replies[0].entryId;
    expect(entryId === undefined || app.knowledge.entry(entryId)?.kind === 'conversation').toBe(true);
    expect(body.handoff).toBe(false);
    expect(body.replies[0].suggestions?.length).toBeGreaterThan(0);
  });

  it.each([['en', 'ok'], ['zh', '哈哈'], ['th', '555'], ['ar', 'شكرا'], ['pl', 'spoko']])('keeps small talk with the bot (%s: %s)', async (lang, text) => {
    const body = await (await fetch(`${app.url}/api/chat`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: `api-small-talk-${lang}`, text, lang }),
    })).json();
    expect(body.handoff).toBe(false);
    expect(app.knowledge.entry(body.replies[0].entryId)?.kind).toBe('conversation');
  });

  it.each([
    [{}, /userId/],
    [{ userId: 'x' }, /text/],
    [{ userId: 'x', text: '' }, /empty/],
    [{ userId: 'x', text: 'a'.repeat(100_000) }, /longer than/],
    [{ userId: 'x', text: 'hi', lang: 'english' }, /lang/],
  ])('refuses a bad API body with 400: %#', async (body, message) => {
    const res = await fetch(`${app.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(400);
    expect((await res.json()).message).toMatch(message);
  });

  it('refuses malformed JSON with 400', async () => {
    const res = await fetch(`${app.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"userId": ' });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe('bad_json');
  });

  it('survives bad socket input, keeps serving, and loses nothing stored', async () => {
    const chat = await connectChat(app.url);
    chat.send({ type: 'hello', userId: 'e2e-bad-input-01' });
    await chat.next((f) => f.type === 'history');
    const { reply } = await ask(chat, 'Where is my order?');
    expect(reply?.role).toBe('bot');

    chat.send('{not json');
    expect(await chat.next((f) => f.type === 'error')).toMatchObject({ code: 'bad_json' });
    chat.send({ type: 'launch-rockets' });
    expect(await chat.next((f) => f.type === 'error')).toMatchObject({ code: 'unknown_type' });
    chat.send({ type: 'message', text: 'no client id' });
    expect(await chat.next((f) => f.type === 'error')).toMatchObject({ code: 'bad_frame' });
    expect((await ask(chat, '   ', 'c-empty')).ack).toMatchObject({ type: 'error', code: 'empty' });
    expect((await ask(chat, 'x'.repeat(100_000), 'c-long')).ack).toMatchObject({ type: 'error', code: 'too_long' });

    const again = await ask(chat, 'How much does delivery cost?');
    expect(again.reply?.role).toBe('bot');
    chat.close();

    const other = await connectChat(app.url);
    other.send({ type: 'hello', userId: 'e2e-bad-input-01' });
    const history = await other.next((f) => f.type === 'history');
    expect(history.messages.map((m: { role: string }) => m.role)).toEqual(['customer', 'bot', 'customer', 'bot']);
    other.close();
  });

  it('answers a message resent after a reconnect only once', async () => {
    const chat = await connectChat(app.url);
    chat.send({ type: 'hello', userId: 'e2e-resend-0001' });
    await chat.next((f) => f.type === 'history');
    const first = await ask(chat, 'How do I reset my password?', 'same-client-id');
    chat.close();
    const back = await connectChat(app.url);
    back.send({ type: 'hello', userId: 'e2e-resend-0001', since: first.reply!.id });
    expect((await back.next((f) => f.type === 'history')).messages).toEqual([]);
    back.send({ type: 'message', clientId: 'same-client-id', text: 'How do I reset my password?' });
    expect(await back.next((f) => f.type === 'ack')).toMatchObject({ id: first.ack.id });
    const replay = await back.next((f) => f.type === 'message');
    expect(replay.message.id).toBe(first.reply!.id);
    back.send({ type: 'hello', userId: 'e2e-resend-0001' });
    expect((await back.next((f) => f.type === 'history')).messages).toHaveLength(2);
    back.close();
  });

  it('serves the widget its words, limits and starter topics (published entries in that language)', async () => {
    const body = await (await fetch(`${app.url}/webchat/config?lang=ar`)).json();
    expect(body).toMatchObject({ lang: 'ar', dir: 'rtl', botName: CATALOGUES.ar!.botName, maxMessageChars: 4000 });
    expect(body.strings.placeholder).toBe(CATALOGUES.ar!['widget.placeholder']);
    expect(body.starters).toHaveLength(4);
    for (const s of body.starters) expect(s.title).toBe(app.knowledge.variant(s.entryId, 'ar')!.question);
  });

  it('keeps every conversation and its history across a restart', async () => {
    const chat = await connectChat(app.url);
    chat.send({ type: 'hello', userId: 'e2e-restart-001' });
    await chat.next((f) => f.type === 'history');
    await ask(chat, 'Which payment methods can I use?');
    chat.close();
    const history = await historyAfterRestart('e2e-restart-001');
    expect(history.messages).toHaveLength(2);
    expect(history.messages[0].text).toBe('Which payment methods can I use?');
  }, 300_000);

  // Two servers on one embedded database each wrote their copy over the other's: one's messages were lost.
  it('refuses a second server on the same data folder, at once and saying why; the first keeps every message', async () => {
    const chat = await connectChat(app.url);
    chat.send({ type: 'hello', userId: 'e2e-second-server' });
    await chat.next((f) => f.type === 'history');
    await ask(chat, 'How do I return an item?');
    await expect(startApp(config())).rejects.toThrow(new RegExp(`data folder .* is in use by process ${process.pid}`));
    // Nor may it take the first one's port.
    const port = new URL(app.url).port;
    const elsewhere = await tempDir('faqbot-e2e-port-');
    await expect(startApp(loadConfig({ PORT: port, LOG_LEVEL: 'silent' }, elsewhere.dir))).rejects.toThrow(`port ${port} on 127.0.0.1 is already in use`);
    await elsewhere.cleanup();
    await ask(chat, 'Which payment methods can I use?');
    chat.close();
    expect((await historyAfterRestart('e2e-second-server')).messages.map((m: { text: string }) => m.text))
      .toEqual(expect.arrayContaining(['How do I return an item?', 'Which payment methods can I use?']));
  }, 300_000);
});
