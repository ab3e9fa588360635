import express, { type Request, type RequestHandler, type Router } from 'express';
import { silentLogger, type Logger } from '../../bot/index.ts';
import { errorHandler, ForbiddenError, readBody, UnauthorizedError } from '../../errors/index.ts';
import type { WebhookEndpoint, WebhookRequest } from '../types.ts';
import { MalformedPayloadError } from './errors.ts';
import { storableItems } from './storable-items.ts';
import type { ChannelRuntime } from './runtime.ts';

export interface WebhookRouterOptions {
  /** Externally visible base URL (behind a proxy); signatures that cover the URL use it. */
  publicUrl?: string;
  /** Largest body accepted; bigger ones get 413. Default "5mb". */
  limit?: string;
  logger?: Logger;
}

/** The URL the provider called: PUBLIC_URL + path behind a proxy, else what the request says. */
export function requestUrl(req: Request, publicUrl?: string): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, '') + req.originalUrl;
  return `${req.protocol}://${req.get('host')}${req.originalUrl}`;
}

/** An Express request as the framework-free WebhookRequest adapters verify and parse. */
export function toWebhookRequest(req: Request, publicUrl?: string): WebhookRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  const query = new URL(req.originalUrl, 'http://x').searchParams;
  return { method: req.method, url: requestUrl(req, publicUrl), headers, query, body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0) };
}

/**
 * Express glue for one webhook endpoint: raw bytes in (signatures cover them), verify, parse,
 * let the endpoint remember what replies need, store the items (ChannelRuntime.accept) and answer
 * the provider; the bot answers from the store. Every provider's route is this one, so the
 * endpoint's verify and parse the contract suite tests are what runs.
 * 401/403 on a bad signature and 400 on a malformed body, with nothing stored; 413 over the limit.
 */
export function webhookRouter(endpoint: WebhookEndpoint, runtime: ChannelRuntime, options: WebhookRouterOptions = {}): Router {
  const log = options.logger ?? silentLogger;
  const router = express.Router();
  const raw = readBody(express.raw({ type: () => true, limit: options.limit ?? '5mb' }));

  if (endpoint.challenge) {
    router.get(endpoint.path, (req, res) => {
      const answer = endpoint.challenge!(new URL(req.originalUrl, 'http://x').searchParams);
      if (answer.status !== 200) log.warn('webhook verification refused', { endpoint: endpoint.name });
      res.status(answer.status).type('text/plain').send(answer.body);
    });
  }

  const receive: RequestHandler = async (req, res) => {
    const wr = toWebhookRequest(req, options.publicUrl);
    let items;
    let verified = false;
    try {
      // A body that cannot even be decoded (broken form encoding) cannot be verified either: 400.
      const verdict = await endpoint.verify(wr);
      if (!verdict.ok) {
        log.warn('webhook refused', { endpoint: endpoint.name, status: verdict.status, reason: verdict.reason });
        throw verdict.status === 401 ? new UnauthorizedError('unauthorized', verdict.reason) : new ForbiddenError('forbidden', verdict.reason);
      }
      verified = true;
      items = storableItems(endpoint.parse(wr));
    } catch (err) {
      if (!(err instanceof MalformedPayloadError)) throw err;
      log.warn('webhook malformed', { endpoint: endpoint.name, error: err.message, signed: verified });
      // Signed by the provider, so really theirs: keep it for an operator to see.
      if (verified) await runtime.rejected(err.channel, err.message, wr.body);
      throw err;
    }
    // Stored (one transaction, however large the batch) before the provider hears 200; the
    // bot answers from the store afterwards, so the provider never waits for it. If storing
    // fails the provider gets a 500 and sends the batch again.
    await endpoint.remember?.(items);
    await runtime.accept(items);
    if (endpoint.successResponse) res.status(200).type(endpoint.successResponse.contentType).send(endpoint.successResponse.body);
    else res.status(200).json({ ok: true });
  };
  router.post(endpoint.path, raw, receive);
  if (endpoint.statusPath) router.post(endpoint.statusPath, raw, receive);
  // Scoped to our paths, so the router answers alike mounted alone (tests) or in the app.
  router.use([endpoint.path, ...(endpoint.statusPath ? [endpoint.statusPath] : [])], errorHandler({ logger: log, label: 'webhook failed', fields: { endpoint: endpoint.name } }));
  return router;
}
