import type { AnalyticsReport, Figures } from './report.ts';
import type { Rate } from './stats.ts';

/** One figure as a table row (the summary CSV, and what the dashboard's tables show). */
export interface FigureRow { group: string; metric: string; value: number | null; k: number | null; n: number | null; low: number | null; high: number | null; small: boolean }

export const FIGURE_COLUMNS = ['group', 'metric', 'value', 'k', 'n', 'low', 'high', 'small'] as const;

const rate = (group: string, metric: string, r: Rate): FigureRow => ({ group, metric, value: r.value, k: r.k, n: r.n, low: r.low, high: r.high, small: r.small });
const plain = (group: string, metric: string, value: number | null, n: number | null = null, small = false): FigureRow =>
  ({ group, metric, value, k: null, n, low: null, high: null, small });

/** Every figure of a group as rows: metric names match docs/METRICS.md. */
export function figureRows(group: string, f: Figures): FigureRow[] {
  const rows: FigureRow[] = [
    plain(group, 'conversations', f.conversations),
    rate(group, 'containment', f.containment),
    rate(group, 'durable_containment', f.durableContainment),
    rate(group, 'handoff_rate', f.handoffRate.total),
    ...Object.entries(f.handoffRate.byReason).map(([r, v]) => rate(group, `handoff_rate.${r}`, v)),
    ...Object.entries(f.decisions).map(([z, v]) => rate(group, `decision_share.${z}`, v)),
  ];
  for (const [name, d] of [['first_response', f.firstResponse], ['resolution', f.resolution]] as const) {
    for (const [clock, v] of [['calendar', d.calendar], ['business', d.business]] as const) {
      rows.push(plain(group, `${name}_s.${clock}.median`, v.medianS, v.n, v.small), plain(group, `${name}_s.${clock}.p90`, v.p90S, v.n, v.small));
    }
  }
  rows.push(plain(group, 'csat.average', f.csat.average, f.csat.ratings, f.csat.ratings < 30));
  f.csat.distribution.forEach((n, i) => rows.push(plain(group, `csat.rating_${i + 1}`, n)));
  rows.push(rate(group, 'csat.satisfied', f.csat.satisfied), rate(group, 'answer_votes.helpful', f.csat.answerVotes), rate(group, 'article_votes.helpful', f.csat.articleVotes));
  rows.push(plain(group, 'help.views', f.helpCenter.views), plain(group, 'help.searches', f.helpCenter.searches), rate(group, 'help.searches_without_result', f.helpCenter.withoutResult));
  for (const s of f.funnel) rows.push(plain(group, `funnel.${s.step}`, s.value));
  return rows;
}

/** The dashboard's tables, by name, for CSV export: columns and rows. */
export function reportTables(r: AnalyticsReport): Record<string, { columns: readonly string[]; rows: Array<Record<string, unknown>> }> {
  const entryColumns = ['entryId', 'asked', 'failed', 'failureRate', 'notHelpful', 'rephrased', 'handedOff', 'helpful', 'views', 'votesUp', 'votesDown'];
  const entryRows = (list: AnalyticsReport['topEntries']) => list.map((e) => ({ ...e, failureRate: e.failureRate.value }));
  return {
    summary: { columns: FIGURE_COLUMNS, rows: figureRows('all', r.totals) as unknown as Array<Record<string, unknown>> },
    channels: { columns: FIGURE_COLUMNS, rows: r.byChannel.flatMap((c) => figureRows(`channel:${c.channel}`, c)) as unknown as Array<Record<string, unknown>> },
    languages: { columns: FIGURE_COLUMNS, rows: r.byLang.flatMap((c) => figureRows(`lang:${c.lang}`, c)) as unknown as Array<Record<string, unknown>> },
    daily: { columns: ['day', 'conversations', 'contained', 'durable', 'handoffs', 'ratings', 'helpViews', 'helpSearches'], rows: r.daily },
    'top-entries': { columns: entryColumns, rows: entryRows(r.topEntries) },
    'failing-entries': { columns: entryColumns, rows: entryRows(r.failingEntries) },
  };
}

/** Names of the exportable tables (plus `conversations`, one row per conversation). */
export const TABLE_NAMES = ['summary', 'channels', 'languages', 'daily', 'top-entries', 'failing-entries', 'conversations'] as const;
