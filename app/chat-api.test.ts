import type { Server } from 'node:http';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestBot } from '../adapters/test-support.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelRuntime, ChannelStore, chatApiChannel, chatApiRouter, languageOfTag } from '../adapters/index.ts';
import { ConversationStore, createBot, migrate, silentLogger } from '../bot/index.ts';
import { createHttpApp } from './server.ts';
import { freshPglite, stubDetector, stubKnowledge } from './test-support.ts';

describe('languageOfTag', () => {
  it.each([['pl', 'pl'], ['PL', 'pl'], ['pl-PL', 'pl'], ['zh-Hant-TW', 'zh'], ['pt_BR', 'pt'], ['ar-EG', 'ar']])('%s → %s', (tag, lang) => {
    expect(languageOfTag(tag)).toBe(lang);
  });

  it.each(['english', 'polski', 'p', 'pl--PL', '12', 'zh-', '', 'en US'])('refuses "%s"', (tag) => {
    expect(languageOfTag(tag)).toBeUndefined();
  });
});

describe('POST /api/chat language', () => {
  let pg: Awaited<ReturnType<typeof freshPglite>>;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    pg = await freshPglite();
    await migrate(pg.db);
    // An English-only knowledge base: every answer is in English, the fallback.
    const bot = createBot({
      store: new ConversationStore(pg.db), knowledge: stubKnowledge(), detector: stubDetector,
      defaultLang: 'en', maxMessageChars: 4000, answerThreshold: 0.5, clarifyThreshold: 0.25, maxFailedAttempts: 3,
    });
    const api = chatApiChannel({ languages: () => ['en', 'pl'] });
    const runtime = new ChannelRuntime({ bot, channels: new ChannelStore(pg.db), adapters: api.adapters });
    const http = createHttpApp(silentLogger);
    http.app.use(chatApiRouter(api.endpoint, runtime));
    server = http.finish().listen(0);
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/api/chat`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await pg?.cleanup();
  });

  const post = (body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('refuses a lang that is not a language tag with 400, naming the accepted languages', async () => {
    const res = await post({ userId: 'api-bad-lang', text: 'How do I return an item?', lang: 'english' });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error).toBe('bad_lang');
    expect(body.message).toMatch(/"english" is not a language tag; accepted languages: en, pl/);
    expect(body.languages).toEqual(['en', 'pl']);
  });

  it('answers a well-formed language the knowledge base lacks in the fallback, and says so', async () => {
    // One word: not evidence enough to leave the requested language, which the knowledge base lacks.
    const res = await post({ userId: 'api-de', text: 'return', lang: 'de-DE' });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.lang).toBe('en');
    expect(body.requestedLang).toBe('de');
    expect(body.replies[0].lang).toBe('en');
  });

  it('says nothing more when the requested language is the one used', async () => {
    const body = await (await post({ userId: 'api-en', text: 'How do I return an item?', lang: 'en-GB' })).json();
    expect(body.lang).toBe('en');
    expect(body.requestedLang).toBeUndefined();
  });
});

describe('POST /api/chat under a backlog', () => {
  let tb: Awaited<ReturnType<typeof startTestBot>>;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    tb = await startTestBot();
    const api = chatApiChannel();
    const runtime = new ChannelRuntime({ bot: tb.bot, channels: tb.channels, adapters: api.adapters });
    const app = createHttpApp(silentLogger);
    app.app.use(chatApiRouter(api.endpoint, runtime, { maxBacklog: 2 }));
    server = app.finish().listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 300_000);
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
    await tb?.cleanup();
  });

  // A plain request on its own connection.
  const ask = (userId: string) => new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request(`${url}/api/chat`, { method: 'POST', agent: false, headers: { 'content-type': 'application/json' } }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(JSON.stringify({ userId, text: 'Where is my order?' }));
  });

  it('answers 503 with Retry-After past the backlog instead of queueing, and answers again once it drains', async () => {
    // A backlog: one customer's burst of messages, answered one after another.
    const burst = Array.from({ length: 20 }, (_, i) => tb.bot.handle({
      type: 'message', conversation: { channel: 'api', userId: 'backlog-burst' }, externalId: `burst-${i}`, from: { id: 'backlog-burst' }, text: 'Where is my order?',
    }));
    expect(tb.bot.turnsInProgress).toBe(20);
    const busy = await ask('backlog-other');
    expect(busy.status).toBe(503);
    expect(busy.headers['retry-after']).toBe('1');
    expect(JSON.parse(busy.body)).toMatchObject({ error: 'busy' });
    await Promise.all(burst);
    expect(tb.bot.turnsInProgress).toBe(0);
    const after = await ask('backlog-other');
    expect(after.status).toBe(200);
    expect(JSON.parse(after.body).replies[0].text).toMatch(/track/i);
  });
});
