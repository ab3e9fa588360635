/** The analytics API and its OpenAPI paths (the dashboard is admin/public/analytics.html). */
export { analyticsRoutes, MAX_RANGE_DAYS, type AnalyticsRoutesOptions } from './routes.ts';
export { registerAnalyticsPaths } from './openapi-paths.ts';
