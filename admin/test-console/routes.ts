import express, { type Router } from 'express';
import { z } from 'zod';
import { silentLogger, type Logger } from '../../bot/index.ts';
import { sameOriginWrites, type SessionStore } from '../auth/index.ts';
import { knowledgeGuards, parseOr400 } from '../knowledge/index.ts';
import { TestConsoleError, type TestConsole } from './test-console.ts';

export interface TestConsoleRoutesOptions {
  console: TestConsole;
  sessions: SessionStore;
  /** Longest question accepted, in characters (the bot's MAX_MESSAGE_CHARS). Default 4000. */
  maxChars?: number;
  logger?: Logger;
}

/**
 * `POST /api/admin/test` `{ text, lang?, source? }`: what the bot would do with a question
 * (see admin/KNOWLEDGE-API.md, "Test console"). Reading only: needs `knowledge` or `analytics`.
 */
export function testConsoleRoutes(o: TestConsoleRoutesOptions): Router {
  const log = o.logger ?? silentLogger;
  const router = express.Router();
  const Body = z.object({
    text: z.string().trim().min(1, 'type a question').max(o.maxChars ?? 4000),
    lang: z.string().regex(/^[a-z]{2,3}(-[a-z]{2,4})?$/, 'a language code such as "en" or "pt-br"').optional(),
    source: z.enum(['live', 'draft']).optional(),
  }).strict();

  router.post('/api/admin/test', knowledgeGuards(o.sessions).read, sameOriginWrites, async (req, res, next) => {
    const body = parseOr400(Body, req.body, res);
    if (!body) return;
    try {
      res.json(await o.console.test(body));
    } catch (err) {
      if (err instanceof TestConsoleError) {
        res.status(409).json({ error: err.code, message: err.message });
        return;
      }
      log.error('test console failed', { error: String(err) });
      next(err);
    }
  });
  return router;
}
