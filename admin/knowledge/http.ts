import type { NextFunction, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import { currentUser, requireUser, sameOriginWrites, type SessionStore } from '../auth/index.ts';
import type { Actor } from './audit-log.ts';
import { KnowledgeEditError } from './errors.ts';
import { issuesOf } from './schema.ts';

/** Guards for the knowledge API: reading needs `knowledge` or `analytics`, every change `knowledge`. */
export function knowledgeGuards(sessions: SessionStore): { read: RequestHandler; write: RequestHandler[] } {
  return {
    read: requireUser(sessions, ['knowledge', 'analytics']),
    // Who you are (401/403) before what you sent (415, cross-origin 403).
    write: [requireUser(sessions, 'knowledge'), sameOriginWrites],
  };
}

/** The signed-in user as the audit log records them. */
export function actorOf(res: Response): Actor {
  const u = currentUser(res);
  return { id: u.id, email: u.email };
}

/** A 400 with zod's issues in `details`. */
export function badRequest(res: Response, message: string, error?: z.ZodError): void {
  res.status(400).json({ error: 'bad_request', message, ...(error ? { details: issuesOf(error) } : {}) });
}

/** Parse a body or query with a schema; on failure answer 400 and return undefined. */
export function parseOr400<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, value: unknown, res: Response, what = 'body'): T | undefined {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const i = parsed.error.issues[0];
  badRequest(res, `${what}${i?.path.length ? `.${i.path.join('.')}` : ''}: ${i?.message ?? 'invalid'}`, parsed.error);
  return undefined;
}

const ERROR_CODE: Record<KnowledgeEditError['code'], string> = {
  not_found: 'not_found', exists: 'exists', stale_revision: 'stale_revision', invalid: 'bad_request', publish_running: 'publish_running', malformed: 'malformed',
};

/** Answer a refused edit with its status and the contract's error shape; anything else goes to the app's error handler. */
export function sendEditError(err: unknown, res: Response, next: NextFunction): void {
  if (!(err instanceof KnowledgeEditError)) return next(err);
  const { details, ...rest } = err.data;
  res.status(err.status).json({ error: ERROR_CODE[err.code], message: err.message, ...rest, ...(details ? { details } : {}) });
}

/** Wrap an async handler so refusals become 4xx answers and other errors reach the error handler. */
export function handle(fn: (req: Parameters<RequestHandler>[0], res: Response) => Promise<void> | void): RequestHandler {
  return async (req, res, next) => {
    try {
      await fn(req, res);
    } catch (err) {
      sendEditError(err, res, next);
    }
  };
}
