import { createServer, type Server } from 'node:http';
import express, { type ErrorRequestHandler } from 'express';
import type { Logger } from '../bot/index.ts';

/** Routes whose handlers parse their own bodies: messaging webhooks and the Bot Framework endpoint. */
export const RAW_BODY_PATHS = ['/webhooks/', '/api/messages'];

/**
 * Express app with the cross-cutting parts: JSON bodies with a size limit, and an error
 * handler that maps bad input to 4xx with a log line instead of a crash.
 */
export function createHttpApp(log: Logger) {
  const app = express();
  app.disable('x-powered-by');
  const json = express.json({ limit: '1mb' });
  // Webhooks verify signatures over the raw bytes and read their own bodies (app/channels.ts).
  app.use((req, res, next) => (RAW_BODY_PATHS.some((p) => req.path.startsWith(p)) ? next() : json(req, res, next)));
  return {
    app,
    /** Call after all routes are added. */
    finish(): Server {
      app.use((_req, res) => {
        res.status(404).json({ error: 'not_found' });
      });
      const onError: ErrorRequestHandler = (err, req, res, _next) => {
        const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
        const code = err?.type === 'entity.parse.failed' ? 'bad_json' : err?.type === 'entity.too.large' ? 'too_large' : status === 500 ? 'internal' : 'bad_request';
        (status === 500 ? log.error : log.warn)('http request failed', { method: req.method, path: req.path, status, error: String(err?.message ?? err) });
        if (!res.headersSent) res.status(status).json({ error: code, message: status === 500 ? 'something went wrong' : String(err.message) });
      };
      app.use(onError);
      return createServer(app);
    },
  };
}
