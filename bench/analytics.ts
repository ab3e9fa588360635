/**
 * Analytics at scale: a synthetic year of conversations (default 10,000 a day) folded into the
 * rollups, then the dashboard's queries timed over ranges from a day to a year. The rollup
 * rows come from the same visitCounters() the live rollup uses, so they are exactly what the
 * events of that history would produce; per-visit rows (for exact percentiles, conversation lists
 * and the per-conversation CSV) are stored for the last `visitDays` days. A second part times the
 * incremental rollup itself on real events. Percentiles of wall time; nothing is asserted.
 */
import { performance } from 'node:perf_hooks';
import {
  analyticsReport, dayOf, listVisits, SERIES_KEYS, recordEvent, refreshRollups, INSERT_VISITS_SQL, visitColumns, visitCounters, type AnalyticsFilter, type Visit,
} from '../analytics/index.ts';
import { BusinessHours, migrate, openPglite, openPostgres, type Database } from '../bot/index.ts';
import { seededRandom } from '../knowledge/index.ts';

export interface AnalyticsBenchOptions {
  days?: number;
  perDay?: number;
  /** Days (most recent) that also get one analytics_conversations row per visit. */
  visitDays?: number;
  /** Runs of each query. */
  runs?: number;
  /** A PostgreSQL URL instead of in-memory PGlite. */
  databaseUrl?: string;
  log?: (line: string) => void;
}

const CHANNELS: Array<[string, number]> = [['webchat', 0.45], ['whatsapp', 0.25], ['sms', 0.12], ['messenger', 0.12], ['msteams', 0.06]];
const LANGS: Array<[string, number]> = [['en', 0.5], ['pl', 0.2], ['de', 0.15], ['ar', 0.1], ['zh', 0.05]];
const REASONS: Array<[string, number]> = [['asked-for-human', 0.45], ['repeated-failure', 0.3], ['low-confidence', 0.15], ['keyword', 0.1]];
const ENTRIES = Array.from({ length: 120 }, (_v, i) => `entry-${String(i).padStart(3, '0')}`);

const pick = <T>(r: () => number, weighted: Array<[T, number]>): T => {
  let x = r();
  for (const [v, w] of weighted) if ((x -= w) < 0) return v;
  return weighted[weighted.length - 1]![0];
};
const logNormal = (r: () => number, median: number, sigma: number) => {
  const z = Math.sqrt(-2 * Math.log(r() || 1e-9)) * Math.cos(2 * Math.PI * r());
  return median * Math.exp(sigma * z);
};

const HEADER = '| what | range | runs | p50 ms | p90 ms | max ms |\n|---|---|---|---|---|---|';

