import { createServer, type Server } from 'node:http';
import express from 'express';
import type { Logger } from '../bot/index.ts';
import { errorHandler, notFound, readBody } from '../errors/index.ts';

/**
 * Routes whose handlers parse their own bodies: messaging webhooks, the Bot Framework endpoint,
 * and the chat API (its bytes read once and decoded by its endpoint).
 */
export const RAW_BODY_PATHS = ['/webhooks/', '/api/messages', '/api/chat'];

/** `path` is `route` or under it ("/webhooks/" covers what starts with it, "/api/chat" itself and "/api/chat/…"). */
function rawBodyPath(path: string, route: string): boolean {
  return route.endsWith('/') ? path.startsWith(route) : path === route || path.startsWith(`${route}/`);
}

/**
 * Express app with the cross-cutting parts: JSON bodies with a size limit, a 404 for what no
 * route answers, and the one error handler (errors/): refusals answer their own status, bugs a
 * 500 with a log line instead of a crash.
 */
export function createHttpApp(log: Logger) {
  const app = express();
  app.disable('x-powered-by');
  const json = readBody(express.json({ limit: '1mb' }));
  // Webhooks verify signatures over the raw bytes and read their own bodies (app/channels.ts).
  app.use((req, res, next) => (RAW_BODY_PATHS.some((p) => rawBodyPath(req.path, p)) ? next() : json(req, res, next)));
  // Browsers ask for it on every page; "no icon" is an answer, a 404 is an error in their console.
  app.get('/favicon.ico', (_req, res) => res.status(204).set('cache-control', 'public, max-age=86400').end());
  return {
    app,
    /** Call after all routes are added. */
    finish(): Server {
      app.use(notFound());
      app.use(errorHandler({ logger: log }));
      return createServer(app);
    },
  };
}
