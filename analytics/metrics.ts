/**
 * One function per dashboard figure, each defined in docs/METRICS.md. They read summed daily
 * counters (see readCounters) so a year costs the same as a day; latencies are exact when the
 * range holds at most EXACT_LATENCY_LIMIT of them, else read from the fixed-bucket histograms.
 */
import type { SqlClient } from '../bot/db.ts';
import { BUCKET_EDGES_S, exactPercentile, histogramPercentile } from './histogram.ts';
import { SERIES_KEYS } from './rollup.ts';
import { SMALL_SAMPLE, wilson, type Rate } from './stats.ts';

/** Which visits and events a figure covers: UTC days `from`..`to` inclusive, optionally one channel and one language. */
export interface AnalyticsFilter {
  from: string;
  to: string;
  channel?: string;
  lang?: string;
}

/** Summed counters (names in analytics/visit.ts visitCounters and rollup.ts). */
export type Counters = Record<string, number>;

/** One day × channel × language of the rollup. */
export interface DailyCell { day: string; channel: string; lang: string; counts: Counters }

/** Up to this many latencies in range, percentiles are computed from the visits themselves (exact). */
export const EXACT_LATENCY_LIMIT = 5000;

const where = (f: AnalyticsFilter, first = 1) => {
  const params: unknown[] = [f.from, f.to];
  let sql = `day between $${first}::date and $${first + 1}::date`;
  if (f.channel !== undefined) { params.push(f.channel); sql += ` and channel = $${first + params.length - 1}`; }
  if (f.lang !== undefined) { params.push(f.lang); sql += ` and lang = $${first + params.length - 1}`; }
  return { sql, params };
};

/** The rollup's per-day cells in the filter's range. */
export async function readDaily(sql: SqlClient, f: AnalyticsFilter): Promise<DailyCell[]> {
  return readTable(sql, 'analytics_daily', f);
}

async function readTable(sql: SqlClient, table: string, f: AnalyticsFilter): Promise<DailyCell[]> {
  const w = where(f);
  const rows = await sql.query<{ day: string; channel: string; lang: string; counts: unknown }>(
    `select day::text as day, channel, lang, counts from ${table} where ${w.sql} order by day, channel, lang`, w.params);
  return rows.map((r) => ({ day: r.day, channel: r.channel, lang: r.lang, counts: (typeof r.counts === 'string' ? JSON.parse(r.counts) : r.counts) as Counters }));
}

