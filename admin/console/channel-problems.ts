import express, { type Router } from 'express';
import { ChannelStore } from '../../adapters/index.ts';
import type { Database } from '../../bot/index.ts';
import { requireUser, type SessionStore } from '../auth/index.ts';

/**
 * `GET /api/admin/channel-problems` (admins): what the channels could not take in or deliver,
 * newest first: signed webhook payloads refused as malformed (the provider got a 400 and will not
 * resend them) and replies a provider refused after the retries.
 */
export function channelProblemsRoutes(o: { db: Database; sessions: SessionStore }): Router {
  const store = new ChannelStore(o.db);
  const router = express.Router();
  router.get('/api/admin/channel-problems', requireUser(o.sessions, 'users'), async (_req, res) => {
    const [rejected, sendFailures] = await Promise.all([store.rejections(100), store.failures({ limit: 100 })]);
    res.json({ rejected, sendFailures });
  });
  return router;
}
