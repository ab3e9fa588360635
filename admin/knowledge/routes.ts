import express, { type Router } from 'express';
import type { SessionStore } from '../auth/index.ts';
import type { KnowledgeEditing } from './editing.ts';
import { entriesRoutes } from './entries-routes.ts';
import { publishRoutes } from './publish-routes.ts';
import { thresholdRoutes } from './threshold-routes.ts';
import { transferRoutes } from './transfer-routes.ts';

/** Every knowledge editor route under /api/admin (entries, preview, changes, audit, publish, versions, import/export, thresholds). */
export function knowledgeRoutes(k: KnowledgeEditing, sessions: SessionStore): Router {
  const router = express.Router();
  router.use(entriesRoutes(k, sessions));
  router.use(publishRoutes(k, sessions));
  router.use(transferRoutes(k, sessions));
  router.use(thresholdRoutes(k, sessions));
  return router;
}
