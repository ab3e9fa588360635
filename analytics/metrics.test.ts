import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPglite, freshPostgres } from '../app/test-support.ts';
import { BusinessHours, migrate, type Database } from '../bot/index.ts';
import {
  analyticsReport, containment, conversations, csat, decisionShares, durableContainment, failingEntries, firstResponseTime, handoffRate, helpCenter,
  listVisits, readCells, readDaily, readEntryFigures, recordEvent, splitRange, refreshRollups, resolutionTime, sumCounters, topAskedEntries, wilson, type AnalyticsEvent,
} from './index.ts';

/**
 * A hand-built week with known answers. Opening hours: Monday to Friday 09:00–17:00 UTC.
 * - a1 (web): answered, helpful vote. Contained, durable.
 * - b1 (web) and b2 (SMS), the same customer on two linked channels 4 h apart: b1 is contained
 *   but not durably (the customer came back); b2 is answered, rephrased (clarify), handed off
 *   (repeated failure), answered by an agent after 10 min, resolved after 28 min, rated 4.
 * - c1 (WhatsApp, Polish): asked for a person on Friday 16:30:10; the agent answered on Monday
 *   09:15 (2 days 16 h 44 min 50 s in calendar time, 29 min 50 s + 15 min in business hours); rated 2.
 * - d1 (web): answered, "not helpful" vote; d2 two days later (not a return): small talk.
 */
const t = (s: string) => new Date(`2026-03-${s}Z`);
const HISTORY: AnalyticsEvent[] = [
  { kind: 'conversation.started', at: t('02T10:00:00'), conversationId: 'conv-a', customerId: 'cust-a', channel: 'web', lang: 'en' },
  { kind: 'bot.decision', at: t('02T10:00:05'), conversationId: 'conv-a', channel: 'web', lang: 'en', entryId: 'returns', data: { zone: 'answer', confidence: 0.9 } },
  { kind: 'feedback', at: t('02T10:01:00'), conversationId: 'conv-a', channel: 'web', lang: 'en', entryId: 'returns', data: { helpful: true } },

  { kind: 'conversation.started', at: t('02T11:00:00'), conversationId: 'conv-b', customerId: 'cust-b', channel: 'web', lang: 'en' },
  { kind: 'bot.decision', at: t('02T11:00:05'), conversationId: 'conv-b', channel: 'web', lang: 'en', entryId: 'shipping', data: { zone: 'answer' } },
  { kind: 'conversation.started', at: t('02T15:00:00'), conversationId: 'conv-b', customerId: 'cust-b', channel: 'sms', lang: 'en' },
  { kind: 'bot.decision', at: t('02T15:00:05'), conversationId: 'conv-b', channel: 'sms', lang: 'en', entryId: 'shipping', data: { zone: 'answer' } },
  { kind: 'bot.decision', at: t('02T15:01:00'), conversationId: 'conv-b', channel: 'sms', lang: 'en', data: { zone: 'clarify' } },
  { kind: 'bot.decision', at: t('02T15:02:00'), conversationId: 'conv-b', channel: 'sms', lang: 'en', data: { zone: 'handoff', reason: 'repeated-failure' } },
  { kind: 'handoff.requested', at: t('02T15:02:00'), conversationId: 'conv-b', customerId: 'cust-b', channel: 'sms', lang: 'en', data: { reason: 'repeated-failure' } },
  { kind: 'handoff.claimed', at: t('02T15:10:00'), conversationId: 'conv-b', channel: 'sms', lang: 'en' },
  { kind: 'agent.replied', at: t('02T15:12:00'), conversationId: 'conv-b', channel: 'sms', lang: 'en' },
  { kind: 'agent.replied', at: t('02T15:20:00'), conversationId: 'conv-b', channel: 'sms', lang: 'en' },
  { kind: 'handoff.resolved', at: t('02T15:30:00'), conversationId: 'conv-b', channel: 'sms', lang: 'en' },
  { kind: 'rating', at: t('02T15:31:00'), conversationId: 'conv-b', channel: 'sms', lang: 'en', data: { score: 4 } },

  { kind: 'conversation.started', at: t('03T09:00:00'), conversationId: 'conv-d', customerId: 'cust-d', channel: 'web', lang: 'en' },
  { kind: 'bot.decision', at: t('03T09:00:05'), conversationId: 'conv-d', channel: 'web', lang: 'en', entryId: 'returns', data: { zone: 'answer' } },
  { kind: 'feedback', at: t('03T09:02:00'), conversationId: 'conv-d', channel: 'web', lang: 'en', entryId: 'returns', data: { helpful: false } },
  { kind: 'conversation.started', at: t('05T09:00:00'), conversationId: 'conv-d', customerId: 'cust-d', channel: 'web', lang: 'en' },
  { kind: 'bot.decision', at: t('05T09:00:05'), conversationId: 'conv-d', channel: 'web', lang: 'en', entryId: 'hello', data: { zone: 'conversation' } },

  { kind: 'conversation.started', at: t('06T16:30:00'), conversationId: 'conv-c', customerId: 'cust-c', channel: 'whatsapp', lang: 'pl' },
  { kind: 'bot.decision', at: t('06T16:30:10'), conversationId: 'conv-c', channel: 'whatsapp', lang: 'pl', data: { zone: 'handoff', reason: 'asked-for-human' } },
  { kind: 'handoff.requested', at: t('06T16:30:10'), conversationId: 'conv-c', customerId: 'cust-c', channel: 'whatsapp', lang: 'pl', data: { reason: 'asked-for-human' } },
  { kind: 'handoff.claimed', at: t('09T09:10:00'), conversationId: 'conv-c', channel: 'whatsapp', lang: 'pl' },
  { kind: 'agent.replied', at: t('09T09:15:00'), conversationId: 'conv-c', channel: 'whatsapp', lang: 'pl' },
  { kind: 'handoff.resolved', at: t('09T09:45:00'), conversationId: 'conv-c', channel: 'whatsapp', lang: 'pl' },
  { kind: 'rating', at: t('09T09:46:00'), conversationId: 'conv-c', channel: 'whatsapp', lang: 'pl', data: { score: 2 } },

  { kind: 'help.view', at: t('04T12:00:00'), lang: 'pl', entryId: 'returns' },
  { kind: 'help.search', at: t('04T12:01:00'), lang: 'pl', data: { query: 'zwrot', results: 3, matched: true } },
  { kind: 'help.search', at: t('04T12:02:00'), lang: 'pl', data: { query: 'faktura vat', results: 0, matched: false } },
  { kind: 'help.vote', at: t('04T12:03:00'), lang: 'pl', entryId: 'returns', data: { helpful: false, reason: 'za krótko' } },
];
const WEEK = { from: '2026-03-01', to: '2026-03-10' };
const hours = BusinessHours.parse('mon-fri 09:00-17:00', 'UTC');

