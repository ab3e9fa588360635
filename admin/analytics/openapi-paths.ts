/** OpenAPI 3 description of the analytics routes, merged into /api/openapi.json. */
import { TABLE_NAMES } from '../../analytics/index.ts';
import { errorResponse } from '../openapi-errors.ts';

const json = (schema: object) => ({ 'application/json': { schema } });
const csv = { 'text/csv': { schema: { type: 'string', description: 'RFC 4180, header row first' } } };
const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, errorResponse(({ 400: 'bad query (zod issues in `details`), or a range longer than 400 days', 401: 'not signed in', 403: 'the role lacks `analytics`', 404: 'no such conversation or table' } as Record<number, string>)[c]!)]));
const NEEDS = 'Needs `analytics` (analyst, editor, admin). Figures are defined in docs/METRICS.md and by `GET /api/admin/analytics/definitions`.';
const num = { type: 'number', nullable: true };
const filterParams = [
  { name: 'from', in: 'query', description: 'first UTC day, YYYY-MM-DD (default: 29 days before `to`)', schema: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } },
  { name: 'to', in: 'query', description: 'last UTC day, inclusive (default: today)', schema: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } },
  { name: 'channel', in: 'query', description: 'one channel (e.g. webchat, sms, whatsapp; `help` for the help center)', schema: { type: 'string' } },
  { name: 'lang', in: 'query', description: 'one language code', schema: { type: 'string' } },
];
const rate = {
  type: 'object', required: ['k', 'n', 'value', 'low', 'high', 'small'], description: 'k of n with its 95 % Wilson interval; `small` when n < 30',
  properties: { k: { type: 'number' }, n: { type: 'number' }, value: num, low: num, high: num, small: { type: 'boolean' } },
};
const duration = {
  type: 'object', required: ['n', 'medianS', 'p90S', 'meanS', 'exact', 'small'],
  properties: { n: { type: 'integer' }, medianS: num, p90S: num, meanS: num, exact: { type: 'boolean', description: 'false: read from fixed buckets (about ±16 %)' }, small: { type: 'boolean' } },
};
const clocks = { type: 'object', required: ['calendar', 'business'], properties: { calendar: duration, business: duration } };
const figureProps = {
  conversations: { type: 'integer' }, containment: rate, durableContainment: rate,
  handoffRate: { type: 'object', required: ['total', 'byReason'], properties: { total: rate, byReason: { type: 'object', additionalProperties: rate } } },
  decisions: { type: 'object', description: 'answer, clarify, fallback, handoff, conversation', additionalProperties: rate },
  firstResponse: clocks, resolution: clocks,
  csat: {
    type: 'object', required: ['ratings', 'average', 'distribution', 'satisfied', 'answerVotes', 'articleVotes'],
    properties: { ratings: { type: 'integer' }, average: num, distribution: { type: 'array', items: { type: 'integer' }, description: 'count of 1 … 5' }, satisfied: rate, answerVotes: rate, articleVotes: rate },
  },
  helpCenter: { type: 'object', required: ['views', 'searches', 'withoutResult'], properties: { views: { type: 'integer' }, searches: { type: 'integer' }, withoutResult: rate } },
  funnel: { type: 'array', items: { type: 'object', required: ['step', 'value'], properties: { step: { type: 'string', enum: ['questions', 'answered', 'helpful'] }, value: { type: 'integer' } } } },
};
const figures = { type: 'object', required: Object.keys(figureProps), properties: figureProps };
const entry = {
  type: 'object', required: ['entryId', 'asked', 'failed', 'failureRate'],
  properties: {
    entryId: { type: 'string' }, asked: { type: 'integer' }, notHelpful: { type: 'integer' }, rephrased: { type: 'integer' }, handedOff: { type: 'integer' },
    helpful: { type: 'integer' }, views: { type: 'integer' }, votesUp: { type: 'integer' }, votesDown: { type: 'integer' }, failed: { type: 'integer' }, failureRate: rate,
  },
};
const str = { type: 'string' };
const nstr = { type: 'string', nullable: true };
const date = { type: 'string', format: 'date-time' };
const ndate = { type: 'string', format: 'date-time', nullable: true };
const conversation = {
  type: 'object', description: 'one visit (see docs/METRICS.md "conversations")',
  required: ['id', 'conversationId', 'channel', 'startedAt', 'contained', 'durable'],
  properties: {
    id: { type: 'integer' }, conversationId: str, customerId: nstr, channel: str, lang: nstr, startedAt: date, lastAt: date,
    messages: { type: 'integer' }, answers: { type: 'integer' }, clarifies: { type: 'integer' }, fallbacks: { type: 'integer' }, smallTalk: { type: 'integer' },
    handoffReason: nstr, handoffAt: ndate, firstResponseS: num, firstResponseBusinessS: num, resolutionS: num, resolutionBusinessS: num,
    rating: { type: 'integer', nullable: true }, contained: { type: 'boolean' }, durable: { type: 'boolean' }, returnedAt: ndate,
  },
};

