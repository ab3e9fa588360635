/**
 * The knowledge editor's routes (entries-, publish-, transfer- and threshold-routes.ts) in the
 * OpenAPI document: bodies and queries are the routes' own schemas; the answers are described here
 * and in openapi-schemas.ts.
 */
import { errorResponses } from '../openapi-errors.ts';
import { jsonBody, jsonResponse, z, type AdminApi } from '../openapi-registry.ts';
import { AuditQuery, CreateBody, DeleteQuery, ListQuery, PreviewBody, UpdateBody } from './entries-routes.ts';
import { AuditEvent, EntrySummary, FaqEntry, PublishJob } from './openapi-schemas.ts';
import { PublishBody, RollbackBody, VersionParam } from './publish-routes.ts';
import { ENTRY_ID } from './schema.ts';
import { OverrideBody } from './threshold-routes.ts';
import { ExportQuery, ImportBody } from './transfer-routes.ts';

const str = z.string();
const strings = z.array(str);
const int = z.number().int();
const date = z.string().datetime();
const ERRORS: Record<number, string> = {
  400: 'bad input (`bad_request` with zod issues in `details`, or `bad_json`)',
  401: 'not signed in (`unauthenticated`)',
  403: 'the role lacks the permission (`forbidden`), or a cross-site request (`cross_origin`)',
  404: 'no such entry, version or job (`not_found`)',
  409: 'conflicting state: `exists`, `stale_revision` (with the current `revision`), `publish_running`',
  413: 'body larger than 1 MB (`too_large`)',
  415: 'a write that is not JSON (`unsupported_media_type`)',
  422: 'malformed import file (`malformed`, with `file` and `line`)',
};
const errors = (...codes: number[]) => errorResponses(Object.fromEntries(codes.map((c) => [c, ERRORS[c]!])));
const readErrors = () => errors(400, 401, 403);
const writeErrors = (...more: number[]) => errors(400, 401, 403, 413, 415, ...more);

const READ = 'Needs `knowledge` or `analytics`.';
const WRITE = 'Needs `knowledge`; JSON from this origin.';
// The routes check `:id` by hand (an unknown or malformed id is a 404 before the body is read).
const entryParams = z.object({ id: z.string().regex(ENTRY_ID).max(100) });
const langParams = z.object({ lang: str.describe('a published language') });
const Diff = z.object({ added: strings, changed: strings, removed: strings, unchanged: int });
const saved = z.object({ entry: FaqEntry, revision: int });
// The thresholds of one language (Knowledge.thresholdReport): described loosely, its parts vary with the source.
const Thresholds = z.object({ lang: str, effective: z.object({}).passthrough().optional(), chosen: z.object({}).passthrough().optional(), override: z.object({}).passthrough().optional() });

/** Entries, preview, changes and the audit log. */
function registerEntryPaths(api: AdminApi): void {
  const tags = ['entries'];
  api.add({
    method: 'get', path: '/api/admin/entries', tags, summary: 'List and search the draft entries', description: READ,
    request: { query: ListQuery },
    responses: { 200: jsonResponse('the entries', z.object({ entries: z.array(EntrySummary), languages: strings, tags: strings, enoughPhrasings: int.describe('ways to ask per language below which the editor advises adding more') })), ...readErrors() },
  });
  api.add({
    method: 'post', path: '/api/admin/entries', tags, summary: 'Create a draft entry', description: WRITE,
    request: { body: jsonBody(CreateBody.extend({ entry: FaqEntry })) },
    responses: { 201: jsonResponse('created', saved), ...writeErrors(409) },
  });
  api.add({
    method: 'get', path: '/api/admin/entries/{id}', tags, summary: 'One draft entry, beside its live version', description: READ,
    request: { params: entryParams },
    responses: {
      200: jsonResponse('the entry', z.object({ entry: FaqEntry, live: FaqEntry.optional(), revision: int, updatedAt: date, updatedBy: str.nullable(), changed: z.boolean() })),
      ...errors(401, 403, 404),
    },
  });
  api.add({
    method: 'put', path: '/api/admin/entries/{id}', tags, summary: 'Save a draft entry (compare-and-set on its revision)', description: WRITE,
    request: { params: entryParams, body: jsonBody(UpdateBody.extend({ entry: FaqEntry })) },
    responses: { 200: jsonResponse('saved', saved), ...writeErrors(404, 409) },
  });
  api.add({
    method: 'delete', path: '/api/admin/entries/{id}', tags, summary: 'Delete a draft entry (gone from the bot at the next publish)', description: 'Needs `knowledge`; no body needed.',
    request: { params: entryParams, query: DeleteQuery },
    responses: { 200: jsonResponse('deleted', z.object({ ok: z.boolean() })), ...errors(400, 401, 403, 404, 409) },
  });
  api.add({
    method: 'post', path: '/api/admin/preview', tags, summary: "Render an answer's Markdown as the web chat shows it (same renderer and sanitizer)", description: WRITE,
    request: { body: jsonBody(PreviewBody) },
    responses: { 200: jsonResponse('sanitized HTML', z.object({ html: str })), ...writeErrors() },
  });
  api.add({
    method: 'get', path: '/api/admin/changes', tags: ['publish'], summary: 'What the drafts add, change and remove against the live version', description: READ,
    responses: { 200: jsonResponse('the differences', z.object({ added: strings, changed: strings, removed: strings, liveVersion: int.nullable() })), ...errors(401, 403) },
  });
  api.add({
    method: 'get', path: '/api/admin/audit', tags: ['publish'], summary: 'The audit log, newest first', description: READ,
    request: { query: AuditQuery },
    responses: { 200: jsonResponse('events', z.object({ events: z.array(AuditEvent) })), ...readErrors() },
  });
}

