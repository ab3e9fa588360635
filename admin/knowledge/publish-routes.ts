import express, { type Router } from 'express';
import { z } from 'zod';
import type { SessionStore } from '../auth/index.ts';
import type { KnowledgeEditing } from './editing.ts';
import { KnowledgeEditError } from './errors.ts';
import { actorOf, handle, knowledgeGuards, parseOr400 } from './http.ts';

const PublishBody = z.object({ note: z.string().trim().max(500).optional() }).strict();
const RollbackBody = z.object({}).strict();
const VersionParam = z.coerce.number().int().positive();

/** Publish the drafts, follow the job, list versions and roll back, under /api/admin. */
export function publishRoutes(k: KnowledgeEditing, sessions: SessionStore): Router {
  const router = express.Router();
  const { read, write } = knowledgeGuards(sessions);

  router.post('/api/admin/publish', ...write, handle((req, res) => {
    const body = parseOr400(PublishBody, req.body, res);
    if (!body) return;
    const job = k.publisher.start(actorOf(res), body.note);
    res.status(202).location(`/api/admin/publish/${job.id}`).json({ job });
  }));

  router.get('/api/admin/publish/:jobId', read, handle((req, res) => {
    const job = k.publisher.job(String(req.params.jobId));
    if (!job) throw new KnowledgeEditError('not_found', 'no such publish job (jobs are kept on the instance that ran them, for the last 20 publishes)');
    res.json({ job });
  }));

  router.get('/api/admin/versions', read, handle(async (_req, res) => {
    res.json(await k.publisher.versions());
  }));

  router.post('/api/admin/versions/:version/rollback', ...write, handle(async (req, res) => {
    const version = VersionParam.safeParse(req.params.version);
    if (!version.success) throw new KnowledgeEditError('not_found', `no knowledge-base version ${String(req.params.version).slice(0, 20)}`);
    if (!parseOr400(RollbackBody, req.body, res)) return;
    res.json(await k.publisher.rollback(version.data, actorOf(res)));
  }));

  return router;
}
