/**
 * The OpenAPI 3 document of the admin API (`GET /api/openapi.json`): the knowledge editor's
 * routes described here, merged with the paths of sign-in and accounts, the agent console, the
 * unanswered inbox, the test console, the publish preview and analytics.
 * admin/knowledge/openapi.test.ts checks that every mounted /api/admin route is in it.
 */
import { errorResponse, errorSchema } from './openapi-errors.ts';
import { publishPreviewPaths } from './publish-preview/openapi-paths.ts';
import { analyticsPaths } from './analytics/openapi-paths.ts';
import { authPaths } from './auth/openapi-paths.ts';
import { consolePaths } from './console/openapi-paths.ts';
import { testConsolePaths } from './test-console/openapi-paths.ts';
import { unansweredPaths } from './unanswered/openapi-paths.ts';

type Json = Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json) => ({ 'application/json': { schema } });
const ok = (description: string, schema: Json) => ({ description, content: json(schema) });
const body = (schema: Json) => ({ required: true, content: json(schema) });
// OpenAPI 3.0 forbids an empty `required` list: leave it out when nothing is required.
const obj = (properties: Json, required: string[] = Object.keys(properties)) => ({ type: 'object', ...(required.length ? { required } : {}), properties });
const str = { type: 'string' };
const strings = { type: 'array', items: str };

const ERROR_TEXT: Record<number, string> = {
  400: 'bad input (`bad_request` with zod issues in `details`, or `bad_json`)',
  401: 'not signed in (`unauthenticated`)',
  403: 'the role lacks the permission (`forbidden`), or a cross-site request (`cross_origin`)',
  404: 'no such entry, version or job (`not_found`)',
  409: 'conflicting state: `exists`, `stale_revision` (with the current `revision`), `publish_running`',
  413: 'body larger than 1 MB (`too_large`)',
  415: 'a write that is not JSON (`unsupported_media_type`)',
  422: 'malformed import file (`malformed`, with `file` and `line`)',
};
const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, errorResponse(ERROR_TEXT[c]!)]));
const readErrors = errors(400, 401, 403);
const writeErrors = (...more: number[]) => errors(400, 401, 403, 413, 415, ...more);

const READ = 'Needs `knowledge` or `analytics`.';
const WRITE = 'Needs `knowledge`; JSON from this origin.';
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[a-zA-Z0-9][a-zA-Z0-9_-]*$' } };
const diff = obj({ added: strings, changed: strings, removed: strings, unchanged: { type: 'integer' } });
const importBody = body(obj({
  format: { type: 'string', enum: ['markdown', 'csv', 'json'] },
  content: { type: 'string', description: 'the file: text for csv and json, base64 for the Markdown zip' },
}));

