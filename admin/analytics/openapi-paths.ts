/**
 * The analytics routes (routes.ts) in the OpenAPI document: the queries are the routes' own
 * schemas; the answers are described here (the report's shape is analytics/report.ts's).
 */
import { TABLE_NAMES } from '../../analytics/index.ts';
import { errorResponses } from '../openapi-errors.ts';
import { jsonResponse, z, type AdminApi } from '../openapi-registry.ts';
import { Filter, ListQuery } from './routes.ts';

const NEEDS = 'Needs `analytics` (analyst, editor, admin). Figures are defined in docs/METRICS.md and by `GET /api/admin/analytics/definitions`.';
const REFUSED: Record<number, string> = { 400: 'bad query (zod issues in `details`), or a range longer than 400 days', 401: 'not signed in', 403: 'the role lacks `analytics`', 404: 'no such conversation or table' };
const errors = (...codes: number[]) => errorResponses(Object.fromEntries(codes.map((c) => [c, REFUSED[c]!])));
const csv = { 'text/csv': { schema: z.string().describe('RFC 4180, header row first') } };
const int = z.number().int();
const num = z.number().nullable();
const str = z.string();
const nstr = z.string().nullable();
const date = z.string().datetime();

const Rate = z.object({ k: z.number(), n: z.number(), value: num, low: num, high: num, small: z.boolean() })
  .describe('k of n with its 95 % Wilson interval; `small` when n < 30');
const Duration = z.object({ n: int, medianS: num, p90S: num, meanS: num, exact: z.boolean().describe('false: read from fixed buckets (about ±16 %)'), small: z.boolean() });
const Clocks = z.object({ calendar: Duration, business: Duration });
const Figures = z.object({
  conversations: int, containment: Rate, durableContainment: Rate,
  handoffRate: z.object({ total: Rate, byReason: z.record(Rate) }),
  decisions: z.record(Rate).describe('answer, clarify, fallback, handoff, conversation'),
  firstResponse: Clocks, resolution: Clocks,
  csat: z.object({ ratings: int, average: num, distribution: z.array(int).describe('count of 1 … 5'), satisfied: Rate, answerVotes: Rate, articleVotes: Rate }),
  helpCenter: z.object({ views: int, searches: int, withoutResult: Rate }),
  funnel: z.array(z.object({ step: z.enum(['questions', 'answered', 'helpful']), value: int })),
});
const EntryFigures = z.object({
  entryId: str, asked: int, notHelpful: int.optional(), rephrased: int.optional(), handedOff: int.optional(), helpful: int.optional(),
  views: int.optional(), votesUp: int.optional(), votesDown: int.optional(), failed: int, failureRate: Rate,
});
const Report = z.object({
  filter: z.object({ from: str, to: str, channel: str, lang: str }).partial(),
  exactLatencies: z.boolean(), provisional: z.boolean().describe('the range includes the last 24 h: durable containment may still fall'),
  totals: Figures, byChannel: z.array(Figures.extend({ channel: str })), byLang: z.array(Figures.extend({ lang: str })),
  daily: z.array(z.object({ day: str, conversations: int, contained: int, durable: int, handoffs: int, ratings: int, helpViews: int, helpSearches: int }).partial()),
  topEntries: z.array(EntryFigures), failingEntries: z.array(EntryFigures),
});
const Conversation = z.object({
  id: int, conversationId: str, customerId: nstr.optional(), channel: str, lang: nstr.optional(), startedAt: date, lastAt: date.optional(),
  messages: int.optional(), answers: int.optional(), clarifies: int.optional(), fallbacks: int.optional(), smallTalk: int.optional(),
  handoffReason: nstr.optional(), handoffAt: date.nullable().optional(), firstResponseS: num.optional(), firstResponseBusinessS: num.optional(),
  resolutionS: num.optional(), resolutionBusinessS: num.optional(), rating: int.nullable().optional(), contained: z.boolean(), durable: z.boolean(), returnedAt: date.nullable().optional(),
}).describe('one visit (see docs/METRICS.md "conversations")');
const TranscriptLine = z.object({ role: str, text: str, at: date, channel: str.optional(), lang: nstr.optional(), entryId: nstr.optional(), confidence: num.optional() });
const tags = ['analytics'];

/** The report, the conversations behind a figure, one conversation, CSV tables and the definitions. */
export function registerAnalyticsPaths(api: AdminApi): void {
  api.add({
    method: 'get', path: '/api/admin/analytics/report', tags, description: NEEDS,
    summary: 'Every dashboard figure: totals, per channel, per language, per day, top and failing entries',
    request: { query: Filter }, responses: { 200: jsonResponse('the report', Report), ...errors(400, 401, 403) },
  });
  api.add({
    method: 'get', path: '/api/admin/analytics/conversations', tags, description: NEEDS,
    summary: 'The conversations behind a figure (one row per conversation), as JSON or CSV',
    request: { query: ListQuery },
    responses: {
      200: { description: 'newest first', content: { 'application/json': { schema: z.object({ filter: z.object({}).passthrough(), show: str, conversations: z.array(Conversation) }) }, ...csv } },
      ...errors(400, 401, 403),
    },
  });
  api.add({
    method: 'get', path: '/api/admin/analytics/conversations/{id}', tags, summary: 'One conversation with its transcript', description: NEEDS,
    request: { params: z.object({ id: int.positive() }) },
    responses: { 200: jsonResponse('the conversation and its messages', z.object({ conversation: Conversation, transcript: z.array(TranscriptLine) })), ...errors(401, 403, 404) },
  });
  api.add({
    method: 'get', path: '/api/admin/analytics/export/{table}', tags, summary: 'A dashboard table as CSV', description: `${NEEDS} \`conversations\` is one row per conversation.`,
    request: { params: z.object({ table: z.enum([...TABLE_NAMES, ...TABLE_NAMES.map((t) => `${t}.csv`)] as [string, ...string[]]) }), query: Filter },
    responses: { 200: { description: 'the table', content: csv }, ...errors(400, 401, 403, 404) },
  });
  api.add({
    method: 'get', path: '/api/admin/analytics/definitions', tags, summary: 'The definition of every figure (as in docs/METRICS.md)', description: NEEDS,
    responses: { 200: jsonResponse('by metric name', z.object({ definitions: z.record(str) })), ...errors(401, 403) },
  });
}