/** Fill the rollups with a synthetic history ending yesterday; returns the first and last day. */
export async function generate(db: Database, o: Required<Pick<AnalyticsBenchOptions, 'days' | 'perDay' | 'visitDays'>>, log: (l: string) => void) {
  // Seeded, so runs are comparable.
  const r = seededRandom(20260101);
  const hours = BusinessHours.parse('mon-fri 08:00-18:00', 'Europe/Warsaw');
  const end = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
  const firstDay = end - o.days * 86_400_000;
  let id = 1;
  let cells = 0;
  let entryRows = 0;
  let visitRows = 0;
  const started = performance.now();
  for (let d = 0; d < o.days; d++) {
    const dayStart = firstDay + d * 86_400_000;
    const daily = new Map<string, Record<string, number>>();
    const entries = new Map<string, number[]>();
    const visits: Visit[] = [];
    for (let i = 0; i < o.perDay; i++) {
      const channel = pick(r, CHANNELS);
      const lang = pick(r, LANGS);
      const startedAt = new Date(dayStart + Math.floor(r() * 86_400_000));
      const handoff = r() < 0.2;
      const answers = Math.floor(r() * 3) + (handoff ? 0 : 1);
      const v: Visit = {
        id: id++, conversationId: `c-${id}`, customerId: `u-${Math.floor(r() * o.perDay * 20)}`, channel, lang, startedAt, lastAt: startedAt,
        messages: answers + 1, answers, clarifies: r() < 0.2 ? 1 : 0, fallbacks: r() < 0.1 ? 1 : 0, smallTalk: r() < 0.3 ? 1 : 0,
        handoffReason: handoff ? pick(r, REASONS) : null, handoffAt: handoff ? startedAt : null, claimedAt: null, firstReplyAt: null, resolvedAt: null,
        firstResponseS: null, firstResponseBhS: null, resolutionS: null, resolutionBhS: null, rating: null,
        returnedAt: !handoff && r() < 0.08 ? new Date(startedAt.getTime() + 3_600_000) : null, lastAnswerEntry: null, lastAnswerAt: null, lastAnswerFailed: false,
      };
      if (handoff && r() < 0.95) {
        const frt = logNormal(r, 420, 1.2);
        const res = frt + logNormal(r, 1500, 1);
        v.firstResponseS = frt;
        v.firstResponseBhS = hours.openMillisBetween(startedAt, new Date(startedAt.getTime() + frt * 1000)) / 1000;
        v.resolutionS = res;
        v.resolutionBhS = hours.openMillisBetween(startedAt, new Date(startedAt.getTime() + res * 1000)) / 1000;
        if (r() < 0.35) v.rating = Math.min(5, Math.max(1, Math.round(4 + (r() - 0.6) * 4)));
      }
      const cell = `${channel}|${lang}`;
      const c = daily.get(cell) ?? {};
      for (const [k, n] of Object.entries(visitCounters(v))) c[k] = (c[k] ?? 0) + n;
      if (r() < 0.15) c[r() < 0.8 ? 'feedback.up' : 'feedback.down'] = (c[r() < 0.8 ? 'feedback.up' : 'feedback.down'] ?? 0) + 1;
      daily.set(cell, c);
      for (let a = 0; a < answers; a++) {
        const entry = ENTRIES[Math.floor(ENTRIES.length * r() * r())]!;
        const key = `${cell}|${entry}`;
        const e = entries.get(key) ?? [0, 0, 0, 0, 0, 0, 0, 0];
        e[0]!++;
        if (r() < 0.05) e[1]!++;
        if (r() < 0.08) e[2]!++;
        if (r() < 0.03) e[3]!++;
        entries.set(key, e);
      }
      if (d >= o.days - o.visitDays) visits.push(v);
    }
    const day = dayOf(new Date(dayStart));
    const dailyRows = [...daily].map(([cell, counts]) => [day, ...cell.split('|'), JSON.stringify(counts)]);
    await db.query(`insert into analytics_daily (day, channel, lang, counts) select d::date, c, l, x::jsonb from unnest($1::text[], $2::text[], $3::text[], $4::text[]) as t(d, c, l, x)`,
      [dailyRows.map((x) => x[0]), dailyRows.map((x) => x[1]), dailyRows.map((x) => x[2]), dailyRows.map((x) => x[3])]);
    cells += dailyRows.length;
    const er = [...entries].map(([k, e]) => [...k.split('|'), e] as const);
    await db.query(`insert into analytics_daily_entries (day, channel, lang, entry_id, asked, not_helpful, rephrased, handed_off)
      select $1::date, c, l, e, a, n, r, h from unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::int[], $8::int[]) as t(c, l, e, a, n, r, h)`,
    [day, er.map((x) => x[0]), er.map((x) => x[1]), er.map((x) => x[2]), er.map((x) => x[3][0]), er.map((x) => x[3][1]), er.map((x) => x[3][2]), er.map((x) => x[3][3])]);
    entryRows += er.length;
    for (let i = 0; i < visits.length; i += 2000) {
      const chunk = visits.slice(i, i + 2000);
      await db.query(INSERT_VISITS_SQL, visitColumns(chunk));
      visitRows += chunk.length;
    }
    if ((d + 1) % 60 === 0) log(`  generated ${d + 1} of ${o.days} days (${Math.round((performance.now() - started) / 1000)} s)`);
  }
  // The series array repeats some counters (as the live rollup writes it).
  await db.query(`update analytics_daily set series = array[${SERIES_KEYS.map((k) => `coalesce((counts->>'${k}')::float8, 0)`).join(', ')}]`);
  // The monthly rollup holds the sums of the daily one (the live rollup writes both from the same deltas).
  await db.query(`insert into analytics_monthly (day, channel, lang, counts)
    select m, channel, lang, jsonb_object_agg(k, s) from (
      select date_trunc('month', day)::date as m, channel, lang, k, sum(v::float8) as s from analytics_daily, jsonb_each_text(counts) as e(k, v) group by 1, 2, 3, 4
    ) t group by m, channel, lang`);
  await db.query(`insert into analytics_monthly_entries (day, channel, lang, entry_id, asked, not_helpful, rephrased, handed_off, helpful, views, votes_up, votes_down)
    select date_trunc('month', day)::date, channel, lang, entry_id, sum(asked), sum(not_helpful), sum(rephrased), sum(handed_off), sum(helpful), sum(views), sum(votes_up), sum(votes_down)
    from analytics_daily_entries group by 1, 2, 3, 4`);
  log(`  history: ${o.days} days × ${o.perDay} conversations = ${(o.days * o.perDay).toLocaleString('en')} conversations; ` +
    `${cells.toLocaleString('en')} daily cells, ${entryRows.toLocaleString('en')} entry rows, ${visitRows.toLocaleString('en')} visit rows (last ${o.visitDays} days); ` +
    `${Math.round((performance.now() - started) / 1000)} s to generate`);
  return { first: dayOf(new Date(firstDay)), last: dayOf(new Date(end - 86_400_000)) };
}

