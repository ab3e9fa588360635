import type { RequestHandler, Response } from 'express';
import { currentUser, requireUser, sameOriginWrites, type SessionStore } from '../auth/index.ts';
import type { Actor } from './audit-log.ts';

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
