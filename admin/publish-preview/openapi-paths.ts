/** OpenAPI 3 description of the publish preview routes, merged into /api/openapi.json. */
import { errorResponse } from '../openapi-errors.ts';

const side = {
  type: 'object', required: ['zone'],
  properties: { zone: { type: 'string', enum: ['answer', 'clarify', 'fallback', 'handoff'] }, entry: { type: 'string' }, confidence: { type: 'number' } },
};
const preview = {
  type: 'object',
  required: ['draftsHash', 'ranAt', 'seconds', 'questions', 'counts', 'table', 'changed', 'gate', 'coverage', 'suiteErrors', 'overridden'],
  properties: {
    draftsHash: { type: 'string' },
    liveVersion: { type: 'integer' },
    ranAt: { type: 'string', format: 'date-time' },
    seconds: { type: 'number' },
    questions: { type: 'object', properties: { suite: { type: 'integer' }, recent: { type: 'integer' }, unanswered: { type: 'integer' } } },
    counts: { type: 'object', description: 'questions per change: newly-answered, newly-wrong, newly-unanswered, answer-changed, fixed, other', additionalProperties: { type: 'integer' } },
    table: { type: 'object', description: 'zone live → zone with the drafts: count', additionalProperties: { type: 'object', additionalProperties: { type: 'integer' } } },
    changed: {
      type: 'array',
      items: {
        type: 'object', required: ['source', 'text', 'live', 'draft'],
        properties: {
          source: { type: 'string', enum: ['suite', 'recent', 'unanswered'] }, text: { type: 'string' }, lang: { type: 'string' },
          expectedEntry: { type: 'string' }, expectedZone: { type: 'string' }, test: { type: 'string' }, critical: { type: 'boolean' }, live: side, draft: side,
          change: { type: 'string', enum: ['newly-answered', 'newly-wrong', 'newly-unanswered', 'answer-changed', 'fixed', 'other'] },
        },
      },
    },
    gate: {
      type: 'object', required: ['mode', 'blocked', 'reasons', 'worse', 'better', 'p'],
      properties: { mode: { type: 'string', enum: ['off', 'warn', 'block'] }, blocked: { type: 'boolean' }, reasons: { type: 'array', items: { type: 'string' } }, worse: { type: 'integer' }, better: { type: 'integer' }, p: { type: 'number' } },
    },
    coverage: {
      type: 'object', required: ['entries', 'pairs', 'covered', 'missing'],
      properties: { entries: { type: 'integer' }, pairs: { type: 'integer' }, covered: { type: 'integer' }, missing: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } } },
    },
    suiteErrors: { type: 'array', items: { type: 'string' } },
    overridden: { type: 'boolean', description: 'an admin has overridden the gate for these drafts' },
  },
};

/** `paths` entries for the publish preview. */
export const publishPreviewPaths = {
  '/api/admin/publish-preview': {
    post: {
      tags: ['publish'],
      summary: 'What changes if the drafts are published',
      description: 'Puts every suite question (SUITES_DIR) and the recent and unanswered customer questions to the live version and to the drafts (as the test console does), and returns the moves, the zone transitions, coverage and the gate (PUBLISH_GATE). Cached until the drafts or the live version change; `?fresh=1` reruns. Needs `knowledge` or `analytics`. With PUBLISH_GATE=block, `POST /api/admin/publish` answers 409 `publish_gate` while this blocks and no admin overrode it.',
      parameters: [{ name: 'fresh', in: 'query', required: false, schema: { type: 'string', enum: ['1'] } }],
      responses: {
        200: { description: 'the preview', content: { 'application/json': { schema: preview } } },
        401: errorResponse('not signed in'), 403: errorResponse('the role cannot read the knowledge base, or a cross-origin request'),
        409: errorResponse('drafts cannot be tested on this server (`no_drafts`)'),
      },
    },
  },
  '/api/admin/publish-preview/override': {
    post: {
      tags: ['publish'],
      summary: 'Let the current drafts through the publish gate (admins)',
      description: 'Records the override, with its reason and the gate\'s reasons, in the knowledge audit log (action `publish.gate-override`). It holds for these drafts only. Needs the `users` permission (admins).',
      requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', additionalProperties: false, required: ['reason'], properties: { reason: { type: 'string', minLength: 3, maxLength: 500 } } } } } },
      responses: {
        200: { description: 'overridden', content: { 'application/json': { schema: { type: 'object', properties: { overridden: { type: 'boolean' }, draftsHash: { type: 'string' } } } } } },
        400: errorResponse('no reason given'), 401: errorResponse('not signed in'), 403: errorResponse('not an admin, or a cross-origin request'),
        409: errorResponse('drafts cannot be tested on this server (`no_drafts`)'),
      },
    },
  },
};
