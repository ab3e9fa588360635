import express, { type Router } from 'express';
import { z } from 'zod';
import { validate } from '../../errors/index.ts';
import { requireUser, sameOriginWrites, type SessionStore } from '../auth/index.ts';
import { actorOf as actor, knowledgeGuards } from '../knowledge/index.ts';
import type { UnansweredInbox } from './inbox.ts';
import { GROUP_STATUSES, type GroupStatus, type UnansweredGroup } from './types.ts';

export interface UnansweredRoutesOptions {
  inbox: UnansweredInbox;
  sessions: SessionStore;
}

/** A group as the API shows it (admin/KNOWLEDGE-API.md, "Unanswered questions"). */
export function groupView(g: UnansweredGroup) {
  return {
    id: g.id, text: g.text, lang: g.lang, count: g.count, reasons: g.reasons, lastAt: g.lastAt.toISOString(), status: g.status,
    ...(g.dismissReason ? { dismissReason: g.dismissReason } : {}),
    ...(g.resolvedEntryId ? { resolvedEntryId: g.resolvedEntryId } : {}),
    questions: g.questions.map((q) => ({
      id: q.id, text: q.text, at: q.at.toISOString(), reason: q.reason, source: q.source,
      ...(q.conversationId ? { conversationId: q.conversationId } : {}), ...(q.chosen ? { chosen: q.chosen } : {}),
    })),
    ...(g.suggested ? { suggested: g.suggested } : {}),
    ...(g.chosen ? { chosen: g.chosen } : {}),
    ...(g.unknownWords?.length ? { unknownWords: g.unknownWords } : {}),
  };
}

// Exported for the OpenAPI document (openapi-paths.ts).
const Id = z.string().min(1).max(128);
export const ListQuery = z.object({
  status: z.enum(GROUP_STATUSES as [GroupStatus, ...GroupStatus[]]).default('open'),
  lang: z.string().regex(/^[a-z]{2,3}(-[a-z]{2,4})?$/, 'a language code such as "en"').optional(),
}).strict();
export const AddAlternate = z.object({ entryId: z.string().trim().min(1).max(100), questionIds: z.array(Id).min(1).max(500).optional() }).strict();
export const Dismiss = z.object({ reason: z.string().trim().min(1, 'say why').max(500) }).strict();
export const Empty = z.object({}).strict();
// A synonym group's member: one line without commas (they separate members).
const member = (what: string) => z.string().trim().min(1, `${what} is empty`).max(60).refine((s) => !/[\r\n,،、，;]/u.test(s), `${what} must be one word or phrase, without commas`);
export const AddSynonym = z.object({ word: member('word'), sameAs: member('sameAs') }).strict()
  .refine((b) => b.word.toLowerCase() !== b.sameAs.toLowerCase(), { message: 'a word is the same as itself already', path: ['sameAs'] });
export const ToEntry = z.object({ messageId: Id }).strict();

/**
 * The unanswered-questions inbox under /api/admin: `GET /unanswered` and `GET /labeled-questions`
 * (need `knowledge` or `analytics`), and, with `knowledge`, `POST /unanswered/:groupId/add-alternate | new-entry |
 * dismiss` and `POST /conversations/:id/to-entry`.
 */
export function unansweredRoutes(o: UnansweredRoutesOptions): Router {
  const { inbox } = o;
  const router = express.Router();
  const readers = [knowledgeGuards(o.sessions).read];
  const editors = requireUser(o.sessions, 'knowledge');
  const list = validate({ query: ListQuery });
  const addAlternate = validate({ body: AddAlternate });
  const empty = validate({ body: Empty });
  const dismiss = validate({ body: Dismiss });
  const addSynonym = validate({ body: AddSynonym });
  const toEntry = validate({ body: ToEntry });

  router.get('/api/admin/unanswered', ...readers, list, async (req, res) => {
    const q = list.query(req);
    const groups = await inbox.list({ status: q.status, lang: q.lang });
    res.json({ groups: groups.map(groupView) });
  });

  // An eval dataset (JSON Lines) of customers' questions labelled by the customers themselves.
  router.get('/api/admin/labeled-questions', ...readers, async (_req, res) => {
    const rows = await inbox.labeled();
    res.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="labeled-questions.jsonl"');
    res.send(rows.map((r) => `${JSON.stringify(r)}\n`).join(''));
  });

  router.post('/api/admin/unanswered/:groupId/add-alternate', editors, sameOriginWrites, addAlternate, async (req, res) => {
    const { entry, revision, job, added } = await inbox.addAlternate(String(req.params.groupId), addAlternate.body(req), actor(res));
    res.json({ entry, revision, job, added });
  });

  router.post('/api/admin/unanswered/:groupId/add-synonym', editors, sameOriginWrites, addSynonym, async (req, res) => {
    res.json(await inbox.addSynonym(String(req.params.groupId), addSynonym.body(req), actor(res)));
  });

  router.post('/api/admin/unanswered/:groupId/new-entry', editors, sameOriginWrites, empty, async (req, res) => {
    res.json(await inbox.newEntry(String(req.params.groupId)));
  });

  router.post('/api/admin/unanswered/:groupId/dismiss', editors, sameOriginWrites, dismiss, async (req, res) => {
    res.json(await inbox.dismiss(String(req.params.groupId), dismiss.body(req).reason, actor(res)));
  });

  router.post('/api/admin/conversations/:id/to-entry', editors, sameOriginWrites, toEntry, async (req, res) => {
    res.json(await inbox.entryFromConversation(String(req.params.id), toEntry.body(req).messageId));
  });

  return router;
}
