import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../app/app.ts';
import { loadConfig } from '../../app/config.ts';
import { tempDir, templateDataDir, TEST_APP } from '../../app/test-support.ts';
import { loadConversationEntries, serializeEntryMarkdown } from '../../knowledge/index.ts';
import { FIXTURE_ENTRIES } from '../../knowledge/test-fixtures.ts';

const ADMIN = { email: 'editor-in-chief@example.test', password: 'a long admin password' };
const giftWrap = {
  id: 'gift-wrap', tags: ['gifts'], related: [], status: 'published',
  variants: [{ lang: 'en', question: 'Can you gift-wrap my order?', alternates: ['Do you offer gift wrapping?', 'Can I get my present wrapped?'], answer: 'Yes, tick **Gift wrap** at checkout.' }],
};

/**
 * The knowledge editor in the running app (the composition root's wiring): an edit published
 * through the API is answered by the chat API, and survives a restart, which neither reseeds
 * the drafts nor republishes the knowledge folder over it.
 */
describe('knowledge editing in the running app', () => {
  let data: Awaited<ReturnType<typeof tempDir>>;
  let kb: Awaited<ReturnType<typeof tempDir>>;
  let app: RunningApp;
  const start = () => startApp(loadConfig({ PORT: '0', LOG_LEVEL: 'silent', KB_DIR: kb.dir, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password }, data.dir), TEST_APP);

  const signIn = async () => {
    const res = await fetch(`${app.url}/api/admin/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    expect(res.status).toBe(200);
    return res.headers.getSetCookie()[0]!.split(';')[0]!;
  };
  const call = async (cookie: string, method: string, p: string, body?: unknown) => {
    const res = await fetch(`${app.url}${p}`, { method, headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    return { status: res.status, body: await res.json() };
  };
  const ask = async (text: string) => {
    const res = await fetch(`${app.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: `editor-test-${Math.random()}`, text }) });
    return (await res.json()).replies[0]?.entryId as string | undefined;
  };

  beforeAll(async () => {
    data = await templateDataDir('fixture', 'faqbot-editing-app-');
    kb = await tempDir('faqbot-editing-kb-');
    for (const e of FIXTURE_ENTRIES) await writeFile(path.join(kb.dir, `${e.id}.md`), serializeEntryMarkdown(e));
    app = await start();
  }, 300_000);
  afterAll(async () => {
    await app?.close();
    await data?.cleanup();
    await kb?.cleanup();
  });

  it('publishes an edit that the chat then answers, and keeps it across a restart', async () => {
    let cookie = await signIn();
    const list = await call(cookie, 'GET', '/api/admin/entries');
    // The folder's entries and the bundled conversation (small talk) entries published with them.
    const conversation = (await loadConversationEntries()).map((e) => e.id);
    expect(list.body.entries.map((e: { id: string }) => e.id).sort()).toEqual([...FIXTURE_ENTRIES.map((e) => e.id), ...conversation].sort());
    expect((await call(cookie, 'POST', '/api/admin/entries', { entry: giftWrap })).status).toBe(201);
    const started = await call(cookie, 'POST', '/api/admin/publish', { note: 'gift wrapping' });
    expect(started.status).toBe(202);
    await app.admin.editing!.publisher.wait(started.body.job.id);
    expect(await ask('Do you offer gift wrapping?')).toBe('gift-wrap');
    const version = app.knowledge.version;

    await app.close();
    app = await start();
    expect(app.knowledge.version).toBe(version);
    expect(await ask('Do you offer gift wrapping?')).toBe('gift-wrap');
    cookie = await signIn();
    expect((await call(cookie, 'GET', '/api/admin/changes')).body).toMatchObject({ added: [], changed: [], removed: [] });
    expect((await call(cookie, 'GET', '/api/admin/audit?entryId=gift-wrap')).body.events.map((e: { action: string }) => e.action)).toEqual(['entry.create']);
    const doc = await fetch(`${app.url}/api/openapi.json`);
    expect((await doc.json()).paths['/api/admin/entries']).toBeDefined();
  }, 300_000);
  it('serves the shared DOM helpers: window.FaqDom for the analytics screen, an ES module for the editor', async () => {
    const script = await fetch(`${app.url}/assets/dom.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(await script.text()).toContain('FaqDom');
    const analytics = await (await fetch(`${app.url}/admin/analytics.html`)).text();
    const shared = analytics.indexOf('<script src="/assets/dom.js"');
    expect(shared).toBeGreaterThan(-1);
    expect(analytics.indexOf('/admin/analytics.js')).toBeGreaterThan(shared);
    const module = await fetch(`${app.url}/admin/shared.js`);
    expect(module.status).toBe(200);
    expect(await module.text()).toMatch(/export\s*\{/);
  });
});
