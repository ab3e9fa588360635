import express, { type Router } from 'express';
import { z } from 'zod';
import { validate } from '../../errors/index.ts';
import type { SessionStore } from '../auth/index.ts';
import { diffEntries } from './diff.ts';
import type { KnowledgeEditing } from './editing.ts';
import { exportKnowledge, FORMATS, importKnowledge } from './formats/index.ts';
import { actorOf, knowledgeGuards } from './http.ts';

// Exported for the OpenAPI document (openapi-paths.ts).
export const ExportQuery = z.object({ format: z.enum(FORMATS).default('markdown') }).strict();
export const ImportBody = z.object({
  format: z.enum(FORMATS),
  content: z.string().min(1, 'the file is empty').describe('the file: text for csv and json, base64 for the Markdown zip'),
}).strict();

/**
 * Export the drafts as a download, and import a whole knowledge base: preview what it would
 * add, change and remove, then apply it in one transaction (nothing half-imported).
 */
export function transferRoutes(k: KnowledgeEditing, sessions: SessionStore): Router {
  const router = express.Router();
  const { read, write } = knowledgeGuards(sessions);
  const exported = validate({ query: ExportQuery });
  const imported = validate({ body: ImportBody });

  router.get('/api/admin/export', read, exported, async (req, res) => {
    const file = exportKnowledge(exported.query(req).format, await k.drafts.entries());
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
    res.send(file.body);
  });

  router.post('/api/admin/import/preview', ...write, imported, async (req, res) => {
    const body = imported.body(req);
    const entries = importKnowledge(body.format, body.content);
    res.json(diffEntries(await k.drafts.entries(), entries));
  });

  router.post('/api/admin/import/apply', ...write, imported, async (req, res) => {
    const body = imported.body(req);
    const entries = importKnowledge(body.format, body.content);
    res.json(await k.drafts.replaceAll(entries, actorOf(res), `import.${body.format}`));
  });

  return router;
}