/** Publish, jobs, versions, rollback and the thresholds. */
function registerPublishPaths(api: AdminApi): void {
  const tags = ['publish'];
  api.add({
    method: 'post', path: '/api/admin/publish', tags, summary: 'Publish the drafts as a new version (in the background)',
    description: `${WRITE} Only changed text is embedded; the bot switches to the new version when it is ready. One publish at a time. With PUBLISH_GATE=block, 409 \`publish_gate\` while the publish preview finds a regression no admin overrode.`,
    request: { body: jsonBody(PublishBody) },
    responses: { 202: jsonResponse('started; poll the job', z.object({ job: PublishJob })), ...writeErrors(409) },
  });
  api.add({
    method: 'get', path: '/api/admin/publish/{jobId}', tags, summary: "A publish job's progress", description: READ,
    request: { params: z.object({ jobId: str }) },
    responses: { 200: jsonResponse('the job', z.object({ job: PublishJob })), ...errors(401, 403, 404) },
  });
  api.add({
    method: 'get', path: '/api/admin/versions', tags, summary: 'Published versions, newest first', description: READ,
    responses: {
      200: jsonResponse('versions', z.object({ live: int.optional(), versions: z.array(z.object({ version: int, createdAt: date, note: str.optional(), entries: int, live: z.boolean() })) })),
      ...errors(401, 403),
    },
  });
  api.add({
    method: 'post', path: '/api/admin/versions/{version}/rollback', tags, summary: 'Make an earlier version live again (as a new version); the drafts become its entries', description: WRITE,
    request: { params: z.object({ version: VersionParam }), body: jsonBody(RollbackBody) },
    responses: { 200: jsonResponse('the new live version', z.object({ version: int })), ...writeErrors(404, 409) },
  });
  api.add({
    method: 'get', path: '/api/admin/thresholds', tags, summary: 'Answer and clarify thresholds per published language',
    description: `${READ} \`effective\` is what the bot uses (source \`publish\`, \`operator\` or \`config\`); \`chosen\` what the live version chose on held-out phrasings, with \`maxWrongRate\`, \`heldOut\` and the \`curve\` ({ t, answered, wrong } per answer threshold); \`override\` an operator's.`,
    responses: { 200: jsonResponse('thresholds', z.object({ languages: z.array(Thresholds) })), ...readErrors() },
  });
  api.add({
    method: 'put', path: '/api/admin/thresholds/{lang}', tags, summary: "Override a language's thresholds (kept across publishes; audited as thresholds.override)", description: WRITE,
    request: { params: langParams, body: jsonBody(OverrideBody) },
    responses: { 200: jsonResponse("the language's thresholds", Thresholds), ...writeErrors(404) },
  });
  api.add({
    method: 'delete', path: '/api/admin/thresholds/{lang}', tags, summary: 'Remove the override: the thresholds chosen at publish apply again (audited as thresholds.reset)', description: WRITE,
    request: { params: langParams },
    responses: { 200: jsonResponse("the language's thresholds", Thresholds), ...writeErrors(404) },
  });
}

/** Export and import. */
function registerTransferPaths(api: AdminApi): void {
  const tags = ['import/export'];
  api.add({
    method: 'get', path: '/api/admin/export', tags, summary: 'Download the drafts',
    description: `${READ} Markdown: a zip of the folder format of knowledge/sample-kb/FORMAT.md; CSV: one row per entry and language.`,
    request: { query: ExportQuery },
    responses: {
      200: {
        description: 'knowledge.zip, knowledge.csv or knowledge.json (Content-Disposition: attachment)',
        content: {
          'application/zip': { schema: str.openapi({ format: 'binary' }) }, 'text/csv': { schema: str },
          'application/json': { schema: z.object({ format: str, version: int, entries: z.array(FaqEntry) }) },
        },
      },
      ...readErrors(),
    },
  });
  api.add({
    method: 'post', path: '/api/admin/import/preview', tags, summary: 'What an import would add, change and remove (changes nothing)', description: WRITE,
    request: { body: jsonBody(ImportBody) }, responses: { 200: jsonResponse('the differences', Diff), ...writeErrors(422) },
  });
  api.add({
    method: 'post', path: '/api/admin/import/apply', tags, summary: 'Make the drafts exactly the file\'s entries, in one transaction', description: WRITE,
    request: { body: jsonBody(ImportBody) }, responses: { 200: jsonResponse('what changed', Diff), ...writeErrors(422) },
  });
}

/** Every knowledge editor route. */
export function registerKnowledgePaths(api: AdminApi): void {
  registerEntryPaths(api);
  registerPublishPaths(api);
  registerTransferPaths(api);
}