/** `paths` entries for /api/admin/analytics. */
export const analyticsPaths = {
  '/api/admin/analytics/report': {
    get: {
      tags: ['analytics'], summary: 'Every dashboard figure: totals, per channel, per language, per day, top and failing entries', description: NEEDS,
      parameters: filterParams,
      responses: {
        200: {
          description: 'the report',
          content: json({
            type: 'object', required: ['filter', 'exactLatencies', 'provisional', 'totals', 'byChannel', 'byLang', 'daily', 'topEntries', 'failingEntries'],
            properties: {
              filter: { type: 'object', properties: { from: str, to: str, channel: str, lang: str } },
              exactLatencies: { type: 'boolean' }, provisional: { type: 'boolean', description: 'the range includes the last 24 h: durable containment may still fall' },
              totals: figures,
              byChannel: { type: 'array', items: { allOf: [figures, { type: 'object', required: ['channel'], properties: { channel: str } }] } },
              byLang: { type: 'array', items: { allOf: [figures, { type: 'object', required: ['lang'], properties: { lang: str } }] } },
              daily: { type: 'array', items: { type: 'object', properties: { day: str, conversations: { type: 'integer' }, contained: { type: 'integer' }, durable: { type: 'integer' }, handoffs: { type: 'integer' }, ratings: { type: 'integer' }, helpViews: { type: 'integer' }, helpSearches: { type: 'integer' } } } },
              topEntries: { type: 'array', items: entry }, failingEntries: { type: 'array', items: entry },
            },
          }),
        },
        ...errors(400, 401, 403),
      },
    },
  },
  '/api/admin/analytics/conversations': {
    get: {
      tags: ['analytics'], summary: 'The conversations behind a figure (one row per conversation), as JSON or CSV', description: NEEDS,
      parameters: [
        ...filterParams,
        { name: 'show', in: 'query', description: 'all, contained, durable, returned, handoff, reason:<reason>, responded, resolved, rated, rating:<1-5>, unanswered, entry:<id>', schema: { type: 'string', default: 'all' } },
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100000, default: 200 } },
        { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
        { name: 'format', in: 'query', schema: { type: 'string', enum: ['json', 'csv'], default: 'json' } },
      ],
      responses: {
        200: {
          description: 'newest first',
          content: { ...json({ type: 'object', required: ['filter', 'show', 'conversations'], properties: { filter: { type: 'object' }, show: str, conversations: { type: 'array', items: conversation } } }), ...csv },
        },
        ...errors(400, 401, 403),
      },
    },
  },
  '/api/admin/analytics/conversations/{id}': {
    get: {
      tags: ['analytics'], summary: 'One conversation with its transcript', description: NEEDS,
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
      responses: {
        200: {
          description: 'the conversation and its messages',
          content: json({
            type: 'object', required: ['conversation', 'transcript'],
            properties: {
              conversation,
              transcript: { type: 'array', items: { type: 'object', required: ['role', 'text', 'at'], properties: { role: str, text: str, at: date, channel: str, lang: nstr, entryId: nstr, confidence: num } } },
            },
          }),
        },
        ...errors(401, 403, 404),
      },
    },
  },
  '/api/admin/analytics/export/{table}': {
    get: {
      tags: ['analytics'], summary: 'A dashboard table as CSV', description: `${NEEDS} \`conversations\` is one row per conversation.`,
      parameters: [{ name: 'table', in: 'path', required: true, schema: { type: 'string', enum: [...TABLE_NAMES, ...TABLE_NAMES.map((t) => `${t}.csv`)] } }, ...filterParams],
      responses: { 200: { description: 'the table', content: csv }, ...errors(400, 401, 403, 404) },
    },
  },
  '/api/admin/analytics/definitions': {
    get: {
      tags: ['analytics'], summary: 'The definition of every figure (as in docs/METRICS.md)', description: NEEDS,
      responses: { 200: { description: 'by metric name', content: json({ type: 'object', required: ['definitions'], properties: { definitions: { type: 'object', additionalProperties: str } } }) }, ...errors(401, 403) },
    },
  },
};
