import express, { type Router } from 'express';
import { z } from 'zod';
import { NotFoundError, parseInput, validate } from '../../errors/index.ts';
import { renderHtml } from '../../knowledge/index.ts';
import { sameOriginWrites, type SessionStore } from '../auth/index.ts';
import { diffEntries } from './diff.ts';
import { validEntry } from './draft-store.ts';
import type { KnowledgeEditing } from './editing.ts';
import { ENOUGH_PHRASINGS, listEntries } from './entry-list.ts';
import { InvalidEntryError } from './errors.ts';
import { actorOf, knowledgeGuards } from './http.ts';
import { ENTRY_ID, LANG_CODE, sameEntry } from './schema.ts';

// Exported for the OpenAPI document (openapi-paths.ts); the descriptions are its parameters'.
export const ListQuery = z.object({
  q: z.string().max(500).optional().describe('words that must all appear in the id, a question, an alternate or an answer'),
  tag: z.string().max(50).optional(),
  lang: z.string().regex(LANG_CODE, 'a language code').optional().describe('has a variant in this language'),
  status: z.enum(['draft', 'published']).optional(),
  missing: z.string().regex(/^(any|[a-z]{2,3}(-[a-z]{2,4})?)$/, 'a language code or "any"').optional().describe('lacks this configured language, or `any`'),
  few: z.string().regex(/^(any|[a-z]{2,3}(-[a-z]{2,4})?)$/, 'a language code or "any"').optional().describe('has fewer than `enoughPhrasings` ways to ask in this language, or in `any`'),
}).strict();
// `entry` is checked in a second step (EntrySchema, by `entryFrom`), so its problems are reported as `entry.…`.
export const CreateBody = z.object({ entry: z.unknown(), fromUnanswered: z.string().min(1).max(100).optional().describe('the unanswered group it answers (resolved with it)') }).strict();
export const UpdateBody = z.object({ entry: z.unknown(), revision: z.number().int().positive() }).strict();
export const DeleteQuery = z.object({ revision: z.coerce.number().int().positive() });
export const PreviewBody = z.object({ markdown: z.string().max(20_000) }).strict();
export const AuditQuery = z.object({
  entryId: z.string().max(100).optional().describe('an entry id, or v<N> for a version'),
  limit: z.coerce.number().int().min(1).max(500).optional().describe('100 when left out'),
});

/** `:id` must look like an entry id (else 404 without a database query). */
const idParam = (raw: unknown): string => {
  const id = String(raw);
  if (!ENTRY_ID.test(id) || id.length > 100) throw new NotFoundError(`no entry "${id.slice(0, 100)}"`);
  return id;
};

/** Entry validation problems reported against the body's `entry` field. */
const entryFrom = (input: unknown) => {
  try {
    return validEntry(input);
  } catch (err) {
    if (err instanceof InvalidEntryError && err.data.details) {
      const details = (err.data.details as Array<{ path: string; message: string }>).map((d) => ({ ...d, path: d.path ? `entry.${d.path}` : 'entry' }));
      throw new InvalidEntryError(`entry.${err.message}`, { details });
    }
    throw err;
  }
};

/**
 * Draft entries, the Markdown preview, the changes since the live version and the audit log,
 * under /api/admin (see admin/KNOWLEDGE-API.md).
 */
export function entriesRoutes(k: KnowledgeEditing, sessions: SessionStore): Router {
  const router = express.Router();
  const { read, write } = knowledgeGuards(sessions);
  const list = validate({ query: ListQuery });
  const create = validate({ body: CreateBody });
  const preview = validate({ body: PreviewBody });
  const audit = validate({ query: AuditQuery });

  router.get('/api/admin/entries', read, list, async (req, res) => {
    const records = await k.drafts.records();
    const languages = k.languages();
    const tags = [...new Set(records.flatMap((r) => r.entry.tags))].sort();
    res.json({ entries: listEntries(records, k.liveEntries(), languages, k.defaultLang, list.query(req)), languages, tags, enoughPhrasings: ENOUGH_PHRASINGS });
  });

  router.get('/api/admin/entries/:id', read, async (req, res) => {
    const id = idParam(req.params.id);
    const record = await k.drafts.get(id);
    if (!record) throw new NotFoundError(`no entry "${id}"`);
    const live = k.liveEntries().get(id);
    res.json({
      entry: record.entry, ...(live ? { live } : {}), revision: record.revision, updatedAt: record.updatedAt.toISOString(),
      updatedBy: record.updatedBy ?? null, changed: !live || !sameEntry(live, record.entry),
    });
  });

  router.post('/api/admin/entries', ...write, create, async (req, res) => {
    const body = create.body(req);
    const actor = actorOf(res);
    const record = await k.drafts.create(entryFrom(body.entry), actor);
    await k.entryCreated({ record, actor, fromUnanswered: body.fromUnanswered });
    res.status(201).json({ entry: record.entry, revision: record.revision });
  });

  // The id is checked before the body: an unknown entry is a 404 whatever was sent.
  router.put('/api/admin/entries/:id', ...write, async (req, res) => {
    const id = idParam(req.params.id);
    const body = parseInput(UpdateBody, req.body);
    const record = await k.drafts.update(id, entryFrom(body.entry), body.revision, actorOf(res));
    res.json({ entry: record.entry, revision: record.revision });
  });

  router.delete('/api/admin/entries/:id', ...write, async (req, res) => {
    const id = idParam(req.params.id);
    const q = parseInput(DeleteQuery, req.query, 'query');
    await k.drafts.remove(id, q.revision, actorOf(res));
    res.json({ ok: true });
  });

  // Rendering changes nothing, so analysts (read-only) see answers as customers will.
  router.post('/api/admin/preview', read, sameOriginWrites, preview, (req, res) => {
    // The web chat's renderer and sanitizer (adapters/webchat/format.ts uses the same function).
    res.json({ html: renderHtml(preview.body(req).markdown) });
  });

  router.get('/api/admin/changes', read, async (_req, res) => {
    const diff = diffEntries([...k.liveEntries().values()], await k.drafts.entries());
    res.json({ added: diff.added, changed: diff.changed, removed: diff.removed, liveVersion: k.knowledge.version ?? null });
  });

  router.get('/api/admin/audit', read, audit, async (req, res) => {
    const q = audit.query(req);
    res.json({ events: await k.drafts.audit.list({ entityId: q.entryId, limit: q.limit }) });
  });

  return router;
}
