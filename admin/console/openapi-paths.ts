/** OpenAPI 3 description of the agent console API (routes.ts, channel-problems.ts), merged into /api/openapi.json. */

const str = { type: 'string' };
const obj = { type: 'object' };
const json = (schema: object) => ({ 'application/json': { schema } });
const error = { $ref: '#/components/schemas/Error' };
const fail = (description: string) => ({ description, content: json(error) });
const ok = (description: string, schema: object = obj) => ({ description, content: json(schema) });
const body = (required: string[], properties: Record<string, object>) => ({ required: true, content: json({ type: 'object', ...(required.length ? { required } : {}), properties }) });
const idParam = { name: 'id', in: 'path', required: true, schema: str };
const CONSOLE = 'Needs `console` (agents, admins).';
const readRefused = { 401: fail('not signed in (`unauthenticated`)'), 403: fail('the role lacks `console` (`forbidden`)') };
const writeRefused = {
  401: readRefused[401], 400: fail('bad input (`bad_request`, `empty`, `too_long`, `no_such_agent`)'), 404: fail('no such conversation (`not_found`)'),
  403: fail('the role lacks `console`, another agent holds it (`not_holder`, `forbidden`), or a cross-site request (`cross_origin`)'),
  409: fail('not allowed in its current state (`illegal`), or another agent changed it first (`conflict`)'), 415: fail('not JSON (`unsupported_media_type`)'),
};
const state = ok('the new state', { type: 'object', properties: { status: str, assignee: obj } });
const action = (summary: string, requestBody: object, responses: object = { 200: state }) => ({
  post: { tags: ['console'], summary, description: CONSOLE, parameters: [idParam], requestBody, responses: { ...responses, ...writeRefused } },
});

/** `paths` entries for the queue, one conversation and what agents do with it, and the live events. */
export const consolePaths = {
  '/api/admin/queue': {
    get: { tags: ['console'], summary: 'Waiting and held conversations, oldest first, with the opening hours', description: CONSOLE, responses: { 200: ok('the queue', { type: 'object', required: ['conversations', 'hours'], properties: { conversations: { type: 'array', items: obj }, hours: obj } }), ...readRefused } },
  },
  '/api/admin/agents': {
    get: { tags: ['console'], summary: 'Accounts a conversation can be transferred to', description: CONSOLE, responses: { 200: ok('the agents', { type: 'object', required: ['agents'], properties: { agents: { type: 'array', items: obj } } }), ...readRefused } },
  },
  '/api/admin/conversations/{id}': {
    get: {
      tags: ['console'], summary: 'A conversation: handoff packet, transcript, notes, reply window, ownership history, webhook deliveries', description: CONSOLE,
      parameters: [idParam], responses: { 200: ok('the conversation'), ...readRefused, 404: fail('no such conversation (`not_found`)') },
    },
  },
  '/api/admin/conversations/{id}/claim': action('Claim a waiting conversation', body([], {})),
  '/api/admin/conversations/{id}/reply': action('Reply to the customer on their channel (only the agent holding it)', body(['text'], { text: str }), {
    201: ok('stored; `delivery.ok: false` with `code: "window_closed"` when the channel refused it', { type: 'object', properties: { message: obj, delivery: obj } }),
  }),
  '/api/admin/conversations/{id}/notes': action('Add an internal note (agents only see it)', body(['text'], { text: str }), { 201: ok('the note', { type: 'object', properties: { note: obj } }) }),
  '/api/admin/conversations/{id}/transfer': action('Give the conversation to another agent', body(['agentId'], { agentId: str, note: str })),
  '/api/admin/conversations/{id}/release': action('Put the conversation back in the queue', body([], {})),
  '/api/admin/conversations/{id}/resolve': action('Resolve: the bot answers the customer again', body([], { askRating: { type: 'boolean', description: 'ask the customer for a 1-5 rating' } })),
  '/api/admin/events': {
    get: {
      tags: ['console'], summary: 'Live queue events (server-sent events: hello, change, expired)', description: CONSOLE,
      responses: { 200: { description: 'an event stream', content: { 'text/event-stream': { schema: str } } }, ...readRefused },
    },
  },
  '/api/admin/channel-problems': {
    get: {
      tags: ['console'], summary: 'Webhooks refused as malformed and replies the providers did not take', description: 'Needs `users` (admins).',
      responses: { 200: ok('the problems', { type: 'object', required: ['rejected', 'sendFailures'], properties: { rejected: { type: 'array', items: obj }, sendFailures: { type: 'array', items: obj } } }), 401: fail('not signed in (`unauthenticated`)'), 403: fail('the role lacks `users` (`forbidden`)') },
    },
  },
};