async function load(db: Database, split = HISTORY.length): Promise<void> {
  for (const table of ['analytics_events', 'analytics_conversations', 'analytics_daily', 'analytics_daily_entries', 'analytics_monthly', 'analytics_monthly_entries', 'analytics_rollup_state']) {
    await db.query(`delete from ${table}`);
  }
  for (const e of HISTORY.slice(0, split)) await recordEvent(db, e);
  await refreshRollups(db, { hours, batchSize: 7 });
  for (const e of HISTORY.slice(split)) await recordEvent(db, e);
  await refreshRollups(db, { hours, batchSize: 5 });
}

describe('analytics metrics on a hand-built history', () => {
  let db: Database;
  beforeAll(async () => {
    db = (await freshPglite()).db;
    await migrate(db);
    await load(db);
  });
  afterAll(() => db.close());
  const counters = async (f: Partial<typeof WEEK> & { channel?: string; lang?: string } = {}) => sumCounters(await readDaily(db, { ...WEEK, ...f }));

  it('counts conversations (visits) and containment', async () => {
    const c = await counters();
    expect(conversations(c)).toBe(6);
    expect(containment(c)).toMatchObject({ k: 4, n: 6, value: 4 / 6, small: true });
  });

  it('durable containment: a return on another linked channel within 24 h undoes it, one two days later does not', async () => {
    const c = await counters();
    expect(durableContainment(c)).toMatchObject({ k: 3, n: 6 });
    const web = await counters({ channel: 'web' });
    expect(durableContainment(web)).toMatchObject({ k: 3, n: 4 });
    const returned = await listVisits(db, WEEK, 'returned');
    expect(returned.map((v) => [v.channel, v.startedAt])).toEqual([['web', '2026-03-02T11:00:00.000Z']]);
  });

  it('handoff rate by reason and the share of decisions', async () => {
    const c = await counters();
    const h = handoffRate(c);
    expect(h.total).toMatchObject({ k: 2, n: 6 });
    expect(h.byReason['repeated-failure']).toMatchObject({ k: 1, n: 6 });
    expect(h.byReason['asked-for-human']).toMatchObject({ k: 1, n: 6 });
    expect(h.byReason.keyword).toMatchObject({ k: 0, n: 6 });
    const d = decisionShares(c);
    expect(d.answer).toMatchObject({ k: 4, n: 8 });
    expect(d.clarify).toMatchObject({ k: 1, n: 8 });
    expect(d.handoff).toMatchObject({ k: 2, n: 8 });
    expect(d.conversation).toMatchObject({ k: 1, n: 8 });
  });

  it('first response and resolution, in calendar time and in business hours (exact on a small range)', async () => {
    const report = await analyticsReport(db, WEEK);
    expect(report.exactLatencies).toBe(true);
    const frt = report.totals.firstResponse;
    expect(frt.calendar).toMatchObject({ n: 2, medianS: 600, p90S: 2 * 86_400 + 16 * 3600 + 44 * 60 + 50, exact: true, small: true });
    expect(frt.business).toMatchObject({ n: 2, medianS: 600, p90S: 29 * 60 + 50 + 15 * 60 });
    const res = report.totals.resolution;
    expect(res.calendar.medianS).toBe(28 * 60);
    expect(res.business.p90S).toBe(29 * 60 + 50 + 45 * 60);
    // The histogram path agrees within its bucket resolution.
    const fromHistogram = firstResponseTime(await counters());
    expect(fromHistogram.business.exact).toBe(false);
    expect(fromHistogram.business.p90S! / 2690).toBeGreaterThan(0.84);
    expect(fromHistogram.business.p90S! / 2690).toBeLessThan(1.16);
    expect(resolutionTime(await counters({ channel: 'sms' })).calendar.n).toBe(1);
  });

  it('CSAT: average and distribution of ratings, helpful votes on answers and on articles', async () => {
    const s = csat(await counters());
    expect(s.ratings).toBe(2);
    expect(s.average).toBe(3);
    expect(s.distribution).toEqual([0, 1, 0, 1, 0]);
    expect(s.satisfied).toMatchObject({ k: 1, n: 2 });
    expect(s.answerVotes).toMatchObject({ k: 1, n: 2 });
    expect(s.articleVotes).toMatchObject({ k: 0, n: 1 });
  });

  it('help center views, searches and searches without a result', async () => {
    expect(helpCenter(await counters({ lang: 'pl' }))).toMatchObject({ views: 1, searches: 2, withoutResult: { k: 1, n: 2 } });
  });

  it('top asked and most failing entries (not helpful, rephrased)', async () => {
    const all = await readEntryFigures(db, WEEK);
    const top = topAskedEntries(all);
    expect(top.map((e) => [e.entryId, e.asked])).toEqual([['returns', 2], ['shipping', 2]]);
    const failing = failingEntries(all);
    expect(failing.map((e) => [e.entryId, e.notHelpful, e.rephrased, e.handedOff])).toEqual([['returns', 1, 0, 0], ['shipping', 0, 1, 0]]);
  });

  it('filters by date range and language', async () => {
    expect(conversations(await counters({ from: '2026-03-03', to: '2026-03-05' }))).toBe(2);
    expect(conversations(await counters({ lang: 'pl' }))).toBe(1);
    const report = await analyticsReport(db, WEEK);
    expect(report.byChannel.map((c) => [c.channel, c.conversations])).toEqual([['web', 4], ['sms', 1], ['whatsapp', 1], ['help', 0]]);
    expect(report.daily.find((d) => d.day === '2026-03-02')).toEqual({ day: '2026-03-02', conversations: 3, contained: 2, durable: 1, handoffs: 1, ratings: 1, helpViews: 0, helpSearches: 0 });
    expect(report.daily.find((d) => d.day === '2026-03-04')).toMatchObject({ conversations: 0, helpViews: 1, helpSearches: 2 });
  });

  it('reads whole months from the monthly rollup, with the same totals as day by day', async () => {
    expect(splitRange('2026-02-15', '2026-04-10')).toEqual({ days: [['2026-02-15', '2026-02-28'], ['2026-04-01', '2026-04-10']], months: ['2026-03-01', '2026-03-01'] });
    expect(splitRange('2026-01-01', '2026-12-31')).toEqual({ days: [], months: ['2026-01-01', '2026-12-01'] });
    expect(splitRange('2026-03-02', '2026-03-20')).toEqual({ days: [['2026-03-02', '2026-03-20']] });
    const wide = { from: '2026-02-15', to: '2026-04-10' };
    const monthly = await readCells(db, wide);
    expect(monthly.every((c) => c.day === '2026-03-01')).toBe(true);
    expect(sumCounters(monthly)).toEqual(sumCounters(await readDaily(db, wide)));
    expect(await readEntryFigures(db, wide)).toEqual(await readEntryFigures(db, WEEK));
  });

  it('paces a background catch-up: after each batch the database is left alone as long as the batch took', async () => {
    const daily = await readDaily(db, WEEK);
    for (const table of ['analytics_conversations', 'analytics_daily', 'analytics_daily_entries', 'analytics_monthly', 'analytics_monthly_entries', 'analytics_rollup_state']) {
      await db.query(`delete from ${table}`);
    }
    // Each batch's transaction takes at least 20 ms, so its pause does too.
    const spans: Array<[number, number]> = [];
    const slow: Database = {
      ...db, query: (sql, params) => db.query(sql, params),
      transaction: async (fn) => {
        const start = performance.now();
        const result = await db.transaction(async (tx) => {
          const r = await fn(tx);
          await new Promise((resolve) => setTimeout(resolve, 20));
          return r;
        });
        spans.push([start, performance.now()]);
        return result;
      },
    };
    expect(await refreshRollups(slow, { hours, batchSize: 8, pace: 1 })).toBe(HISTORY.length);
    expect(spans.length).toBeGreaterThan(3);
    for (let i = 1; i < spans.length; i++) expect(spans[i]![0] - spans[i - 1]![1]).toBeGreaterThanOrEqual(15);
    expect(await readDaily(db, WEEK)).toEqual(daily);
  });

  // Last: it reloads the history.
  it('is the same whichever way the events were batched (incremental rollup)', async () => {
    // Visit ids are event ids, which differ between loads.
    const visitsNow = async () => (await listVisits(db, WEEK)).map(({ id: _id, ...v }) => v);
    const wide = { from: '2026-02-01', to: '2026-03-31' };
    const [daily, visits, monthly] = [await readDaily(db, WEEK), await visitsNow(), await readCells(db, wide)];
    // 5: the customer's return (their second visit) is folded in after their first visit was stored.
    for (const split of [3, 5, 11, 17]) {
      await load(db, split);
      expect(await readDaily(db, WEEK)).toEqual(daily);
      expect(await visitsNow()).toEqual(visits);
      expect(await readCells(db, wide)).toEqual(monthly);
    }
  });

  it('Wilson intervals stay in [0, 1] and mark small samples', () => {
    expect(wilson(0, 10)).toMatchObject({ value: 0, low: 0, small: true });
    expect(wilson(10, 10).high).toBe(1);
    const big = wilson(500, 1000);
    expect(big.small).toBe(false);
    expect(big.low!).toBeCloseTo(0.469, 3);
    expect(big.high!).toBeCloseTo(0.531, 3);
  });
});

describe('analytics on PostgreSQL (scale-out)', () => {
  it('folds the same history into the same figures as PGlite', async () => {
    const pg = await freshPostgres();
    const lite = (await freshPglite()).db;
    try {
      for (const db of [pg.db, lite]) {
        await migrate(db);
        await load(db, 9);
      }
      const [a, b] = [await analyticsReport(pg.db, WEEK), await analyticsReport(lite, WEEK)];
      expect(a.totals).toEqual(b.totals);
      expect(a.byChannel).toEqual(b.byChannel);
      expect(a.failingEntries).toEqual(b.failingEntries);
      expect(a.daily).toEqual(b.daily);
      expect(a.totals.durableContainment).toMatchObject({ k: 3, n: 6 });
      const strip = (rows: Awaited<ReturnType<typeof listVisits>>) => rows.map(({ id: _id, ...v }) => v);
      expect(strip(await listVisits(pg.db, WEEK))).toEqual(strip(await listVisits(lite, WEEK)));
    } finally {
      await lite.close();
      await pg.cleanup();
    }
  });
});
