import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgres, requireRedis, TEST_REDIS_URL } from '../../app/test-support.ts';
import { openPostgres, type Database } from '../../bot/index.ts';
import { consoleHarness, openEvents, type ConsoleHarness } from '../test-support.ts';
import { MemoryBus, redisBus, type ConsoleEvent } from './live.ts';

const REDIS_URL = TEST_REDIS_URL;
// Without the server, say so before any test tries to connect.
beforeAll(requireRedis);

describe('live console events', () => {
  it('reach every subscriber in one process', async () => {
    const bus = new MemoryBus();
    const got: ConsoleEvent[] = [];
    const off = bus.subscribe((e) => got.push(e));
    await bus.publish({ type: 'queued', conversationId: 'c1', at: 'now' });
    off();
    await bus.publish({ type: 'queued', conversationId: 'c2', at: 'now' });
    expect(got.map((e) => e.conversationId)).toEqual(['c1']);
  });

  it('reach every instance through Redis pub/sub', async () => {
    const channel = `faqbot-test:${Date.now()}:${Math.random()}`;
    const a = await redisBus(REDIS_URL, { channel });
    const b = await redisBus(REDIS_URL, { channel });
    const received = new Promise<ConsoleEvent>((resolve) => b.subscribe(resolve));
    await a.publish({ type: 'claimed', conversationId: 'c9', at: new Date().toISOString(), assignee: 'u1' });
    expect(await received).toMatchObject({ type: 'claimed', conversationId: 'c9', assignee: 'u1' });
    await a.close();
    await b.close();
  });
});

/** Two instances on one PostgreSQL database and one Redis: what an agent sees does not depend on which one they hit. */
describe('two console instances on PostgreSQL and Redis', () => {
  let pg: Awaited<ReturnType<typeof freshPostgres>>;
  let dbs: Database[] = [];
  let a: ConsoleHarness;
  let b: ConsoleHarness;

  beforeAll(async () => {
    pg = await freshPostgres();
    dbs = [await openPostgres(pg.url), await openPostgres(pg.url)];
    const redisChannel = `faqbot-test:${Date.now()}:${Math.random()}`;
    // Started together: both try to create the first admin account; exactly one does.
    [a, b] = await Promise.all(dbs.map((db) => consoleHarness({ db, redisUrl: REDIS_URL, redisChannel })));
    expect([a.admin.firstAdmin.created, b.admin.firstAdmin.created].filter(Boolean)).toHaveLength(1);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    for (const db of dbs) await db.close();
    await pg?.cleanup();
  });

  it('shows a handoff made on one instance live on the other, and shares sessions and claims', async () => {
    const agent1 = await a.user('agent', 'Erin');
    const agent2 = await b.user('agent', 'Femi');
    const cookie1 = await a.signIn(agent1.email, agent1.password);
    const cookie2 = await b.signIn(agent2.email, agent2.password);
    // A session made on A is valid on B.
    expect((await b.call('GET', '/api/admin/me', { cookie: cookie1 })).body.user.id).toBe(agent1.id);

    const onB = await openEvents(b.url, cookie2);
    await onB.next((e) => e.event === 'hello');
    const r = await a.customer('scale-1', 'I would like to speak to a person');
    const seen = await onB.next((e) => e.event === 'change' && e.data.type === 'queued');
    expect(seen.data.conversationId).toBe(r.conversationId);
    expect((await b.call('GET', '/api/admin/queue', { cookie: cookie2 })).body.conversations.map((c: any) => c.id)).toContain(r.conversationId);

    // Two agents on two instances claim at once: exactly one wins.
    const [x, y] = await Promise.all([
      a.call('POST', `/api/admin/conversations/${r.conversationId}/claim`, { cookie: cookie1, body: {} }),
      b.call('POST', `/api/admin/conversations/${r.conversationId}/claim`, { cookie: cookie2, body: {} }),
    ]);
    expect([x.status, y.status].sort()).toEqual([200, 409]);
    await onB.next((e) => e.event === 'change' && e.data.type === 'claimed');

    // The customer's next message, handled by A, shows up on B; the bot stays silent.
    const next = await a.customer('scale-1', 'hello? how do I return an item?');
    expect(next.replies).toEqual([]);
    const live = await onB.next((e) => e.event === 'change' && e.data.type === 'message' && e.data.messageId === next.inbound!.id);
    expect(live.data.conversationId).toBe(r.conversationId);
    onB.close();
  });

  it('flags an unclaimed conversation once even when both instances sweep at the same time', async () => {
    const r = await a.customer('scale-2', 'a human please');
    const [fa, fb] = await Promise.all([a.admin.desk.sweep(0), b.admin.desk.sweep(0)]);
    expect([...fa, ...fb].filter((id) => id === r.conversationId)).toHaveLength(1);
    const told = [...a.adapter.sent, ...b.adapter.sent].filter((s) => s.message.conversationId === r.conversationId);
    expect(told).toHaveLength(1);
  });
});
