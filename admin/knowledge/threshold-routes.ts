import express, { type Router } from 'express';
import { z } from 'zod';
import { NotFoundError, parseInput } from '../../errors/index.ts';
import type { SessionStore } from '../auth/index.ts';
import type { KnowledgeEditing } from './editing.ts';
import { actorOf, knowledgeGuards } from './http.ts';

// Exported for the OpenAPI document (openapi-paths.ts).
export const OverrideBody = z.object({ answer: z.number().min(0).max(1), clarify: z.number().min(0).max(1).describe('at most `answer`') }).strict()
  .refine((b) => b.clarify <= b.answer, { message: 'clarify must not exceed answer', path: ['clarify'] });

/**
 * The answer and clarify thresholds per language, under /api/admin/thresholds: those chosen at
 * publish with their precision/coverage curve, and an operator's override (kept across
 * publishes, audited as `thresholds.override` / `thresholds.reset`).
 */
export function thresholdRoutes(k: KnowledgeEditing, sessions: SessionStore): Router {
  const router = express.Router();
  const { read, write } = knowledgeGuards(sessions);
  const language = (raw: unknown): string => {
    const lang = String(raw);
    if (!k.knowledge.languages.includes(lang)) throw new NotFoundError(`no published language "${lang.slice(0, 20)}"`);
    return lang;
  };

  router.get('/api/admin/thresholds', read, (_req, res) => {
    res.json({ languages: k.knowledge.thresholdReport() });
  });

  // The language is checked before the body: an unknown one is a 404 whatever was sent.
  router.put('/api/admin/thresholds/:lang', ...write, async (req, res) => {
    const lang = language(req.params.lang);
    const body = parseInput(OverrideBody, req.body);
    const actor = actorOf(res);
    const before = k.knowledge.thresholdOverrides()[lang] ?? null;
    const after = { answer: body.answer, clarify: body.clarify, by: actor.email, at: new Date().toISOString() };
    await k.knowledge.setThresholdOverride(lang, after);
    await k.drafts.audit.record({ actor, action: 'thresholds.override', entityId: `thresholds:${lang}`, before, after });
    res.json(k.knowledge.thresholdReport().find((t) => t.lang === lang));
  });

  router.delete('/api/admin/thresholds/:lang', ...write, async (req, res) => {
    const lang = language(req.params.lang);
    const before = k.knowledge.thresholdOverrides()[lang];
    if (before) {
      await k.knowledge.setThresholdOverride(lang, undefined);
      await k.drafts.audit.record({ actor: actorOf(res), action: 'thresholds.reset', entityId: `thresholds:${lang}`, before, after: null });
    }
    res.json(k.knowledge.thresholdReport().find((t) => t.lang === lang));
  });

  return router;
}
