import type { RequestHandler, Response } from 'express';
import type { ZodType } from 'zod';
import { requireUser, type SessionStore } from '../auth/index.ts';

/**
 * Guard for the knowledge editor's read-only screens (test console, unanswered inbox):
 * 401 without a session, 403 unless the role has `knowledge` or `analytics`.
 */
export function requireKnowledgeReader(sessions: SessionStore): RequestHandler[] {
  return [requireUser(sessions, ['knowledge', 'analytics'])];
}

/**
 * Parse a request body with a zod schema; on failure answer 400 with the issues in `details`
 * (the contract's error shape) and return undefined.
 */
export function parseBody<T>(schema: ZodType<T>, value: unknown, res: Response): T | undefined {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  res.status(400).json({
    error: 'bad_request',
    message: `${issue?.path.join('.') || 'body'}: ${issue?.message}`,
    details: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  });
  return undefined;
}