async function time(runs: number, fn: () => Promise<unknown>): Promise<number[]> {
  await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out.sort((a, b) => a - b);
}
const q = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.ceil(p * xs.length) - 1)]!;

/** The incremental rollup on real events: visits of ~6 events each, folded in batches. */
async function rollupThroughput(db: Database, visits: number, log: (l: string) => void) {
  const r = seededRandom(7);
  const base = Date.now() - 3 * 86_400_000;
  let events = 0;
  for (let i = 0; i < visits; i++) {
    const at = (s: number) => new Date(base + i * 20_000 + s * 1000);
    const common = { conversationId: `live-${i}`, channel: pick(r, CHANNELS), lang: pick(r, LANGS) };
    await recordEvent(db, { kind: 'conversation.started', at: at(0), customerId: `lc-${i % 500}`, ...common });
    await recordEvent(db, { kind: 'bot.decision', at: at(2), entryId: ENTRIES[i % 40], data: { zone: 'answer' }, ...common });
    await recordEvent(db, { kind: 'bot.decision', at: at(30), data: { zone: r() < 0.5 ? 'clarify' : 'answer' }, entryId: ENTRIES[i % 7], ...common });
    events += 3;
    if (r() < 0.2) {
      await recordEvent(db, { kind: 'handoff.requested', at: at(40), data: { reason: 'asked-for-human' }, ...common });
      await recordEvent(db, { kind: 'agent.replied', at: at(400), ...common });
      await recordEvent(db, { kind: 'handoff.resolved', at: at(900), ...common });
      events += 3;
    }
  }
  const t = performance.now();
  const folded = await refreshRollups(db, { hours: BusinessHours.parse('mon-fri 08:00-18:00', 'Europe/Warsaw') });
  const s = (performance.now() - t) / 1000;
  log(`  incremental rollup: ${folded} events of ${visits} conversations folded in ${s.toFixed(1)} s = ${Math.round(folded / s)} events/s ` +
    `(10,000 conversations a day write about 50,000 events a day, under 1 event/s on average)`);
  if (events !== folded) log(`  (expected ${events} events)`);
}

/** Generate the history, then time the dashboard's queries. */
export async function runAnalyticsBench(o: AnalyticsBenchOptions = {}): Promise<void> {
  const log = o.log ?? ((l: string) => console.log(l));
  const days = o.days ?? 365;
  const perDay = o.perDay ?? 10_000;
  const runs = o.runs ?? 15;
  const db = o.databaseUrl ? await openPostgres(o.databaseUrl) : await openPglite();
  try {
    if (o.databaseUrl) {
      for (const t of ['analytics_events', 'analytics_conversations', 'analytics_daily', 'analytics_daily_entries', 'analytics_monthly', 'analytics_monthly_entries', 'analytics_rollup_state']) await db.exec(`drop table if exists ${t} cascade`);
      // Forget analytics/' migrations only, so they run again; the other modules' tables stay.
      await db.exec('drop table if exists schema_migrations');
      await db.exec("do $$ begin if to_regclass('module_migrations') is not null then delete from module_migrations where module = 'analytics'; end if; end $$");
    }
    await migrate(db);
    log(`  database: ${o.databaseUrl ? 'PostgreSQL' : 'PGlite (in memory)'}`);
    const { first, last } = await generate(db, { days, perDay, visitDays: o.visitDays ?? 14 }, log);
    await db.exec('analyze');
    const back = (n: number) => dayOf(new Date(Date.parse(last) - (n - 1) * 86_400_000));
    const ranges: Array<[string, AnalyticsFilter]> = [
      ['1 day', { from: last, to: last }],
      ['7 days', { from: back(7), to: last }],
      ['30 days', { from: back(30), to: last }],
      ['365 days', { from: first, to: last }],
      ['365 days, one channel', { from: first, to: last, channel: 'whatsapp' }],
      ['365 days, one language', { from: first, to: last, lang: 'pl' }],
    ];
    log('');
    log(HEADER);
    for (const [name, f] of ranges) {
      const ms = await time(runs, () => refreshRollups(db).then(() => analyticsReport(db, f)));
      log(`| dashboard report | ${name} | ${runs} | ${q(ms, 0.5).toFixed(0)} | ${q(ms, 0.9).toFixed(0)} | ${ms[ms.length - 1]!.toFixed(0)} |`);
    }
    for (const [name, f] of ranges.slice(0, 2)) {
      const ms = await time(runs, () => listVisits(db, f, 'handoff', 200));
      log(`| conversations behind a figure (200) | ${name} | ${runs} | ${q(ms, 0.5).toFixed(0)} | ${q(ms, 0.9).toFixed(0)} | ${ms[ms.length - 1]!.toFixed(0)} |`);
    }
    log('');
    await rollupThroughput(db, Math.min(2000, perDay), log);
  } finally {
    await db.close();
  }
}