const schemas: Json = {
  Error: errorSchema,
  EntryVariant: obj({
    lang: { type: 'string', pattern: '^[a-z]{2,3}(-[a-z]{2,4})?$' }, question: { type: 'string', maxLength: 500 },
    alternates: strings, answer: { type: 'string', maxLength: 20000, description: 'Markdown' },
  }, ['lang', 'question', 'answer']),
  FaqEntry: obj({
    id: { type: 'string', pattern: '^[a-zA-Z0-9][a-zA-Z0-9_-]*$', maxLength: 100 }, category: str, tags: strings, related: strings,
    status: { type: 'string', enum: ['draft', 'published'], default: 'published' },
    variants: { type: 'array', minItems: 1, items: ref('EntryVariant'), description: 'one per language, languages unique' },
  }, ['id', 'variants']),
  EntrySummary: obj({
    id: str, category: str, tags: strings, status: { type: 'string', enum: ['draft', 'published'] },
    question: { type: 'string', description: 'in the default language, else the first' }, langs: strings,
    missingLangs: { ...strings, description: 'configured languages without a variant' },
    changed: { type: 'boolean', description: 'differs from the live version' }, live: { type: 'boolean', description: 'in the live version' },
    updatedAt: { type: 'string', format: 'date-time' }, updatedBy: str,
  }, ['id', 'tags', 'status', 'question', 'langs', 'missingLangs', 'changed', 'live', 'updatedAt']),
  PublishJob: obj({
    id: str, state: { type: 'string', enum: ['running', 'done', 'failed'] },
    phase: { type: 'string', description: 'starting, embedding, indexing, training, switching, done or failed' },
    done: { type: 'integer' }, total: { type: 'integer' }, startedAt: { type: 'string', format: 'date-time' },
    finishedAt: { type: 'string', format: 'date-time' }, note: str, actor: obj({ id: str, email: str }),
    result: obj({ version: { type: 'integer' }, rows: { type: 'integer' }, entries: { type: 'integer' }, seconds: { type: 'number' } }),
    error: str,
  }, ['id', 'state', 'phase', 'done', 'total', 'startedAt', 'actor']),
  AuditEvent: obj({
    id: str, at: { type: 'string', format: 'date-time' }, actor: obj({ id: { type: 'string', nullable: true }, email: { type: 'string', nullable: true } }),
    action: { type: 'string', description: 'entry.create, entry.update, entry.delete, entry.alternates, import.<format>, publish, rollback, seed, …' },
    entityId: { type: 'string', nullable: true, description: 'an entry id, or v<N> for a version' }, before: {}, after: {},
  }),
};

