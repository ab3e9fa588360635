/** OpenAPI 3 description of the unanswered-questions routes, merged into /api/openapi.json. */
import { errorResponse } from '../openapi-errors.ts';

const json = (schema: object) => ({ 'application/json': { schema } });
const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, errorResponse(({ 400: 'bad input (zod issues in `details`)', 401: 'not signed in', 403: 'role lacks the permission, or a cross-site request', 404: 'no such group, entry, conversation or message', 409: 'the group is not open, the entry has no version in its language, or no question to use', 415: 'not JSON' } as Record<number, string>)[c]!)]));
const groupIdParam = { name: 'groupId', in: 'path', required: true, schema: { type: 'string' } };

const variant = {
  type: 'object', required: ['lang', 'question', 'alternates', 'answer'],
  properties: { lang: { type: 'string' }, question: { type: 'string' }, alternates: { type: 'array', items: { type: 'string' } }, answer: { type: 'string', description: 'Markdown' } },
};
const entry = {
  type: 'object', required: ['id', 'tags', 'related', 'status', 'variants'],
  properties: {
    id: { type: 'string' }, category: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } },
    related: { type: 'array', items: { type: 'string' } }, status: { type: 'string', enum: ['draft', 'published'] }, variants: { type: 'array', items: variant },
  },
};
const suggested = { type: 'object', required: ['entryId', 'title', 'confidence'], properties: { entryId: { type: 'string' }, title: { type: 'string' }, confidence: { type: 'number' } } };
const reasons = ['clarify', 'handoff', 'unhelpful'];
const group = {
  type: 'object', required: ['id', 'text', 'lang', 'count', 'reasons', 'lastAt', 'status', 'questions'],
  properties: {
    id: { type: 'string' }, text: { type: 'string', description: 'the first question of the group' }, lang: { type: 'string' }, count: { type: 'integer' },
    reasons: { type: 'object', required: reasons, properties: Object.fromEntries(reasons.map((r) => [r, { type: 'integer' }])) },
    lastAt: { type: 'string', format: 'date-time' }, status: { type: 'string', enum: ['open', 'dismissed', 'resolved'] },
    dismissReason: { type: 'string' }, resolvedEntryId: { type: 'string' },
    questions: {
      type: 'array', description: 'newest first (at most 50)',
      items: {
        type: 'object', required: ['id', 'text', 'at', 'reason', 'source'],
        properties: {
          id: { type: 'string' }, text: { type: 'string' }, at: { type: 'string', format: 'date-time' }, reason: { type: 'string', enum: reasons },
          source: { type: 'string', enum: ['chat', 'help-center'], description: 'asked in a conversation, or searched in the help center (reason "clarify": no good result)' },
          conversationId: { type: 'string', description: 'absent for a help-center search' },
        },
      },
    },
    suggested: { ...suggested, description: 'the entry the bot suggested most often for these questions' },
  },
};
const entryAnswer = { description: 'a new, unsaved draft (save it with POST /api/admin/entries)', content: json({ type: 'object', required: ['entry'], properties: { entry } }) };
const body = (schema: object) => ({ required: true, content: json(schema) });

/** `paths` entries for the unanswered inbox and `POST /api/admin/conversations/{id}/to-entry`. */
export const unansweredPaths = {
  '/api/admin/unanswered': {
    get: {
      tags: ['unanswered'], summary: 'Questions the bot could not answer confidently, grouped by similarity',
      description: 'Clarified, handed off after trying (not "talk to a person"), or rated unhelpful. Most asked first. Needs `knowledge` or `analytics`.',
      parameters: [
        { name: 'status', in: 'query', schema: { type: 'string', enum: ['open', 'dismissed', 'resolved'], default: 'open' } },
        { name: 'lang', in: 'query', schema: { type: 'string' } },
      ],
      responses: { 200: { description: 'the groups', content: json({ type: 'object', required: ['groups'], properties: { groups: { type: 'array', items: group } } }) }, ...errors(400, 401, 403) },
    },
  },
  '/api/admin/unanswered/{groupId}/add-alternate': {
    post: {
      tags: ['unanswered'], summary: 'Add the questions as alternates of an entry and publish',
      description: 'Adds the group\'s questions (all, or `questionIds`) to the entry\'s version in the group\'s language (skipping ones it has), starts a publish and marks the group resolved. Needs `knowledge`.',
      parameters: [groupIdParam],
      requestBody: body({ type: 'object', additionalProperties: false, required: ['entryId'], properties: { entryId: { type: 'string' }, questionIds: { type: 'array', items: { type: 'string' }, minItems: 1 } } }),
      responses: {
        200: {
          description: 'the saved draft and the publish job',
          content: json({ type: 'object', required: ['entry', 'revision', 'job', 'added'], properties: { entry, revision: { type: 'integer' }, job: { type: 'object', description: 'PublishJob' }, added: { type: 'array', items: { type: 'string' } } } }),
        },
        ...errors(400, 401, 403, 404, 409, 415),
      },
    },
  },
  '/api/admin/unanswered/{groupId}/new-entry': {
    post: {
      tags: ['unanswered'], summary: 'A new entry pre-filled from the group',
      description: 'Question: the group\'s text; alternates: its other phrasings; answer: an agent\'s reply when one of the questions was handed off and answered. Nothing is saved. Needs `knowledge`.',
      parameters: [groupIdParam], requestBody: body({ type: 'object', additionalProperties: false }),
      responses: { 200: entryAnswer, ...errors(400, 401, 403, 404, 415) },
    },
  },
  '/api/admin/unanswered/{groupId}/dismiss': {
    post: {
      tags: ['unanswered'], summary: 'Dismiss an open group with a reason',
      description: 'Later questions like it join the dismissed group quietly. Needs `knowledge`.',
      parameters: [groupIdParam],
      requestBody: body({ type: 'object', additionalProperties: false, required: ['reason'], properties: { reason: { type: 'string', minLength: 1, maxLength: 500 } } }),
      responses: { 200: { description: 'dismissed', content: json({ type: 'object', properties: { ok: { type: 'boolean' } } }) }, ...errors(400, 401, 403, 404, 409, 415) },
    },
  },
  '/api/admin/conversations/{id}/to-entry': {
    post: {
      tags: ['unanswered'], summary: 'A new entry from an agent\'s reply',
      description: 'Question: the customer\'s question before the handoff (or their last question before the reply); answer: the agent\'s reply `messageId`. Nothing is saved. Needs `knowledge`.',
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      requestBody: body({ type: 'object', additionalProperties: false, required: ['messageId'], properties: { messageId: { type: 'string' } } }),
      responses: { 200: entryAnswer, ...errors(400, 401, 403, 404, 409, 415) },
    },
  },
} as const;
