import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knowledgeHarness, type KnowledgeHarness } from './test-support.ts';

const entry = { id: 'perm-entry', tags: [], related: [], status: 'published', variants: [{ lang: 'en', question: 'Q?', alternates: [], answer: 'A.' }] };

/** Every knowledge read, with a query that would be valid. */
export const KNOWLEDGE_READS: Array<[string, string, unknown?]> = [
  ['GET', '/api/admin/entries'],
  ['GET', '/api/admin/entries/return-an-item'],
  ['GET', '/api/admin/changes'],
  ['GET', '/api/admin/audit'],
  ['GET', '/api/admin/versions'],
  ['GET', '/api/admin/publish/some-job'],
  ['GET', '/api/admin/export?format=json'],
  ['POST', '/api/admin/preview', { markdown: '**x**' }],
];
/** Every knowledge write, with a body that would be valid for an editor. */
export const KNOWLEDGE_WRITES: Array<[string, string, unknown?]> = [
  ['POST', '/api/admin/entries', { entry }],
  ['PUT', '/api/admin/entries/return-an-item', { entry: { ...entry, id: 'return-an-item' }, revision: 1 }],
  ['DELETE', '/api/admin/entries/return-an-item?revision=1'],
  ['POST', '/api/admin/publish', {}],
  ['POST', '/api/admin/versions/1/rollback', {}],
  ['POST', '/api/admin/import/preview', { format: 'json', content: '[]' }],
  ['POST', '/api/admin/import/apply', { format: 'json', content: '[]' }],
];

describe('knowledge API permissions', () => {
  let h: KnowledgeHarness;

  beforeAll(async () => {
    h = await knowledgeHarness();
  }, 300_000);
  afterAll(() => h?.close());

  it.each([...KNOWLEDGE_READS, ...KNOWLEDGE_WRITES])('refuses %s %s without a session (401)', async (method, path, body?: unknown) => {
    const res = await h.call(method, path, { body });
    expect(res).toMatchObject({ status: 401, body: { error: 'unauthenticated' } });
    expect((await h.call(method, path, { body, cookie: 'faqbot_session=forged' })).status).toBe(401);
  });

  it('refuses an agent every knowledge read and write (403), and changes nothing', async () => {
    const before = await h.admin.editing!.drafts.changeMark();
    for (const [method, path, body] of [...KNOWLEDGE_READS, ...KNOWLEDGE_WRITES]) {
      const res = await h.call(method, path, { body, cookie: h.cookies.agent });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.error).toBe('forbidden');
    }
    expect(await h.admin.editing!.drafts.changeMark()).toBe(before);
    expect(h.knowledge.version).toBe(1);
  });

  it('lets an analyst read everything but refuses every write (403), changing nothing', async () => {
    for (const [method, path, body] of KNOWLEDGE_READS) {
      const res = await h.call(method, path, { body, cookie: h.cookies.analyst });
      // The job id is unknown: 404 shows the analyst got past the permission check.
      expect(res.status, `${method} ${path}`).toBe(path.includes('some-job') ? 404 : 200);
    }
    const before = await h.admin.editing!.drafts.changeMark();
    for (const [method, path, body] of KNOWLEDGE_WRITES) {
      const res = await h.call(method, path, { body, cookie: h.cookies.analyst });
      expect(res.status, `${method} ${path}`).toBe(403);
    }
    expect(await h.admin.editing!.drafts.changeMark()).toBe(before);
    expect(h.knowledge.version).toBe(1);
    expect((await h.call('GET', '/api/admin/audit', { cookie: h.cookies.analyst })).body.events.map((e: any) => e.action)).toEqual(['seed']);
  });

  it('refuses an agent every knowledge route of the OpenAPI document, and an analyst every change (the inbox and test console too)', async () => {
    const doc = (await h.call('GET', '/api/openapi.json')).body;
    // Sign-in, accounts and the agent console are in the document too: those are the agent's own.
    const agentsOwn = (op: { tags?: string[] }) => (op.tags ?? []).some((t) => t === 'accounts' || t === 'console');
    // A customer's data (export, erasure) is for admins alone: refused to analysts even to read.
    const adminsOnly = (op: { tags?: string[] }) => (op.tags ?? []).includes('privacy');
    const routes = Object.entries(doc.paths as Record<string, Record<string, { tags?: string[] }>>).flatMap(([p, item]) =>
      Object.entries(item).filter(([m, op]) => m !== 'parameters' && !agentsOwn(op)).map(([m, op]) => [m.toUpperCase(), p.replace(/\{\w+\}/g, 'x'), adminsOnly(op)] as const));
    expect(routes.length).toBeGreaterThan(KNOWLEDGE_READS.length + KNOWLEDGE_WRITES.length);
    const before = await h.admin.editing!.drafts.changeMark();
    for (const [method, path, forAdmins] of routes) {
      const body = method === 'GET' || method === 'DELETE' ? undefined : {};
      expect((await h.call(method, path, { body, cookie: h.cookies.agent })).status, `agent: ${method} ${path}`).toBe(403);
      // The test console, the preview and the publish preview change nothing (reads, by the contract); every other POST/PUT/DELETE does.
      const refused = forAdmins || (method !== 'GET' && !['/api/admin/test', '/api/admin/preview', '/api/admin/publish-preview'].includes(path));
      const analyst = await h.call(method, path, { body, cookie: h.cookies.analyst });
      if (refused) expect(analyst.status, `analyst: ${method} ${path}`).toBe(403);
      else expect(analyst.status, `analyst: ${method} ${path}`).not.toBe(403);
    }
    expect(await h.admin.editing!.drafts.changeMark()).toBe(before);
  });

  it('lets an editor write', async () => {
    const res = await h.call('POST', '/api/admin/entries', { cookie: h.cookies.editor, body: { entry } });
    expect(res.status).toBe(201);
  });
});