const knowledgePaths: Json = {
  '/api/admin/entries': {
    get: {
      tags: ['entries'], summary: 'List and search the draft entries', description: READ,
      parameters: [
        { name: 'q', in: 'query', schema: str, description: 'words that must all appear in the id, a question, an alternate or an answer' },
        { name: 'tag', in: 'query', schema: str },
        { name: 'lang', in: 'query', schema: str, description: 'has a variant in this language' },
        { name: 'status', in: 'query', schema: { type: 'string', enum: ['draft', 'published'] } },
        { name: 'missing', in: 'query', schema: str, description: 'lacks this configured language, or `any`' },
      ],
      responses: { 200: ok('the entries', obj({ entries: { type: 'array', items: ref('EntrySummary') }, languages: strings, tags: strings })), ...readErrors },
    },
    post: {
      tags: ['entries'], summary: 'Create a draft entry', description: WRITE,
      requestBody: body(obj({ entry: ref('FaqEntry'), fromUnanswered: { type: 'string', description: 'the unanswered group it answers (resolved with it)' } }, ['entry'])),
      responses: { 201: ok('created', obj({ entry: ref('FaqEntry'), revision: { type: 'integer' } })), ...writeErrors(409) },
    },
  },
  '/api/admin/entries/{id}': {
    parameters: [idParam],
    get: {
      tags: ['entries'], summary: 'One draft entry, beside its live version', description: READ,
      responses: {
        200: ok('the entry', obj({ entry: ref('FaqEntry'), live: ref('FaqEntry'), revision: { type: 'integer' }, updatedAt: { type: 'string', format: 'date-time' }, updatedBy: { type: 'string', nullable: true }, changed: { type: 'boolean' } }, ['entry', 'revision', 'updatedAt', 'updatedBy', 'changed'])),
        ...errors(401, 403, 404),
      },
    },
    put: {
      tags: ['entries'], summary: 'Save a draft entry (compare-and-set on its revision)', description: WRITE,
      requestBody: body(obj({ entry: ref('FaqEntry'), revision: { type: 'integer', minimum: 1 } })),
      responses: { 200: ok('saved', obj({ entry: ref('FaqEntry'), revision: { type: 'integer' } })), ...writeErrors(404, 409) },
    },
    delete: {
      tags: ['entries'], summary: 'Delete a draft entry (gone from the bot at the next publish)', description: 'Needs `knowledge`; no body needed.',
      parameters: [{ name: 'revision', in: 'query', required: true, schema: { type: 'integer', minimum: 1 } }],
      responses: { 200: ok('deleted', obj({ ok: { type: 'boolean' } })), ...errors(400, 401, 403, 404, 409) },
    },
  },
  '/api/admin/preview': {
    post: {
      tags: ['entries'], summary: "Render an answer's Markdown as the web chat shows it (same renderer and sanitizer)", description: WRITE,
      requestBody: body(obj({ markdown: { type: 'string', maxLength: 20000 } })),
      responses: { 200: ok('sanitized HTML', obj({ html: str })), ...writeErrors() },
    },
  },
  '/api/admin/changes': {
    get: {
      tags: ['publish'], summary: 'What the drafts add, change and remove against the live version', description: READ,
      responses: { 200: ok('the differences', obj({ added: strings, changed: strings, removed: strings, liveVersion: { type: 'integer', nullable: true } })), ...errors(401, 403) },
    },
  },
  '/api/admin/audit': {
    get: {
      tags: ['publish'], summary: 'The audit log, newest first', description: READ,
      parameters: [
        { name: 'entryId', in: 'query', schema: str, description: 'an entry id, or v<N> for a version' },
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 } },
      ],
      responses: { 200: ok('events', obj({ events: { type: 'array', items: ref('AuditEvent') } })), ...readErrors },
    },
  },
  '/api/admin/publish': {
    post: {
      tags: ['publish'], summary: 'Publish the drafts as a new version (in the background)',
      description: `${WRITE} Only changed text is embedded; the bot switches to the new version when it is ready. One publish at a time. With PUBLISH_GATE=block, 409 \`publish_gate\` while the publish preview finds a regression no admin overrode.`,
      requestBody: body(obj({ note: { type: 'string', maxLength: 500 } }, [])),
      responses: { 202: ok('started; poll the job', obj({ job: ref('PublishJob') })), ...writeErrors(409) },
    },
  },
  '/api/admin/publish/{jobId}': {
    get: {
      tags: ['publish'], summary: "A publish job's progress", description: READ,
      parameters: [{ name: 'jobId', in: 'path', required: true, schema: str }],
      responses: { 200: ok('the job', obj({ job: ref('PublishJob') })), ...errors(401, 403, 404) },
    },
  },
  '/api/admin/versions': {
    get: {
      tags: ['publish'], summary: 'Published versions, newest first', description: READ,
      responses: {
        200: ok('versions', obj({ live: { type: 'integer' }, versions: { type: 'array', items: obj({ version: { type: 'integer' }, createdAt: { type: 'string', format: 'date-time' }, note: str, entries: { type: 'integer' }, live: { type: 'boolean' } }, ['version', 'createdAt', 'entries', 'live']) } }, ['versions'])),
        ...errors(401, 403),
      },
    },
  },
  '/api/admin/versions/{version}/rollback': {
    post: {
      tags: ['publish'], summary: 'Make an earlier version live again (as a new version); the drafts become its entries', description: WRITE,
      parameters: [{ name: 'version', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }],
      requestBody: body({ type: 'object', additionalProperties: false }),
      responses: { 200: ok('the new live version', obj({ version: { type: 'integer' } })), ...writeErrors(404, 409) },
    },
  },
  '/api/admin/thresholds': {
    get: {
      tags: ['publish'], summary: 'Answer and clarify thresholds per published language', description: `${READ} \`effective\` is what the bot uses (source \`publish\`, \`operator\` or \`config\`); \`chosen\` what the live version chose on held-out phrasings, with \`maxWrongRate\`, \`heldOut\` and the \`curve\` ({ t, answered, wrong } per answer threshold); \`override\` an operator's.`,
      responses: { 200: ok('thresholds', obj({ languages: { type: 'array', items: obj({ lang: str, effective: { type: 'object' }, chosen: { type: 'object' }, override: { type: 'object' } }, ['lang']) } })), ...readErrors },
    },
  },
  '/api/admin/thresholds/{lang}': {
    put: {
      tags: ['publish'], summary: "Override a language's thresholds (kept across publishes; audited as thresholds.override)", description: WRITE,
      parameters: [{ name: 'lang', in: 'path', required: true, schema: str }],
      requestBody: body({ type: 'object', additionalProperties: false, required: ['answer', 'clarify'], properties: { answer: { type: 'number', minimum: 0, maximum: 1 }, clarify: { type: 'number', minimum: 0, maximum: 1, description: 'at most `answer`' } } }),
      responses: { 200: ok("the language's thresholds", { type: 'object' }), ...writeErrors(404) },
    },
    delete: {
      tags: ['publish'], summary: 'Remove the override: the thresholds chosen at publish apply again (audited as thresholds.reset)', description: WRITE,
      parameters: [{ name: 'lang', in: 'path', required: true, schema: str }],
      responses: { 200: ok("the language's thresholds", { type: 'object' }), ...writeErrors(404) },
    },
  },
  '/api/admin/export': {
    get: {
      tags: ['import/export'], summary: 'Download the drafts', description: `${READ} Markdown: a zip of the folder format of knowledge/sample-kb/FORMAT.md; CSV: one row per entry and language.`,
      parameters: [{ name: 'format', in: 'query', schema: { type: 'string', enum: ['markdown', 'csv', 'json'], default: 'markdown' } }],
      responses: {
        200: {
          description: 'knowledge.zip, knowledge.csv or knowledge.json (Content-Disposition: attachment)',
          content: { 'application/zip': { schema: { type: 'string', format: 'binary' } }, 'text/csv': { schema: str }, 'application/json': { schema: obj({ format: str, version: { type: 'integer' }, entries: { type: 'array', items: ref('FaqEntry') } }) } },
        },
        ...readErrors,
      },
    },
  },
  '/api/admin/import/preview': {
    post: {
      tags: ['import/export'], summary: 'What an import would add, change and remove (changes nothing)', description: WRITE,
      requestBody: importBody, responses: { 200: ok('the differences', diff), ...writeErrors(422) },
    },
  },
  '/api/admin/import/apply': {
    post: {
      tags: ['import/export'], summary: 'Make the drafts exactly the file\'s entries, in one transaction', description: WRITE,
      requestBody: importBody, responses: { 200: ok('what changed', diff), ...writeErrors(422) },
    },
  },
};

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/**
 * Give every operation a stable, unique `operationId` from its method and path, unless it names
 * its own: `POST /api/admin/entries/{id}/alternates` → `postEntriesByIdAlternates`. Client
 * generators name their functions after it.
 */
