import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgres, requireRedis, TEST_REDIS_URL } from '../../app/test-support.ts';
import { migrate, openPostgres, type Database } from '../../bot/index.ts';
import { knowledgeHarness, type KnowledgeHarness } from './test-support.ts';

const REDIS_URL = TEST_REDIS_URL;
// Without the server, say so before any test tries to connect.
beforeAll(requireRedis);

const giftWrap = {
  id: 'gift-wrap', tags: [], related: [], status: 'published',
  variants: [{ lang: 'en', question: 'Can you gift-wrap my order?', alternates: ['Do you offer gift wrapping?'], answer: 'Yes, tick **Gift wrap** at checkout.' }],
};

/** Wait for a condition another instance brings about (over Redis): polls, fails after a minute. */
async function eventually(test: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await test()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting until ${what}`);
}

const answers = async (h: KnowledgeHarness, text: string) => (await h.knowledge.match(text, 'en')).candidates[0]?.entryId;

describe('several instances answer from the same content', () => {
  let pg: Awaited<ReturnType<typeof freshPostgres>>;
  const extraDbs: Database[] = [];
  let a: KnowledgeHarness;
  let b: KnowledgeHarness;
  const redisChannel = `faqbot:test:${Date.now()}:${Math.random().toString(36).slice(2)}`;

  beforeAll(async () => {
    pg = await freshPostgres();
    await migrate(pg.db);
    const second = await openPostgres(pg.url);
    extraDbs.push(second);
    // Two machines: one database and one Redis, each with its own knowledge-base folder.
    a = await knowledgeHarness(undefined, { db: pg.db, redisUrl: REDIS_URL, redisChannel });
    b = await knowledgeHarness(undefined, { db: second, redisUrl: REDIS_URL, redisChannel });
  }, 300_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    for (const db of extraDbs) await db.close();
    await pg?.cleanup();
  });

  it('switches the other instance to a version published on one, without a restart', async () => {
    expect((await a.call('POST', '/api/admin/entries', { cookie: a.cookies.editor, body: { entry: giftWrap } })).status).toBe(201);
    // The drafts are shared: the other instance sees the new entry at once.
    expect((await b.call('GET', '/api/admin/entries/gift-wrap', { cookie: b.cookies.editor })).status).toBe(200);
    const job = await a.publish(a.cookies.editor, 'gift wrapping');
    expect(job.state).toBe('done');
    expect(await answers(a, 'Do you offer gift wrapping?')).toBe('gift-wrap');
    await eventually(() => b.knowledge.sourceHash === a.knowledge.sourceHash, 'instance B has the new content');
    expect(await answers(b, 'Do you offer gift wrapping?')).toBe('gift-wrap');
    expect((await b.call('GET', '/api/admin/changes', { cookie: b.cookies.editor })).body).toMatchObject({ added: [], changed: [], removed: [] });
  }, 120_000);

  it('switches every instance back when one rolls back', async () => {
    const res = await b.call('POST', '/api/admin/versions/1/rollback', { cookie: b.cookies.editor, body: {} });
    expect(res.status).toBe(200);
    expect(await answers(b, 'Do you offer gift wrapping?')).not.toBe('gift-wrap');
    await eventually(async () => (await answers(a, 'Do you offer gift wrapping?')) !== 'gift-wrap', 'instance A rolled back too');
    expect(a.knowledge.entries().map((e) => e.id)).not.toContain('gift-wrap');
  }, 120_000);

  it('brings an instance started later up to the latest release', async () => {
    const late = { ...giftWrap, id: 'late-entry', variants: [{ lang: 'en', question: 'Do you sell gift cards?', alternates: ['Can I buy a voucher?'], answer: 'Yes, from 10 EUR.' }] };
    expect((await a.call('POST', '/api/admin/entries', { cookie: a.cookies.editor, body: { entry: late } })).status).toBe(201);
    expect((await a.publish(a.cookies.editor, 'gift cards')).state).toBe('done');
    const third = await openPostgres(pg.url);
    extraDbs.push(third);
    const c = await knowledgeHarness(undefined, { db: third });
    try {
      await c.admin.editing!.sync.catchUp();
      expect(c.knowledge.version).toBe(2); // its own first version, then the release it caught up with
      expect(c.knowledge.sourceHash).toBe(a.knowledge.sourceHash);
      expect(await answers(c, 'Can I buy a voucher?')).toBe('late-entry');
      expect(c.knowledge.entries().map((e) => e.id).sort()).toEqual(a.knowledge.entries().map((e) => e.id).sort());
    } finally {
      await c.close();
    }
  }, 300_000);
});
