import express, { type Router } from 'express';
import { z } from 'zod';
import { ConflictError, validate } from '../../errors/index.ts';
import { currentUser, requireUser, sameOriginWrites, type SessionStore } from '../auth/index.ts';
import type { AuditLog } from '../knowledge/audit-log.ts';
import { knowledgeGuards } from '../knowledge/http.ts';
import type { PublishPreview } from './preview.ts';

// Exported for the OpenAPI document (openapi-paths.ts).
export const Override = z.object({ reason: z.string().trim().min(3).max(500) }).strict();

/** The audit entity of an override: the drafts it lets through. */
const overrideEntity = (hash: string) => `publish-gate:${hash}`;

/**
 * `POST /api/admin/publish-preview` runs (or returns the cached) preview of the drafts;
 * `POST /api/admin/publish-preview/override` lets an admin publish these drafts despite the gate,
 * recorded in the knowledge audit log. Mount before the knowledge routes: with the gate in
 * `block` mode, `POST /api/admin/publish` is refused (409 `publish_gate`) while the preview of
 * the current drafts blocks and no admin has overridden it.
 */
export function publishPreviewRoutes(o: { preview: PublishPreview; sessions: SessionStore; audit: AuditLog }): Router {
  const router = express.Router();
  const { read, write } = knowledgeGuards(o.sessions);
  const overridden = async (hash: string) => (await o.audit.list({ entityId: overrideEntity(hash), limit: 1 })).length > 0;
  const available = () => {
    if (!o.preview.available) throw new ConflictError('no_drafts', 'drafts cannot be tested here (no embedder for draft builds)');
  };
  const override = validate({ body: Override });

  router.post('/api/admin/publish-preview', read, sameOriginWrites, async (req, res) => {
    available();
    const fresh = req.query.fresh === '1';
    const result = await o.preview.run({ fresh });
    res.json({ ...result, overridden: await overridden(result.draftsHash) });
  });

  router.post('/api/admin/publish-preview/override', requireUser(o.sessions, 'users'), sameOriginWrites, override, async (req, res) => {
    available();
    const result = await o.preview.run();
    const user = currentUser(res);
    await o.audit.record({ actor: { id: user.id, email: user.email }, action: 'publish.gate-override', entityId: overrideEntity(result.draftsHash), after: { reason: override.body(req).reason, reasons: result.gate.reasons, liveVersion: result.liveVersion } });
    res.json({ overridden: true, draftsHash: result.draftsHash });
  });

  router.post('/api/admin/publish', ...write, async (_req, _res, next) => {
    if (o.preview.mode !== 'block' || !o.preview.available) return next();
    const result = await o.preview.run();
    if (!result.gate.blocked || await overridden(result.draftsHash)) return next();
    throw new ConflictError('publish_gate', `publishing is blocked: ${result.gate.reasons.join('; ')}. An admin can override it.`, { fields: { reasons: result.gate.reasons } });
  });

  return router;
}
