/**
 * analytics/: the append-only event record (events.ts) that every analytics figure is computed from.
 */
export { recordEvent, readEvents, type AnalyticsEvent, type StoredAnalyticsEvent } from './events.ts';
