import type { SqlClient } from '../bot/db.ts';
import {
  answerFunnel, containment, conversations, csat, decisionShares, durableContainment, failingEntries, firstResponseTime, handoffRate, helpCenter,
  readCells, readDailySeries, readEntryFigures, readLatencySamples, resolutionTime, samplesOf, sumCounters, topAskedEntries, type AnalyticsFilter, type Counters, type DailyCell,
  type EntryFigures, type LatencySamples,
} from './metrics.ts';

/** Every figure of the dashboard for one group of visits (everything, one channel, one language). */
export function figures(c: Counters, samples?: LatencySamples) {
  return {
    conversations: conversations(c),
    containment: containment(c),
    durableContainment: durableContainment(c),
    handoffRate: handoffRate(c),
    decisions: decisionShares(c),
    firstResponse: firstResponseTime(c, samples),
    resolution: resolutionTime(c, samples),
    csat: csat(c),
    helpCenter: helpCenter(c),
    funnel: answerFunnel(c),
  };
}

export type Figures = ReturnType<typeof figures>;

/** The whole dashboard: totals, per channel, per language, per day, and the entries to look at. */
export interface AnalyticsReport {
  filter: AnalyticsFilter;
  /** Latencies computed from the visits themselves (true) or from the histograms (false). */
  exactLatencies: boolean;
  /** The range includes the last 24 h: durable containment may still fall as customers return. */
  provisional: boolean;
  totals: Figures;
  byChannel: Array<{ channel: string } & Figures>;
  byLang: Array<{ lang: string } & Figures>;
  daily: Array<{ day: string; conversations: number; contained: number; durable: number; handoffs: number; ratings: number; helpViews: number; helpSearches: number }>;
  topEntries: EntryFigures[];
  failingEntries: EntryFigures[];
}

function groupBy(cells: readonly DailyCell[], key: (c: DailyCell) => string): Map<string, DailyCell[]> {
  const out = new Map<string, DailyCell[]>();
  for (const c of cells) out.set(key(c), [...(out.get(key(c)) ?? []), c]);
  return out;
}

/** Compute the dashboard from the rollups (call refreshRollups first for up-to-the-event figures). */
export async function analyticsReport(sql: SqlClient, f: AnalyticsFilter, now = new Date()): Promise<AnalyticsReport> {
  const cells = await readCells(sql, f);
  const total = sumCounters(cells);
  const rows = await readLatencySamples(sql, f, total.handoff ?? 0);
  const samples = (keep?: (r: { channel: string; lang: string }) => boolean) => (rows ? samplesOf(rows, keep) : undefined);
  const byChannel = [...groupBy(cells, (c) => c.channel)].map(([channel, cs]) => ({ channel, ...figures(sumCounters(cs), samples((r) => r.channel === channel)) }))
    .sort((a, b) => b.conversations - a.conversations);
  const byLang = [...groupBy(cells, (c) => c.lang)].map(([lang, cs]) => ({ lang, ...figures(sumCounters(cs), samples((r) => r.lang === lang)) }))
    .sort((a, b) => b.conversations - a.conversations);
  const daily = (await readDailySeries(sql, f)).map((c) => ({
    day: c.day, conversations: c.conversations ?? 0, contained: c.contained ?? 0, durable: c.durable ?? 0, handoffs: c.handoff ?? 0,
    ratings: c['rating.n'] ?? 0, helpViews: c['help.views'] ?? 0, helpSearches: c['help.searches'] ?? 0,
  }));
  const entries = await readEntryFigures(sql, f);
  const [topEntries, failing] = [topAskedEntries(entries, 10), failingEntries(entries, 10)];
  const yesterday = new Date(now.getTime() - 24 * 3_600_000).toISOString().slice(0, 10);
  return {
    filter: f, exactLatencies: rows !== undefined, provisional: f.to >= yesterday,
    totals: figures(total, samples()), byChannel, byLang, daily, topEntries, failingEntries: failing,
  };
}
