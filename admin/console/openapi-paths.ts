/** The agent console API (routes.ts, channel-problems.ts) in the OpenAPI document, from the bodies the routes validate. */
import { errorResponses } from '../openapi-errors.ts';
import { jsonBody, jsonResponse, z, type AdminApi } from '../openapi-registry.ts';
import { AnswersQuery, FileQuery, Reply, Resolve, Text, Transfer } from './routes.ts';

// The console's views (views.ts) are described by name only: the console UI is their one client.
const anyObject = z.object({}).passthrough();
const CONSOLE = 'Needs `console` (agents, admins).';
const readRefused = { 401: 'not signed in (`unauthenticated`)', 403: 'the role lacks `console` (`forbidden`)' };
const writeRefused = {
  ...readRefused, 400: 'bad input (`bad_request`, `empty`, `too_long`, `no_such_agent`)', 404: 'no such conversation (`not_found`)',
  403: 'the role lacks `console`, another agent holds it (`not_holder`, `forbidden`), or a cross-site request (`cross_origin`)',
  409: 'not allowed in its current state (`illegal`), or another agent changed it first (`conflict`)', 415: 'not JSON (`unsupported_media_type`)',
};
const tags = ['console'];
const params = z.object({ id: z.string() });
// Claim and release read no body; an empty object is what the console sends.
const noBody = z.object({});
const newState = jsonResponse('the new state', z.object({ status: z.string(), assignee: z.string().optional().describe('the id of the agent holding it') }));

/** The queue, one conversation and what agents do with it, the live events, and the channel problems. */
export function registerConsolePaths(api: AdminApi): void {
  api.add({
    method: 'get', path: '/api/admin/queue', tags, summary: 'Waiting and held conversations, oldest first, with the opening hours', description: CONSOLE,
    responses: { 200: jsonResponse('the queue', z.object({ conversations: z.array(anyObject), hours: z.object({ open: z.boolean(), description: z.string() }) })), ...errorResponses(readRefused) },
  });
  api.add({
    method: 'get', path: '/api/admin/agents', tags, summary: 'Accounts a conversation can be transferred to', description: CONSOLE,
    responses: { 200: jsonResponse('the agents', z.object({ agents: z.array(z.object({ id: z.string(), name: z.string(), role: z.string() })) })), ...errorResponses(readRefused) },
  });
  api.add({
    method: 'get', path: '/api/admin/conversations/{id}', tags, description: CONSOLE, request: { params },
    summary: 'A conversation: handoff packet, transcript, notes, reply window, ownership history, webhook deliveries',
    responses: { 200: jsonResponse('the conversation', anyObject), ...errorResponses({ ...readRefused, 404: 'no such conversation (`not_found`)' }) },
  });
  api.add({
    method: 'get', path: '/api/admin/conversations/{id}/media/{ref}', tags, description: CONSOLE, request: { params: z.object({ id: z.string(), ref: z.string() }) },
    summary: 'A photo, voice note or file the customer sent, that the channel keeps by id (WhatsApp Cloud API), fetched with its credentials',
    responses: {
      200: { description: 'the media: photos, voice notes and videos inline, anything else as a download (sandboxed, never sniffed)', content: { 'application/octet-stream': { schema: z.string() } } },
      ...errorResponses({ ...readRefused, 404: 'no such media in this conversation, or the channel no longer keeps it (`not_found`)', 503: 'the channel did not give it now (`provider_unavailable`)' }),
    },
  });
  api.add({
    method: 'get', path: '/api/admin/conversations/{id}/answers', tags, description: CONSOLE, request: { params, query: AnswersQuery },
    summary: 'The knowledge base\'s best answers for a search, or the customer\'s latest message, in the conversation\'s language, to insert into a reply',
    responses: {
      200: jsonResponse('the search and up to three answers (Markdown)', z.object({
        query: z.string(), lang: z.string(),
        answers: z.array(z.object({ entryId: z.string(), lang: z.string(), title: z.string(), answer: z.string(), confidence: z.number() })),
      })),
      ...errorResponses({ ...readRefused, 404: 'no such conversation (`not_found`)', 503: 'no knowledge base on this server (`not_configured`)' }),
    },
  });
  const action = (name: string, summary: string, body: z.ZodTypeAny, ok: Record<number, ReturnType<typeof jsonResponse>>) => api.add({
    method: 'post', path: `/api/admin/conversations/{id}/${name}`, tags, summary, description: CONSOLE,
    request: { params, body: jsonBody(body) }, responses: { ...ok, ...errorResponses(writeRefused) },
  });
  action('claim', 'Claim a waiting conversation', noBody, { 200: newState });
  action('reply', 'Reply to the customer on their channel (only the agent holding it), with words, files, or both', Reply, {
    201: jsonResponse('stored; `delivery.ok: false` with `code: "window_closed"` when the channel refused it. Files: `no_such_file`, '
      + '`files_unsupported` (the channel carries none), `public_url_required` (WhatsApp, Messenger, Twilio and Teams fetch them from PUBLIC_URL) are 400s', z.object({ message: anyObject, delivery: anyObject })),
  });
  api.add({
    method: 'post', path: '/api/admin/conversations/{id}/files', tags, description: CONSOLE,
    summary: 'Upload a photo or PDF (at most 5 MB) for the next reply; the reply names it in `attachments`',
    request: { params, query: FileQuery, body: { content: { 'application/octet-stream': { schema: z.string().describe('the file\'s bytes; its type is read from them') } } } },
    responses: {
      201: jsonResponse('the file', z.object({ ref: z.string(), kind: z.enum(['image', 'file']), mime: z.string(), name: z.string(), size: z.number() })),
      ...errorResponses({ ...writeRefused, 413: 'over 5 MB (`too_large`)', 415: 'not a photo or PDF (`unsupported_file`)', 503: 'files are not kept on this server (`not_configured`)' }),
    },
  });
  action('notes', 'Add an internal note (agents only see it)', Text, { 201: jsonResponse('the note', z.object({ note: anyObject })) });
  action('transfer', 'Give the conversation to another agent', Transfer, { 200: newState });
  action('release', 'Put the conversation back in the queue', noBody, { 200: newState });
  action('resolve', 'Resolve: the bot answers the customer again', Resolve, { 200: newState });
  api.add({
    method: 'get', path: '/api/admin/events', tags, summary: 'Live queue events (server-sent events: hello, change, expired)', description: CONSOLE,
    responses: { 200: { description: 'an event stream', content: { 'text/event-stream': { schema: z.string() } } }, ...errorResponses(readRefused) },
  });
  api.add({
    method: 'get', path: '/api/admin/channel-problems', tags, summary: 'Webhooks refused as malformed and replies the providers did not take', description: 'Needs `users` (admins).',
    responses: {
      200: jsonResponse('the problems', z.object({ rejected: z.array(anyObject), sendFailures: z.array(anyObject) })),
      ...errorResponses({ 401: 'not signed in (`unauthenticated`)', 403: 'the role lacks `users` (`forbidden`)' }),
    },
  });
}
