/**
 * analytics/: the append-only event record (events.ts) that every analytics figure is computed
 * from, the rollups maintained from it (rollup.ts), one function per metric (metrics.ts), the
 * dashboard's report (report.ts), its tables and the list of conversations behind each figure.
 */
export { recordEvent, readEvents, type AnalyticsEvent, type StoredAnalyticsEvent } from './events.ts';
export { EVENT, SESSION_GAP_MINUTES, type DecisionZone } from './kinds.ts';
export { refreshRollups, SERIES_KEYS, REPHRASE_WINDOW_MS, RETURN_WINDOW_MS, type RollupOptions } from './rollup.ts';
export {
  answerFunnel, containment, conversations, csat, decisionShares, durableContainment, failingEntries, firstResponseTime, handoffRate, helpCenter,
  readDaily, readCells, readDailySeries, readEntryFigures, splitRange, resolutionTime, sumCounters, topAskedEntries, HANDOFF_REASONS, ZONES, EXACT_LATENCY_LIMIT,
  type AnalyticsFilter, type Counters, type DailyCell, type Duration, type EntryFigures,
} from './metrics.ts';
export { wilson, SMALL_SAMPLE, type Rate } from './stats.ts';
export { BUCKET_EDGES_S, bucketOf, histogramPercentile, exactPercentile } from './histogram.ts';
export { analyticsReport, figures, type AnalyticsReport, type Figures } from './report.ts';
export { listVisits, visitWithTranscript, VISIT_ROW_COLUMNS, type VisitRow, type VisitSelection, type TranscriptLine } from './visit-list.ts';
export { reportTables, figureRows, TABLE_NAMES, FIGURE_COLUMNS } from './tables.ts';
export { toCsv } from './csv.ts';
export { METRIC_DEFINITIONS } from './definitions.ts';
export { visitCounters, visitColumns, INSERT_VISITS_SQL, dayOf, type Visit } from './visit.ts';
export { ANALYTICS_PERSONAL_DATA } from './personal-data.ts';
