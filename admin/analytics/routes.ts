import express, { type Response, type Router } from 'express';
import { z } from 'zod';
import type { BusinessHours, Database } from '../../bot/index.ts';
import { BadRequestError, NotFoundError, parseInput, validate } from '../../errors/index.ts';
import {
  analyticsReport, listVisits, visitWithTranscript, METRIC_DEFINITIONS, refreshRollups, reportTables, TABLE_NAMES, toCsv, VISIT_ROW_COLUMNS, type AnalyticsFilter,
} from '../../analytics/index.ts';
import { requireUser, type SessionStore } from '../auth/index.ts';

export interface AnalyticsRoutesOptions {
  db: Database;
  sessions: SessionStore;
  /** Opening hours for waiting times in business hours. Default: always open. */
  hours?: BusinessHours;
  /** The clock (tests). */
  now?: () => Date;
}

/** The longest range one request may cover, in days. */
export const MAX_RANGE_DAYS = 400;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const Code = z.string().max(64).regex(/^[A-Za-z0-9_.-]*$/, 'letters, digits, _ . -');

// Exported for the OpenAPI document (openapi-paths.ts); the descriptions are its parameters'.
export const Filter = z.object({
  from: z.string().regex(DAY, 'a day as YYYY-MM-DD').optional().describe('first UTC day, YYYY-MM-DD (default: 29 days before `to`)'),
  to: z.string().regex(DAY, 'a day as YYYY-MM-DD').optional().describe('last UTC day, inclusive (default: today)'),
  channel: Code.optional().describe('one channel (e.g. webchat, sms, whatsapp; `help` for the help center)'),
  lang: Code.optional().describe('one language code'),
});
export const ListQuery = Filter.extend({
  show: z.string().max(200).regex(/^(all|contained|durable|returned|handoff|responded|resolved|rated|unanswered|reason:[a-z-]+|rating:[1-5]|entry:[A-Za-z0-9_-]+)$/, 'a selection such as all, handoff, reason:keyword, rating:5, entry:<id>').default('all')
    .describe('all, contained, durable, returned, handoff, reason:<reason>, responded, resolved, rated, rating:<1-5>, unanswered, entry:<id>'),
  limit: z.coerce.number().int().min(1).max(100_000).default(200),
  offset: z.coerce.number().int().min(0).default(0),
  format: z.enum(['json', 'csv']).default('json'),
});

/**
 * The analytics API under /api/admin/analytics (permission `analytics`: analysts, editors and
 * admins): the dashboard's report, the conversations behind every figure, one conversation with
 * its transcript, CSV export of every table, and the metric definitions.
 */
export function analyticsRoutes(o: AnalyticsRoutesOptions): Router {
  const now = o.now ?? (() => new Date());
  const router = express.Router();
  const guard = requireUser(o.sessions, 'analytics');
  // On PostgreSQL concurrent writers may commit event ids out of order: fold only settled events.
  const settleSeconds = o.db.kind === 'postgres' ? 5 : 0;
  const refresh = () => refreshRollups(o.db, { hours: o.hours, settleSeconds });

  const filterOf = (q: z.infer<typeof Filter>): AnalyticsFilter => {
    const to = q.to ?? now().toISOString().slice(0, 10);
    const from = q.from ?? new Date(Date.parse(to) - 29 * 86_400_000).toISOString().slice(0, 10);
    const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
    if (!(days >= 0) || days > MAX_RANGE_DAYS) throw new BadRequestError('bad_request', `from must be a valid day on or before to, at most ${MAX_RANGE_DAYS} days apart`);
    return { from, to, ...(q.channel !== undefined ? { channel: q.channel } : {}), ...(q.lang !== undefined ? { lang: q.lang } : {}) };
  };
  const filter = validate({ query: Filter });
  const list = validate({ query: ListQuery });
  const csv = (res: Response, name: string, body: string) => {
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${name}.csv"`);
    res.send(body);
  };

  router.get('/api/admin/analytics/definitions', guard, (_req, res) => void res.json({ definitions: METRIC_DEFINITIONS }));

  router.get('/api/admin/analytics/report', guard, filter, async (req, res) => {
    const f = filterOf(filter.query(req));
    await refresh();
    res.json(await analyticsReport(o.db, f, now()));
  });

  router.get('/api/admin/analytics/conversations', guard, list, async (req, res) => {
    const q = list.query(req);
    const f = filterOf(q);
    await refresh();
    const rows = await listVisits(o.db, f, q.show, q.limit, q.offset);
    if (q.format === 'csv') csv(res, `conversations-${f.from}-${f.to}`, toCsv(VISIT_ROW_COLUMNS, rows as unknown as Array<Record<string, unknown>>));
    else res.json({ filter: f, show: q.show, conversations: rows });
  });

  router.get('/api/admin/analytics/conversations/:id', guard, async (req, res) => {
    const id = Number(req.params.id);
    if (!Number.isSafeInteger(id) || id <= 0) throw new NotFoundError('no such conversation');
    await refresh();
    const found = await visitWithTranscript(o.db, id);
    if (!found) throw new NotFoundError('no such conversation');
    res.json(found);
  });

  // The table is checked before the query: an unknown one is a 404 whatever was asked.
  router.get('/api/admin/analytics/export/:table', guard, async (req, res) => {
    const table = String(req.params.table).replace(/\.csv$/, '');
    if (!(TABLE_NAMES as readonly string[]).includes(table)) throw new NotFoundError(`no table "${table}"; tables: ${TABLE_NAMES.join(', ')}`);
    const f = filterOf(parseInput(Filter, req.query, 'query'));
    await refresh();
    if (table === 'conversations') {
      const rows = await listVisits(o.db, f, 'all', 1_000_000);
      return csv(res, `conversations-${f.from}-${f.to}`, toCsv(VISIT_ROW_COLUMNS, rows as unknown as Array<Record<string, unknown>>));
    }
    const t = reportTables(await analyticsReport(o.db, f, now()))[table]!;
    csv(res, `${table}-${f.from}-${f.to}`, toCsv(t.columns, t.rows));
  });

  return router;
}
