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

/**
 * `POST /api/admin/test` `{ text, lang?, source? }`: what the bot would do with a question
 * (see admin/KNOWLEDGE-API.md, "Test console"). Reading only: needs `knowledge` or `analytics`.
 */
export function testConsoleRoutes(o: TestConsoleRoutesOptions): Router {
  const router = express.Router();
  const Body = z.object({
    text: z.string().trim().min(1, 'type a question').max(o.maxChars ?? 4000),
    lang: z.string().regex(/^[a-z]{2,3}(-[a-z]{2,4})?$/, 'a language code such as "en" or "pt-br"').optional(),
    source: z.enum(['live', 'draft']).optional(),
  }).strict();

  const input = validate({ body: Body });

  router.post('/api/admin/test', knowledgeGuards(o.sessions).read, sameOriginWrites, input, async (req, res) => {
    res.json(await o.console.test(input.body(req)));
  });
  return router;
}
