/**
 * The named answer schemas of the knowledge API (components of the OpenAPI document), shared by
 * the knowledge and unanswered-inbox operations. `FaqEntry` is the editor's own EntrySchema.
 */
import { z } from '../openapi-registry.ts';
import { EntrySchema } from './schema.ts';

/** An entry as the API accepts and answers it (the `FaqEntry` component; the unanswered inbox answers it too). */
export const FaqEntry = EntrySchema.openapi('FaqEntry');

const str = z.string();
const strings = z.array(str);
const int = z.number().int();
const date = z.string().datetime();

/** A publish job (publisher.ts `PublishJob`): the `PublishJob` component. */
export const PublishJob = z.object({
  id: str, state: z.enum(['running', 'done', 'failed']),
  phase: str.describe('starting, embedding, indexing, training, switching, done or failed'),
  done: int, total: int, startedAt: date, finishedAt: date.optional(), note: str.optional(), actor: z.object({ id: str, email: str }),
  result: z.object({ version: int, rows: int, entries: int, seconds: z.number(), reusedModels: z.literal(true).optional().describe("nothing was trained: the models of a version trained on the same inputs were kept") }).optional(), error: str.optional(),
}).openapi('PublishJob');

// What listEntries (entry-list.ts) answers per entry.
export const EntrySummary = z.object({
  id: str, category: str.optional(), tags: strings, status: z.enum(['draft', 'published']),
  question: str.describe('in the default language, else the first'), langs: strings,
  missingLangs: strings.describe('configured languages without a variant'),
  fewPhrasings: strings.describe('languages whose variant has fewer than `enoughPhrasings` ways to ask (question and alternates)'),
  changed: z.boolean().describe('differs from the live version'), live: z.boolean().describe('in the live version'),
  updatedAt: date, updatedBy: str.optional(),
}).openapi('EntrySummary');

// audit-log.ts `AuditEvent`.
export const AuditEvent = z.object({
  id: str, at: date, actor: z.object({ id: str.nullable(), email: str.nullable() }),
  action: str.describe('entry.create, entry.update, entry.delete, entry.alternates, import.<format>, publish, rollback, seed, …'),
  entityId: str.nullable().describe('an entry id, or v<N> for a version'), before: z.unknown(), after: z.unknown(),
}).openapi('AuditEvent');
