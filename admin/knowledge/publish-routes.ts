import express, { type Router } from 'express';
import { z } from 'zod';
import { NotFoundError, parseInput, validate } from '../../errors/index.ts';
import type { SessionStore } from '../auth/index.ts';
import type { KnowledgeEditing } from './editing.ts';
import { actorOf, knowledgeGuards } from './http.ts';

// Exported for the OpenAPI document (openapi-paths.ts).
export const PublishBody = z.object({ note: z.string().trim().max(500).optional() }).strict();
export const RollbackBody = z.object({}).strict();
export const VersionParam = z.coerce.number().int().positive();

/** Publish the drafts, follow the job, list versions and roll back, under /api/admin. */
export function publishRoutes(k: KnowledgeEditing, sessions: SessionStore): Router {
  const router = express.Router();
  const { read, write } = knowledgeGuards(sessions);
  const publish = validate({ body: PublishBody });

  router.post('/api/admin/publish', ...write, publish, (req, res) => {
    const job = k.publisher.start(actorOf(res), publish.body(req).note);
    res.status(202).location(`/api/admin/publish/${job.id}`).json({ job });
  });

  router.get('/api/admin/publish/:jobId', read, (req, res) => {
    const job = k.publisher.job(String(req.params.jobId));
    if (!job) throw new NotFoundError('no such publish job (jobs are kept on the instance that ran them, for the last 20 publishes)');
    res.json({ job });
  });

  router.get('/api/admin/versions', read, async (_req, res) => {
    res.json(await k.publisher.versions());
  });

  // The version is checked before the body: an unknown one is a 404 whatever was sent.
  router.post('/api/admin/versions/:version/rollback', ...write, async (req, res) => {
    const version = VersionParam.safeParse(req.params.version);
    if (!version.success) throw new NotFoundError(`no knowledge-base version ${String(req.params.version).slice(0, 20)}`);
    parseInput(RollbackBody, req.body);
    res.json(await k.publisher.rollback(version.data, actorOf(res)));
  });

  return router;
}
