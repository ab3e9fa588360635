import express, { type NextFunction, type Response, type Router } from 'express';
import { z } from 'zod';
import { silentLogger, type Logger } from '../../bot/index.ts';
import { requireUser, sameOriginWrites, type SessionStore } from '../auth/index.ts';
import { actorOf as actor, knowledgeGuards, parseOr400 } from '../knowledge/index.ts';
import { InboxError, type UnansweredInbox } from './inbox.ts';
import { GROUP_STATUSES, type UnansweredGroup } from './types.ts';

export interface UnansweredRoutesOptions {
  inbox: UnansweredInbox;
  sessions: SessionStore;
  logger?: Logger;
}

/** A group as the API shows it (admin/KNOWLEDGE-API.md, "Unanswered questions"). */
export function groupView(g: UnansweredGroup) {
  return {
    id: g.id, text: g.text, lang: g.lang, count: g.count, reasons: g.reasons, lastAt: g.lastAt.toISOString(), status: g.status,
    ...(g.dismissReason ? { dismissReason: g.dismissReason } : {}),
    ...(g.resolvedEntryId ? { resolvedEntryId: g.resolvedEntryId } : {}),
    questions: g.questions.map((q) => ({ id: q.id, text: q.text, at: q.at.toISOString(), reason: q.reason, source: q.source, ...(q.conversationId ? { conversationId: q.conversationId } : {}) })),
    ...(g.suggested ? { suggested: g.suggested } : {}),
  };
}

const Id = z.string().min(1).max(128);
const ListQuery = z.object({
  status: z.enum(GROUP_STATUSES as [string, ...string[]]).optional(),
  lang: z.string().regex(/^[a-z]{2,3}(-[a-z]{2,4})?$/, 'a language code such as "en"').optional(),
}).strict();
const AddAlternate = z.object({ entryId: z.string().trim().min(1).max(100), questionIds: z.array(Id).min(1).max(500).optional() }).strict();
const Dismiss = z.object({ reason: z.string().trim().min(1, 'say why').max(500) }).strict();
const Empty = z.object({}).strict();
const ToEntry = z.object({ messageId: Id }).strict();

/**
 * The unanswered-questions inbox under /api/admin: `GET /unanswered` (needs `knowledge` or
 * `analytics`), and, with `knowledge`, `POST /unanswered/:groupId/add-alternate | new-entry |
 * dismiss` and `POST /conversations/:id/to-entry`.
 */
export function unansweredRoutes(o: UnansweredRoutesOptions): Router {
  const log = o.logger ?? silentLogger;
  const { inbox } = o;
  const router = express.Router();
  const readers = [knowledgeGuards(o.sessions).read];
  const editors = requireUser(o.sessions, 'knowledge');
  const fail = (err: unknown, res: Response, next: NextFunction) => {
    const e = err as { status?: unknown; code?: unknown; message?: string; data?: { details?: unknown[] } };
    // InboxError, and admin/knowledge's KnowledgeEditError (from the draft store), carry their 4xx status.
    if (err instanceof InboxError || (typeof e.status === 'number' && e.status >= 400 && e.status < 500 && typeof e.code === 'string')) {
      res.status(e.status as number).json({ error: e.code, message: e.message, ...(e.data?.details ? { details: e.data.details } : {}) });
      return;
    }
    log.error('unanswered inbox action failed', { error: String(err) });
    next(err);
  };

  router.get('/api/admin/unanswered', ...readers, async (req, res, next) => {
    const q = parseOr400(ListQuery, req.query, res, 'query');
    if (!q) return;
    try {
      const groups = await inbox.list({ status: (q.status ?? 'open') as UnansweredGroup['status'], lang: q.lang });
      res.json({ groups: groups.map(groupView) });
    } catch (err) {
      fail(err, res, next);
    }
  });

  router.post('/api/admin/unanswered/:groupId/add-alternate', editors, sameOriginWrites, async (req, res, next) => {
    const body = parseOr400(AddAlternate, req.body, res);
    if (!body) return;
    try {
      const { entry, revision, job, added } = await inbox.addAlternate(String(req.params.groupId), body, actor(res));
      res.json({ entry, revision, job, added });
    } catch (err) {
      fail(err, res, next);
    }
  });

  router.post('/api/admin/unanswered/:groupId/new-entry', editors, sameOriginWrites, async (req, res, next) => {
    if (!parseOr400(Empty, req.body, res)) return;
    try {
      res.json(await inbox.newEntry(String(req.params.groupId)));
    } catch (err) {
      fail(err, res, next);
    }
  });

  router.post('/api/admin/unanswered/:groupId/dismiss', editors, sameOriginWrites, async (req, res, next) => {
    const body = parseOr400(Dismiss, req.body, res);
    if (!body) return;
    try {
      res.json(await inbox.dismiss(String(req.params.groupId), body.reason, actor(res)));
    } catch (err) {
      fail(err, res, next);
    }
  });

  router.post('/api/admin/conversations/:id/to-entry', editors, sameOriginWrites, async (req, res, next) => {
    const body = parseOr400(ToEntry, req.body, res);
    if (!body) return;
    try {
      res.json(await inbox.entryFromConversation(String(req.params.id), body.messageId));
    } catch (err) {
      fail(err, res, next);
    }
  });

  return router;
}
