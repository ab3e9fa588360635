import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConversationStore, createBot, migrate, silentLogger } from '../bot/index.ts';
import { chatApi, languageOfTag } from './chat-api.ts';
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
    const http = createHttpApp(silentLogger);
    http.app.use(chatApi(bot, silentLogger, { languages: () => ['en', 'pl'] }));
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