function withOperationIds(paths: Json): Json {
  const word = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
  return Object.fromEntries(Object.entries(paths).map(([path, item]) => [path, Object.fromEntries(Object.entries(item as Json).map(([method, op]) => {
    if (!HTTP_METHODS.has(method) || (op as Json).operationId) return [method, op];
    const parts = path.replace(/^\/api\/admin\//, '').split('/').filter(Boolean)
      .map((p) => (p.startsWith('{') ? `By${word(p.slice(1, -1))}` : p.split(/[-_]/).map(word).join('')));
    return [method, { ...(op as Json), operationId: `${method}${parts.join('')}` }];
  }))]));
}

/** The whole document. */
export function openApiDocument(): Json {
  return {
    openapi: '3.0.3',
    info: {
      title: 'faqbot admin API', version: '1',
      description: 'Everything the admin UI does, for scripts too. Sign in with `POST /api/admin/login` (`{ email, password }`); the `faqbot_session` cookie it sets authorizes these calls. Every error answers the `Error` schema: `{ error, message, details? }`. See admin/KNOWLEDGE-API.md.',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'faqbot_session' } },
      schemas,
    },
    security: [{ session: [] }],
    paths: withOperationIds({ ...authPaths, ...consolePaths, ...knowledgePaths, ...unansweredPaths, ...testConsolePaths, ...publishPreviewPaths, ...analyticsPaths }),
  };
}