const addDays = (day: string, n: number) => new Date(Date.parse(day) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * The range as whole calendar months (read from the monthly rollup) and the days left over at
 * either end (read from the daily one): a year reads about twelve rows per channel and
 * language instead of 365.
 */
export function splitRange(from: string, to: string): { days: Array<[string, string]>; months?: [string, string] } {
  const firstFull = from.endsWith('-01') ? from : addDays(`${from.slice(0, 8)}01`, 40).slice(0, 8) + '01';
  const afterTo = addDays(to, 1);
  const lastFullEnd = afterTo.endsWith('-01') ? to : addDays(`${to.slice(0, 8)}01`, -1);
  if (firstFull > lastFullEnd) return { days: [[from, to]] };
  const days: Array<[string, string]> = [];
  if (from < firstFull) days.push([from, addDays(firstFull, -1)]);
  if (lastFullEnd < to) days.push([addDays(lastFullEnd, 1), to]);
  return { days, months: [firstFull, `${lastFullEnd.slice(0, 8)}01`] };
}

/**
 * Cells covering the range, whole months from the monthly rollup and the rest from the daily
 * one (a monthly cell's `day` is its first day). For totals and breakdowns, not per-day series.
 */
export async function readCells(sql: SqlClient, f: AnalyticsFilter): Promise<DailyCell[]> {
  const plan = splitRange(f.from, f.to);
  const parts = await Promise.all([
    ...plan.days.map(([from, to]) => readTable(sql, 'analytics_daily', { ...f, from, to })),
    ...(plan.months ? [readTable(sql, 'analytics_monthly', { ...f, from: plan.months[0], to: plan.months[1] })] : []),
  ]);
  return parts.flat();
}

/** Per day: the time series' counters (analytics_daily.series, in SERIES_KEYS order), summed in the database. */
export async function readDailySeries(sql: SqlClient, f: AnalyticsFilter): Promise<Array<{ day: string } & Counters>> {
  const w = where(f);
  const sums = SERIES_KEYS.map((_k, i) => `sum(coalesce(series[${i + 1}], 0)) as k${i}`).join(', ');
  const rows = await sql.query<Record<string, string | number>>(`select day::text as day, ${sums} from analytics_daily where ${w.sql} group by day order by day`, w.params);
  return rows.map((r) => ({ day: String(r.day), ...Object.fromEntries(SERIES_KEYS.map((k, i) => [k, Number(r[`k${i}`] ?? 0)])) }) as { day: string } & Counters);
}

/** Add cells' counters together. */
export function sumCounters(cells: readonly DailyCell[]): Counters {
  const out: Counters = {};
  for (const c of cells) for (const [k, n] of Object.entries(c.counts)) out[k] = (out[k] ?? 0) + n;
  return out;
}

const get = (c: Counters, k: string) => c[k] ?? 0;

/** Conversations: visits that started in the range. */
export function conversations(c: Counters): number {
  return get(c, 'conversations');
}

/** Containment: share of conversations with no handoff to a person. */
export function containment(c: Counters): Rate {
  return wilson(get(c, 'contained'), get(c, 'conversations'));
}

/**
 * Durable containment: share of conversations with no handoff after which the same customer
 * (on any linked channel) started no other conversation within 24 h.
 */
export function durableContainment(c: Counters): Rate {
  return wilson(get(c, 'durable'), get(c, 'conversations'));
}

/** The handoff reasons the bot records (bot/handoff.ts HandoffReason). */
export const HANDOFF_REASONS = ['asked-for-human', 'low-confidence', 'repeated-failure', 'keyword'] as const;

/** Handoff rate: share of conversations handed to a person, in total and per reason. */
export function handoffRate(c: Counters): { total: Rate; byReason: Record<string, Rate> } {
  const n = get(c, 'conversations');
  const reasons = new Set<string>(HANDOFF_REASONS);
  for (const k of Object.keys(c)) if (k.startsWith('handoff.')) reasons.add(k.slice('handoff.'.length));
  return { total: wilson(get(c, 'handoff'), n), byReason: Object.fromEntries([...reasons].map((r) => [r, wilson(get(c, `handoff.${r}`), n)])) };
}

/** Decision zones, in the order the dashboard shows them. */
export const ZONES = ['answer', 'clarify', 'fallback', 'handoff', 'conversation'] as const;

/** Share of the bot's decisions on customers' messages in each zone (answer, clarify, fallback, handoff, small talk). */
export function decisionShares(c: Counters): Record<(typeof ZONES)[number], Rate> {
  const n = ZONES.reduce((s, z) => s + get(c, `decision.${z}`), 0);
  return Object.fromEntries(ZONES.map((z) => [z, wilson(get(c, `decision.${z}`), n)])) as Record<(typeof ZONES)[number], Rate>;
}

/** A waiting time: how many, median and 90th percentile in seconds; `exact` false when read from the histogram. */
export interface Duration { n: number; medianS: number | null; p90S: number | null; meanS: number | null; exact: boolean; small: boolean }

function duration(c: Counters, prefix: string, exact?: readonly number[]): Duration {
  const n = get(c, `${prefix}.n`);
  const meanS = n ? get(c, `${prefix}.sum`) / n : null;
  if (exact) {
    return { n: exact.length, medianS: exactPercentile(exact, 0.5) ?? null, p90S: exactPercentile(exact, 0.9) ?? null, meanS, exact: true, small: exact.length < SMALL_SAMPLE };
  }
  const counts = BUCKET_EDGES_S.map((_e, i) => get(c, `${prefix}.b${i}`));
  return { n, medianS: histogramPercentile(counts, 0.5) ?? null, p90S: histogramPercentile(counts, 0.9) ?? null, meanS, exact: false, small: n < SMALL_SAMPLE };
}

/** Raw waiting times of the visits in range (for exact percentiles on small ranges). */
export interface LatencySamples { frt: number[]; frtbh: number[]; res: number[]; resbh: number[] }

/**
 * The visits' own waiting times when the range holds at most `limit` handoffs, else undefined
 * (use the histograms). `rows` keep channel and language so breakdowns can filter them.
 */
export async function readLatencySamples(sql: SqlClient, f: AnalyticsFilter, handoffs: number, limit = EXACT_LATENCY_LIMIT):
Promise<Array<{ channel: string; lang: string; frt: number | null; frtbh: number | null; res: number | null; resbh: number | null }> | undefined> {
  if (handoffs > limit) return undefined;
  const w = where(f);
  const rows = await sql.query<{ channel: string; lang: string | null; frt: number | null; frtbh: number | null; res: number | null; resbh: number | null }>(
    `select channel, coalesce(lang, '') as lang, first_response_s as frt, first_response_bh_s as frtbh, resolution_s as res, resolution_bh_s as resbh
     from analytics_conversations where ${w.sql.replace('and lang =', 'and coalesce(lang, \'\') =')} and handoff_at is not null`, w.params);
  const n = (v: number | string | null) => (v === null ? null : Number(v));
  return rows.map((r) => ({ channel: r.channel, lang: r.lang ?? '', frt: n(r.frt), frtbh: n(r.frtbh), res: n(r.res), resbh: n(r.resbh) }));
}

/** Samples of one breakdown group, by kind. */
export function samplesOf(rows: NonNullable<Awaited<ReturnType<typeof readLatencySamples>>>, keep: (r: { channel: string; lang: string }) => boolean = () => true): LatencySamples {
  const pick = (k: keyof LatencySamples) => rows.filter(keep).map((r) => r[k]).filter((v): v is number => v !== null);
  return { frt: pick('frt'), frtbh: pick('frtbh'), res: pick('res'), resbh: pick('resbh') };
}

/** First human response time: from the handoff to the first agent message, in calendar time and in business hours. */
export function firstResponseTime(c: Counters, samples?: LatencySamples): { calendar: Duration; business: Duration } {
  return { calendar: duration(c, 'frt', samples?.frt), business: duration(c, 'frtbh', samples?.frtbh) };
}

/** Resolution time: from the handoff to the agent marking the conversation resolved. */
export function resolutionTime(c: Counters, samples?: LatencySamples): { calendar: Duration; business: Duration } {
  return { calendar: duration(c, 'res', samples?.res), business: duration(c, 'resbh', samples?.resbh) };
}

/** Satisfaction: the 1–5 ratings (average, distribution, share of 4 and 5) and the helpful votes on answers and articles. */
export function csat(c: Counters): {
  ratings: number; average: number | null; distribution: number[]; satisfied: Rate; answerVotes: Rate; articleVotes: Rate;
} {
  const n = get(c, 'rating.n');
  const distribution = [1, 2, 3, 4, 5].map((s) => get(c, `rating.${s}`));
  return {
    ratings: n,
    average: n ? get(c, 'rating.sum') / n : null,
    distribution,
    satisfied: wilson(distribution[3]! + distribution[4]!, n),
    answerVotes: wilson(get(c, 'feedback.up'), get(c, 'feedback.up') + get(c, 'feedback.down')),
    articleVotes: wilson(get(c, 'help.votes.up'), get(c, 'help.votes.up') + get(c, 'help.votes.down')),
  };
}

/** Help center: article views, searches, and the share of searches without a good result. */
export function helpCenter(c: Counters): { views: number; searches: number; withoutResult: Rate } {
  return { views: get(c, 'help.views'), searches: get(c, 'help.searches'), withoutResult: wilson(get(c, 'help.searches.empty'), get(c, 'help.searches')) };
}

/** Funnel: customers' questions to the bot → answered → voted helpful. */
export function answerFunnel(c: Counters): Array<{ step: 'questions' | 'answered' | 'helpful'; value: number }> {
  const questions = ['answer', 'clarify', 'fallback', 'handoff'].reduce((s, z) => s + get(c, `decision.${z}`), 0);
  return [{ step: 'questions', value: questions }, { step: 'answered', value: get(c, 'decision.answer') }, { step: 'helpful', value: get(c, 'feedback.up') }];
}

/** An entry's counts in range. */
export interface EntryFigures {
  entryId: string; asked: number; notHelpful: number; rephrased: number; handedOff: number; helpful: number; views: number; votesUp: number; votesDown: number;
  /** Answers followed by "not helpful", a rephrase or a handoff. */
  failed: number;
  /** failed / asked. */
  failureRate: Rate;
}

/** Every entry with any count in range (whole months from the monthly rollup), in one pass. */
export async function readEntryFigures(sql: SqlClient, f: AnalyticsFilter): Promise<EntryFigures[]> {
  const plan = splitRange(f.from, f.to);
  const params: unknown[] = [];
  const part = (table: string, from: string, to: string) => {
    const w = where({ ...f, from, to }, params.length + 1);
    params.push(...w.params);
    return `select entry_id, asked, not_helpful, rephrased, handed_off, helpful, views, votes_up, votes_down from ${table} where ${w.sql}`;
  };
  const parts = [...plan.days.map(([from, to]) => part('analytics_daily_entries', from, to)), ...(plan.months ? [part('analytics_monthly_entries', ...plan.months)] : [])];
  const rows = await sql.query<Record<string, string | number>>(
    `select entry_id, sum(asked) as asked, sum(not_helpful) as not_helpful, sum(rephrased) as rephrased, sum(handed_off) as handed_off,
       sum(helpful) as helpful, sum(views) as views, sum(votes_up) as votes_up, sum(votes_down) as votes_down
     from (${parts.join(" union all ")}) e group by entry_id order by entry_id`, params);
  return rows.map((r) => {
    const n = (k: string) => Number(r[k] ?? 0);
    const failed = n('not_helpful') + n('rephrased') + n('handed_off');
    return {
      entryId: String(r.entry_id), asked: n('asked'), notHelpful: n('not_helpful'), rephrased: n('rephrased'), handedOff: n('handed_off'),
      helpful: n('helpful'), views: n('views'), votesUp: n('votes_up'), votesDown: n('votes_down'), failed,
      failureRate: wilson(Math.min(failed, n('asked')), n('asked')),
    };
  });
}

const byThenId = (key: (e: EntryFigures) => number) => (a: EntryFigures, b: EntryFigures) => key(b) - key(a) || (a.entryId < b.entryId ? -1 : a.entryId > b.entryId ? 1 : 0);

/** Top asked entries: the entries the bot answered most often. */
export function topAskedEntries(all: readonly EntryFigures[], limit = 10): EntryFigures[] {
  return all.filter((e) => e.asked > 0).sort(byThenId((e) => e.asked)).slice(0, limit);
}

/** Most failing entries: answers most often followed by "not helpful", a rephrase or a handoff. */
export function failingEntries(all: readonly EntryFigures[], limit = 10): EntryFigures[] {
  return all.filter((e) => e.failed > 0).sort(byThenId((e) => e.failed)).slice(0, limit);
}
