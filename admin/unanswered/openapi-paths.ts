/** The unanswered inbox (routes.ts) in the OpenAPI document: bodies and queries are the routes' own schemas. */
import { FaqEntry, PublishJob } from '../knowledge/openapi-schemas.ts';
import { errorResponses } from '../openapi-errors.ts';
import { jsonBody, jsonResponse, z, type AdminApi } from '../openapi-registry.ts';
import { AddAlternate, AddSynonym, Dismiss, Empty, ListQuery, ToEntry } from './routes.ts';
import { GROUP_STATUSES, UNANSWERED_REASONS, type GroupStatus, type UnansweredReason } from './types.ts';

const REFUSED: Record<number, string> = {
  400: 'bad input (zod issues in `details`)', 401: 'not signed in', 403: 'role lacks the permission, or a cross-site request',
  404: 'no such group, entry, conversation or message', 409: 'the group is not open, the entry has no version in its language, or no question to use', 415: 'not JSON',
};
const errors = (...codes: number[]) => errorResponses(Object.fromEntries(codes.map((c) => [c, REFUSED[c]!])));
const str = z.string();
const int = z.number().int();
const Reason = z.enum(UNANSWERED_REASONS as [UnansweredReason, ...UnansweredReason[]]);
// What `groupView` (routes.ts) answers.
const Group = z.object({
  id: str, text: str.describe('the first question of the group'), lang: str, count: int,
  reasons: z.object(Object.fromEntries(UNANSWERED_REASONS.map((r) => [r, int]))),
  lastAt: z.string().datetime(), status: z.enum(GROUP_STATUSES as [GroupStatus, ...GroupStatus[]]),
  dismissReason: str.optional(), resolvedEntryId: str.optional(),
  questions: z.array(z.object({
    id: str, text: str, at: z.string().datetime(), reason: Reason,
    source: z.enum(['chat', 'help-center']).describe('asked in a conversation, or searched in the help center (reason "clarify": no good result)'),
    conversationId: str.optional().describe('absent for a help-center search'),
    chosen: z.object({ entryId: str, title: str }).optional().describe('the suggestion the customer pressed right after the bot clarified this question'),
  })).describe('newest first (at most 50)'),
  suggested: z.object({ entryId: str, title: str, confidence: z.number() }).optional().describe('the entry the bot suggested most often for these questions'),
  chosen: z.object({ entryId: str, title: str, count: int }).optional().describe('the suggestion customers pressed most often after a clarification of these questions, and how many times'),
  unknownWords: z.array(str).optional().describe('words of these questions that no entry of the language uses (typos of its words aside), most frequent first, at most 5: synonyms to add'),
});
const newEntry = jsonResponse('a new, unsaved draft (save it with POST /api/admin/entries)', z.object({ entry: FaqEntry }));
const groupParams = z.object({ groupId: str });
const tags = ['unanswered'];

/** The inbox and `POST /api/admin/conversations/{id}/to-entry`. */
export function registerUnansweredPaths(api: AdminApi): void {
  api.add({
    method: 'get', path: '/api/admin/unanswered', tags, summary: 'Questions the bot could not answer confidently, grouped by similarity',
    description: 'Clarified, handed off after trying (not "talk to a person"), or rated unhelpful. Most asked first. Needs `knowledge` or `analytics`.',
    request: { query: ListQuery },
    responses: { 200: jsonResponse('the groups', z.object({ groups: z.array(Group) })), ...errors(400, 401, 403) },
  });
  api.add({
    method: 'get', path: '/api/admin/labeled-questions', tags, summary: 'Customers\' questions labelled by the customers, as an eval dataset',
    description: 'JSON Lines for `npm run eval -- <file> --kb <folder>`: a question the bot clarified with the suggestion the customer then pressed, or one it answered that the customer rated helpful. Newest label per text; texts that are already phrasings of the live knowledge base, and entries no longer live, are left out. Needs `knowledge` or `analytics`.',
    responses: {
      200: { description: 'one example per line', content: { 'application/x-ndjson': { schema: z.string().describe('lines of {"text", "label" (entry id), "lang", "split": "test", "source": "customer-choice" | "helpful"}') } } },
      ...errors(401, 403),
    },
  });
  api.add({
    method: 'post', path: '/api/admin/unanswered/{groupId}/add-alternate', tags, summary: 'Add the questions as alternates of an entry and publish',
    description: 'Adds the group\'s questions (all, or `questionIds`) to the entry\'s version in the group\'s language (skipping ones it has), starts a publish and marks the group resolved. Needs `knowledge`.',
    request: { params: groupParams, body: jsonBody(AddAlternate) },
    responses: {
      200: jsonResponse('the saved draft and the publish job', z.object({ entry: FaqEntry, revision: int, job: PublishJob, added: z.array(str) })),
      ...errors(400, 401, 403, 404, 409, 415),
    },
  });
  api.add({
    method: 'post', path: '/api/admin/unanswered/{groupId}/add-synonym', tags, summary: 'Read a customer\'s word as one the entries use, and publish',
    description: 'Adds the group "sameAs, word" to the knowledge base\'s synonyms entry in the group\'s language (making the entry, or its version in that language, when missing) and starts a publish, which trains nothing. `sameAs` must be a word the entries use. The group stays open. Needs `knowledge`.',
    request: { params: groupParams, body: jsonBody(AddSynonym) },
    responses: {
      200: jsonResponse('the saved synonyms entry, the group added and the publish job', z.object({ entry: FaqEntry, revision: int, group: str, job: PublishJob })),
      ...errors(400, 401, 403, 404, 409, 415),
    },
  });
  api.add({
    method: 'post', path: '/api/admin/unanswered/{groupId}/new-entry', tags, summary: 'A new entry pre-filled from the group',
    description: 'Question: the group\'s text; alternates: its other phrasings; answer: an agent\'s reply when one of the questions was handed off and answered. Nothing is saved. Needs `knowledge`.',
    request: { params: groupParams, body: jsonBody(Empty) },
    responses: { 200: newEntry, ...errors(400, 401, 403, 404, 415) },
  });
  api.add({
    method: 'post', path: '/api/admin/unanswered/{groupId}/dismiss', tags, summary: 'Dismiss an open group with a reason',
    description: 'Later questions like it join the dismissed group quietly. Needs `knowledge`.',
    request: { params: groupParams, body: jsonBody(Dismiss) },
    responses: { 200: jsonResponse('dismissed', z.object({ ok: z.boolean() })), ...errors(400, 401, 403, 404, 409, 415) },
  });
  api.add({
    method: 'post', path: '/api/admin/conversations/{id}/to-entry', tags, summary: 'A new entry from an agent\'s reply',
    description: 'Question: the customer\'s question before the handoff (or their last question before the reply); answer: the agent\'s reply `messageId`. Nothing is saved. Needs `knowledge`.',
    request: { params: z.object({ id: str }), body: jsonBody(ToEntry) },
    responses: { 200: newEntry, ...errors(400, 401, 403, 404, 409, 415) },
  });
}
