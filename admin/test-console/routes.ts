import express, { type Router } from 'express';
import { z } from 'zod';
import { validate } from '../../errors/index.ts';
import { sameOriginWrites, type SessionStore } from '../auth/index.ts';
import { knowledgeGuards } from '../knowledge/index.ts';
import type { TestConsole } from './test-console.ts';

export interface TestConsoleRoutesOptions {
  console: TestConsole;
  sessions: SessionStore;
  /** Longest question accepted, in characters (the bot's MAX_MESSAGE_CHARS). Default 4000. */
  maxChars?: number;
}

/** The body of `POST /api/admin/test` (the OpenAPI document describes it from this too, with the default length). */
export const testRequest = (maxChars = 4000) => z.object({
  text: z.string().trim().min(1, 'type a question').max(maxChars),
  lang: z.string().regex(/^[a-z]{2,3}(-[a-z]{2,4})?$/i, 'a language code such as "en" or "pt-BR"').optional().describe('test in this language instead of the detected one'),
  source: z.enum(['live', 'draft']).optional().describe('`live` when left out'),
}).strict();

/**
 * `POST /api/admin/test` `{ text, lang?, source? }`: what the bot would do with a question
 * (see admin/KNOWLEDGE-API.md, "Test console"). Reading only: needs `knowledge` or `analytics`.
 */
export function testConsoleRoutes(o: TestConsoleRoutesOptions): Router {
  const router = express.Router();
  const input = validate({ body: testRequest(o.maxChars) });

  router.post('/api/admin/test', knowledgeGuards(o.sessions).read, sameOriginWrites, input, async (req, res) => {
    res.json(await o.console.test(input.body(req)));
  });
  return router;
}
