import type { Server } from 'node:http';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestBot } from '../adapters/test-support.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelRuntime, ChannelStore, chatApiChannel, chatApiRouter, languageOfTag, languageTag } from '../adapters/index.ts';
import { ConversationStore, createBot, migrate, silentLogger } from '../bot/index.ts';
import { createHttpApp } from './server.ts';
import { freshPglite, stubDetector, stubKnowledge } from './test-support.ts';

describe('languageOfTag', () => {
  it.each([['pl', 'pl'], ['PL', 'pl'], ['pl-PL', 'pl'], ['zh-Hant-TW', 'zh'], ['pt_BR', 'pt'], ['ar-EG', 'ar']])('%s → %s', (tag, lang) => {
    expect(languageOfTag(tag)).toBe(lang);
  });

  it.each(['english', 'polski', 'p', 'pl--PL', '12', 'zh-', '', 'en US'])('refuses "%s"', (tag) => {
    expect(languageOfTag(tag)).toBeUndefined();
    expect(languageTag(tag)).toBeUndefined();
  });

  it.each([['zh-tw', 'zh-TW'], ['zh-Hant-TW', 'zh-Hant-TW'], ['pt_BR', 'pt-BR'], ['fil-PH', 'fil-PH'], [' ar-EG ', 'ar-EG']])('keeps %s whole as %s', (tag, canonical) => {
    expect(languageTag(tag)).toBe(canonical);
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

  it('names back a regional tag the knowledge base lacks by its language', async () => {
    const body = await (await post({ userId: 'api-pt', text: 'return', lang: 'pt_BR' })).json();
    expect(body.lang).toBe('en');
    expect(body.requestedLang).toBe('pt');
  });

  // The body is read once, raw, and decoded by the endpoint: the contract Express's JSON parser set.
  const raw = async (body: string | Uint8Array, contentType?: string, encoding?: string) => {
    const headers: Record<string, string> = {};
    if (contentType) headers['content-type'] = contentType;
    if (encoding) headers['content-encoding'] = encoding;
    const res = await fetch(url, { method: 'POST', headers, body: typeof body === 'string' ? body : new Uint8Array(body) });
    return { status: res.status, body: await res.json() as { error?: string; message?: string; replies?: Array<{ text: string }> } };
  };

  it('answers broken JSON, and a top level that is neither an object nor an array, with 400 bad_json', async () => {
    for (const body of ['{"userId": ', '"just a string"', '42', 'null', '  true', ' ']) {
      const res = await raw(body, 'application/json');
      expect(res, body).toMatchObject({ status: 400, body: { error: 'bad_json' } });
    }
    // An array is JSON the parser takes; it is not a chat request.
    expect(await raw('[]', 'application/json')).toMatchObject({ status: 400, body: { error: 'bad_request' } });
  });

  it('answers a body over the limit with 413 too_large', async () => {
    const res = await raw(JSON.stringify({ userId: 'api-big', text: 'x'.repeat(1_100_000) }), 'application/json');
    expect(res).toMatchObject({ status: 413, body: { error: 'too_large' } });
  });

  it('reads JSON in any Unicode charset and compressed, and refuses another charset with 415', async () => {
    const request = { userId: 'api-utf16', text: 'How do I return an item?' };
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify(request), 'utf16le')]);
    const decoded = await raw(utf16, 'application/json; charset=utf-16');
    expect(decoded.status).toBe(200);
    expect(decoded.body.replies![0]!.text).toMatch(/30 days/);
    const { gzipSync } = await import('node:zlib');
    expect((await raw(gzipSync(JSON.stringify({ ...request, userId: 'api-gzip' })), 'application/json', 'gzip')).status).toBe(200);
    expect(await raw(JSON.stringify(request), 'application/json; charset=latin1')).toMatchObject({ status: 415, body: { error: 'bad_request', message: 'unsupported charset "LATIN1"' } });
    expect(await raw(JSON.stringify(request), 'application/json; charset=utf-99')).toMatchObject({ status: 415, body: { error: 'bad_request' } });
  });

  it('reads no body from another content type: the request lacks its fields', async () => {
    const res = await raw(JSON.stringify({ userId: 'api-text', text: 'How do I return an item?' }), 'text/plain');
    expect(res).toMatchObject({ status: 400, body: { error: 'bad_request' } });
    expect(res.body.message).toMatch(/userId/);
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
