import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knowledgeHarness, type KnowledgeHarness } from './test-support.ts';

const giftWrap = {
  id: 'gift-wrap', tags: ['gifts'], related: [], status: 'published',
  variants: [{ lang: 'en', question: 'Can you gift-wrap my order?', alternates: ['Do you offer gift wrapping?', 'Can I get my present wrapped?'], answer: 'Yes, tick **Gift wrap** at checkout.' }],
};
const topEntry = async (h: KnowledgeHarness, text: string) => (await h.knowledge.match(text, 'en')).candidates[0]?.entryId;

describe('publishing, versions and rollback', () => {
  let h: KnowledgeHarness;
  let editor: string;

  beforeAll(async () => {
    h = await knowledgeHarness();
    editor = h.cookies.editor;
  }, 300_000);
  afterAll(() => h?.close());

  it('publishes the drafts as a new version in the background, embedding only the new texts', async () => {
    expect((await h.call('POST', '/api/admin/entries', { cookie: editor, body: { entry: giftWrap } })).status).toBe(201);
    expect(await topEntry(h, 'Do you offer gift wrapping?')).not.toBe('gift-wrap');
    const computed = h.embeddings.computed;

    const res = await h.call('POST', '/api/admin/publish', { cookie: editor, body: { note: 'gift wrapping' } });
    expect(res.status).toBe(202);
    expect(res.body.job).toMatchObject({ state: 'running', note: 'gift wrapping', actor: { email: expect.stringContaining('editor') } });
    expect(res.headers.get('location')).toBe(`/api/admin/publish/${res.body.job.id}`);
    // Until the new version is live, the bot answers from the old one.
    expect(h.knowledge.version).toBe(1);

    const job = await h.admin.editing!.publisher.wait(res.body.job.id);
    expect(job).toMatchObject({ state: 'done', phase: 'done', result: { version: 2, entries: 7 } });
    expect(job.total).toBe(job.done);
    expect(job.total).toBeGreaterThan(0);
    const polled = await h.call('GET', `/api/admin/publish/${job.id}`, { cookie: h.cookies.analyst });
    expect(polled.body.job).toMatchObject({ state: 'done', result: { version: 2 } });
    // Four new texts (question, two alternates and the probe calibration asks from its answer);
    // everything else came from the cache.
    expect(h.embeddings.computed - computed).toBe(4);

    expect(h.knowledge.version).toBe(2);
    expect(await topEntry(h, 'Do you offer gift wrapping?')).toBe('gift-wrap');
    expect((await h.call('GET', '/api/admin/changes', { cookie: editor })).body).toMatchObject({ added: [], changed: [], removed: [], liveVersion: 2 });
    const audit = (await h.call('GET', '/api/admin/audit?entryId=v2', { cookie: editor })).body.events;
    expect(audit).toMatchObject([{ action: 'publish', before: { version: 1 }, after: { version: 2, note: 'gift wrapping', added: ['gift-wrap'] } }]);
  }, 120_000);

  it('runs one publish at a time (409 for the second)', async () => {
    const [a, b] = await Promise.all([
      h.call('POST', '/api/admin/publish', { cookie: editor, body: {} }),
      h.call('POST', '/api/admin/publish', { cookie: h.cookies.admin, body: {} }),
    ]);
    expect([a.status, b.status].sort()).toEqual([202, 409]);
    const refused = a.status === 409 ? a : b;
    expect(refused.body.error).toBe('publish_running');
    const started = a.status === 202 ? a : b;
    expect((await h.admin.editing!.publisher.wait(started.body.job.id)).state).toBe('done');
  }, 120_000);

  it('reports a failed publish and leaves the live version as it was', async () => {
    const drafts = h.admin.editing!.drafts;
    const before = await drafts.entries();
    // Every entry a draft: nothing the bot could answer with.
    await drafts.replaceAll(before.map((e) => ({ ...e, status: 'draft' })), { id: 'test', email: 'test@example.test' }, 'import');
    const live = h.knowledge.version;
    const job = await h.publish(editor);
    expect(job).toMatchObject({ state: 'failed', phase: 'failed', error: expect.stringContaining('nothing to publish') });
    expect(h.knowledge.version).toBe(live);
    expect(await topEntry(h, 'Do you offer gift wrapping?')).toBe('gift-wrap');
    await drafts.replaceAll(before, { id: 'test', email: 'test@example.test' }, 'import');
  }, 120_000);

  it('lists versions newest first with the live one marked', async () => {
    const res = await h.call('GET', '/api/admin/versions', { cookie: h.cookies.analyst });
    expect(res.body.live).toBe(3);
    expect(res.body.versions.map((v: any) => [v.version, v.live])).toEqual([[3, true], [2, false], [1, false]]);
    expect(res.body.versions[1]).toMatchObject({ note: 'gift wrapping', entries: 7 });
    expect(Date.parse(res.body.versions[0].createdAt)).not.toBeNaN();
  });

  it('rolls back to an earlier version: live as a new version, and the drafts become its entries', async () => {
    const res = await h.call('POST', '/api/admin/versions/1/rollback', { cookie: editor, body: {} });
    expect(res).toMatchObject({ status: 200, body: { version: 4 } });
    expect(h.knowledge.version).toBe(4);
    expect(await topEntry(h, 'Do you offer gift wrapping?')).not.toBe('gift-wrap');
    expect((await h.call('GET', '/api/admin/entries/gift-wrap', { cookie: editor })).status).toBe(404);
    expect((await h.call('GET', '/api/admin/changes', { cookie: editor })).body).toMatchObject({ added: [], changed: [], removed: [] });
    const audit = (await h.call('GET', '/api/admin/audit?limit=5', { cookie: editor })).body.events;
    expect(audit[0]).toMatchObject({ action: 'rollback', entityId: 'v4', after: { version: 4, from: 1, removed: ['gift-wrap'] } });
    expect(audit.some((e: any) => e.action === 'rollback' && e.entityId === 'gift-wrap' && e.before?.id === 'gift-wrap')).toBe(true);
    // Rolling forward again is a rollback too: nothing is ever lost.
    expect((await h.call('POST', '/api/admin/versions/2/rollback', { cookie: editor, body: {} })).body).toEqual({ version: 5 });
    expect(await topEntry(h, 'Do you offer gift wrapping?')).toBe('gift-wrap');
    expect((await h.call('GET', '/api/admin/entries/gift-wrap', { cookie: editor })).status).toBe(200);
  }, 120_000);

  it('refuses malformed publish and rollback calls', async () => {
    expect((await h.call('POST', '/api/admin/versions/99/rollback', { cookie: editor, body: {} })).status).toBe(404);
    expect((await h.call('POST', '/api/admin/versions/abc/rollback', { cookie: editor, body: {} })).status).toBe(404);
    expect((await h.call('POST', '/api/admin/versions/1/rollback', { cookie: editor, body: { force: true } })).status).toBe(400);
    expect((await h.call('POST', '/api/admin/publish', { cookie: editor, body: { note: 42 } })).status).toBe(400);
    expect((await h.call('POST', '/api/admin/publish', { cookie: editor, body: { note: 'x'.repeat(501) } })).status).toBe(400);
    expect((await h.call('POST', '/api/admin/publish', { cookie: editor, body: 'note=x', headers: { 'content-type': 'text/plain' } })).status).toBe(415);
    expect((await h.call('GET', '/api/admin/publish/unknown-job', { cookie: editor })).status).toBe(404);
    expect(h.knowledge.version).toBe(5);
  });
});
