/**
 * One function per dashboard figure, each defined in docs/METRICS.md. They read summed daily
 * counters (see readCounters) so a year costs the same as a day; latencies are exact when the
 * range holds at most EXACT_LATENCY_LIMIT of them, else read from the fixed-bucket histograms.
 */
import type { SqlClient } from '../bot/db.ts';
import { BUCKET_EDGES_S, exactPercentile, histogramPercentile } from './histogram.ts';
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

/** The rollup's cells in the filter's range. */
export async function readDaily(sql: SqlClient, f: AnalyticsFilter): Promise<DailyCell[]> {
  const w = where(f);
  const rows = await sql.query<{ day: string; channel: string; lang: string; counts: unknown }>(
    `select day::text as day, channel, lang, counts from analytics_daily where ${w.sql} order by day`, w.params);
  return rows.map((r) => ({ day: r.day, channel: r.channel, lang: r.lang, counts: (typeof r.counts === 'string' ? JSON.parse(r.counts) : r.counts) as Counters }));
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

async function entryFigures(sql: SqlClient, f: AnalyticsFilter, order: string, having: string, limit: number): Promise<EntryFigures[]> {
  const w = where(f);
  const rows = await sql.query<Record<string, string | number>>(
    `select entry_id, sum(asked) as asked, sum(not_helpful) as not_helpful, sum(rephrased) as rephrased, sum(handed_off) as handed_off,
       sum(helpful) as helpful, sum(views) as views, sum(votes_up) as votes_up, sum(votes_down) as votes_down,
       sum(not_helpful + rephrased + handed_off) as failed
     from analytics_daily_entries where ${w.sql} group by entry_id having ${having} order by ${order}, entry_id limit $${w.params.length + 1}`, [...w.params, limit]);
  return rows.map((r) => {
    const n = (k: string) => Number(r[k] ?? 0);
    return {
      entryId: String(r.entry_id), asked: n('asked'), notHelpful: n('not_helpful'), rephrased: n('rephrased'), handedOff: n('handed_off'),
      helpful: n('helpful'), views: n('views'), votesUp: n('votes_up'), votesDown: n('votes_down'), failed: n('failed'),
      failureRate: wilson(Math.min(n('failed'), n('asked')), n('asked')),
    };
  });
}

/** Top asked entries: the entries the bot answered most often. */
export function topAskedEntries(sql: SqlClient, f: AnalyticsFilter, limit = 10): Promise<EntryFigures[]> {
  return entryFigures(sql, f, 'sum(asked) desc', 'sum(asked) > 0', limit);
}

/** Most failing entries: answers most often followed by "not helpful", a rephrase or a handoff. */
export function failingEntries(sql: SqlClient, f: AnalyticsFilter, limit = 10): Promise<EntryFigures[]> {
  return entryFigures(sql, f, 'sum(not_helpful + rephrased + handed_off) desc', 'sum(not_helpful + rephrased + handed_off) > 0', limit);
}
