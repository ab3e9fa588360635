import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleHarness, type ConsoleHarness } from '../test-support.ts';
import { readEvents } from '../../analytics/index.ts';

/**
 * The analytics API over events the real bot and desk wrote: a customer answered (and voting the
 * answer helpful), one asking for a person (claimed, answered, resolved, rated 5).
 */
describe('analytics API', () => {
  let h: ConsoleHarness;
  let analyst: string;
  let agentCookie: string;
  const today = new Date().toISOString().slice(0, 10);
  const range = `from=${today}&to=${today}`;

  beforeAll(async () => {
    h = await consoleHarness();
    const a = await h.user('analyst');
    analyst = await h.signIn(a.email, a.password);
    const ag = await h.user('agent');
    agentCookie = await h.signIn(ag.email, ag.password);
    const agent = (await h.admin.users.byId(ag.id))!;

    const answered = await h.customer('alice', 'How do I return a parcel?');
    const answer = answered.replies.find((m) => m.entryId)!;
    await h.admin.recordFeedback({ conversationId: answered.conversationId, messageId: answer.id, helpful: true });

    const handed = await h.customer('bob', 'I want to talk to a person');
    expect(handed.handoff).toBe(true);
    await h.admin.desk.claim(handed.conversationId, agent);
    await h.admin.desk.reply(handed.conversationId, agent, 'Hello Bob, how can I help?');
    await h.admin.desk.resolve(handed.conversationId, agent, { askRating: true });
    await h.customer('bob', '5');
  }, 120_000);
  afterAll(() => h?.close());

  it('the bot and the desk wrote their events with the facts', async () => {
    const events = await readEvents(h.db, ['conversation.started', 'bot.decision', 'handoff.requested', 'handoff.claimed', 'agent.replied', 'handoff.resolved', 'rating', 'feedback'],
      new Date(Date.now() - 3_600_000), new Date(Date.now() + 60_000));
    expect(events.map((e) => e.kind)).toEqual(['conversation.started', 'bot.decision', 'feedback', 'conversation.started', 'bot.decision', 'handoff.requested',
      'handoff.claimed', 'agent.replied', 'handoff.resolved', 'rating']);
    expect(events[1]).toMatchObject({ entryId: 'return-an-item', data: { zone: 'answer' }, channel: 'test' });
    expect(events[5]!.data).toEqual({ reason: 'asked-for-human' });
    expect(events[9]!.data).toMatchObject({ score: 5 });
  });

  it('serves the report to an analyst, with the figures of that history', async () => {
    const res = await h.call('GET', `/api/admin/analytics/report?${range}`, { cookie: analyst });
    expect(res.status).toBe(200);
    const t = res.body.totals;
    expect(t.conversations).toBe(2);
    expect(t.containment).toMatchObject({ k: 1, n: 2, small: true });
    expect(t.handoffRate.byReason['asked-for-human']).toMatchObject({ k: 1, n: 2 });
    expect(t.csat).toMatchObject({ ratings: 1, average: 5, answerVotes: { k: 1, n: 1 } });
    expect(t.firstResponse.calendar.n).toBe(1);
    expect(t.funnel).toEqual([{ step: 'questions', value: 2 }, { step: 'answered', value: 1 }, { step: 'helpful', value: 1 }]);
    expect(res.body.byChannel.map((c: { channel: string }) => c.channel)).toEqual(['test']);
    expect(res.body.topEntries[0]).toMatchObject({ entryId: 'return-an-item', asked: 1 });
  });

  it('refuses an agent (no analytics permission) and anyone signed out', async () => {
    expect((await h.call('GET', `/api/admin/analytics/report?${range}`, { cookie: agentCookie })).status).toBe(403);
    expect((await h.call('GET', `/api/admin/analytics/report?${range}`)).status).toBe(401);
  });

  it('refuses a bad range', async () => {
    const res = await h.call('GET', '/api/admin/analytics/report?from=2026-01-10&to=2026-01-01', { cookie: analyst });
    expect(res.status).toBe(400);
    expect((await h.call('GET', '/api/admin/analytics/report?from=yesterday', { cookie: analyst })).status).toBe(400);
  });

  it('lists the conversations behind a figure, and opens one with its transcript', async () => {
    const res = await h.call('GET', `/api/admin/analytics/conversations?${range}&show=reason:asked-for-human`, { cookie: analyst });
    expect(res.status).toBe(200);
    expect(res.body.conversations).toHaveLength(1);
    const row = res.body.conversations[0];
    expect(row).toMatchObject({ handoffReason: 'asked-for-human', rating: 5, contained: false });
    const one = await h.call('GET', `/api/admin/analytics/conversations/${row.id}`, { cookie: analyst });
    expect(one.status).toBe(200);
    expect(one.body.transcript.map((m: { role: string; text: string }) => m.role)).toContain('agent');
    expect(one.body.transcript.some((m: { text: string }) => m.text === 'Hello Bob, how can I help?')).toBe(true);
    expect((await h.call('GET', '/api/admin/analytics/conversations/999999', { cookie: analyst })).status).toBe(404);
    const contained = await h.call('GET', `/api/admin/analytics/conversations?${range}&show=entry:return-an-item`, { cookie: analyst });
    expect(contained.body.conversations.map((c: { contained: boolean }) => c.contained)).toEqual([true]);
  });

  it('exports every table as CSV, and one row per conversation', async () => {
    for (const table of ['summary', 'channels', 'languages', 'daily', 'top-entries', 'failing-entries']) {
      const res = await h.call('GET', `/api/admin/analytics/export/${table}.csv?${range}`, { cookie: analyst });
      expect(res.status, table).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(String(res.body).split('\r\n')[0]!.length, table).toBeGreaterThan(3);
    }
    const summary = String((await h.call('GET', `/api/admin/analytics/export/summary.csv?${range}`, { cookie: analyst })).body).split('\r\n');
    expect(summary[0]).toBe('group,metric,value,k,n,low,high,small');
    expect(summary).toContain('all,conversations,2,,,,,false');
    const conv = String((await h.call('GET', `/api/admin/analytics/export/conversations.csv?${range}`, { cookie: analyst })).body).trim().split('\r\n');
    expect(conv).toHaveLength(3);
    expect(conv[0]!.split(',')).toContain('durable');
    expect((await h.call('GET', `/api/admin/analytics/export/secrets.csv?${range}`, { cookie: analyst })).status).toBe(404);
  });
});
