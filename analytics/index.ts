/**
 * analytics/: the append-only event record (events.ts) that every analytics figure is computed
 * from, the rollups maintained from it (rollup.ts), and one function per metric (metrics.ts).
 */
export { recordEvent, readEvents, type AnalyticsEvent, type StoredAnalyticsEvent } from './events.ts';
export { EVENT, SESSION_GAP_MINUTES, type DecisionZone } from './kinds.ts';
