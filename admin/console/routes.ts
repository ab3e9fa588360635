import express, { type Router } from 'express';
import { z } from 'zod';
import { silentLogger, type Logger } from '../../bot/index.ts';
import type { KnowledgeBase, LanguageDetector } from '../../knowledge/index.ts';
import { NotFoundError, UnavailableError, validate } from '../../errors/index.ts';
import { currentUser, publicUser, readCookie, requireUser, sameOriginWrites, SESSION_COOKIE, type SessionStore } from '../auth/index.ts';
import type { HandoffDesk } from './desk.ts';
import type { LiveBus } from './live.ts';
import { suggestedAnswers } from './answers.ts';
import { sendMedia } from './media.ts';
import { conversationView, queueView, toConsoleMessage } from './views.ts';
import type { WebhookDispatcher } from './webhooks.ts';

export interface ConsoleRoutesOptions {
  desk: HandoffDesk;
  /** The live knowledge base: with it, agents get its answers to insert into a reply. */
  knowledge?: KnowledgeBase;
  /** Language of a conversation that has none yet. Default "en". */
  defaultLang?: string;
  /** Reads the language of an agent's search of the knowledge base (the bot's detector). */
  detector?: LanguageDetector;
  sessions: SessionStore;
  bus: LiveBus;
  webhooks?: WebhookDispatcher;
  /** Keep-alive comment on the event stream, and session re-check, every this many ms. Default 20000. */
  heartbeatMs?: number;
  logger?: Logger;
}

// Exported for the OpenAPI document (openapi-paths.ts).
export const Text = z.object({ text: z.string().max(100_000) });
export const Resolve = z.object({ askRating: z.boolean().optional().describe('ask the customer for a 1-5 rating') });
export const Transfer = z.object({ agentId: z.string().min(1).max(100), note: z.string().max(100_000).optional() });
export const AnswersQuery = z.object({ q: z.string().max(1000).optional().describe('what to search for; the customer\'s latest message when absent') });

/**
 * The agent console API under /api/admin (every route needs a session whose role has the
 * `console` permission): the queue, a conversation with its packet and transcript, claim,
 * reply, notes, transfer, release, resolve, the agents to transfer to, and a live event stream (SSE).
 */
export function consoleRoutes(o: ConsoleRoutesOptions): Router {
  const log = o.logger ?? silentLogger;
  const { desk } = o;
  const router = express.Router();
  const agents = requireUser(o.sessions, 'console');
  const text = validate({ body: Text });
  const transfer = validate({ body: Transfer });
  const resolve = validate({ body: Resolve });
  const answersQuery = validate({ query: AnswersQuery });

  router.get('/api/admin/queue', agents, async (_req, res) => {
    res.json({ conversations: await queueView(desk), hours: { open: desk.hours.isOpen(new Date()), description: desk.hours.describe() } });
  });

  router.get('/api/admin/agents', agents, async (_req, res) => {
    res.json({ agents: (await desk.users.list({ permission: 'console' })).map((u) => ({ id: u.id, name: u.name, role: u.role })) });
  });

  router.get('/api/admin/conversations/:id', agents, async (req, res) => {
    const view = await conversationView(desk, String(req.params.id), currentUser(res), o.webhooks);
    if (!view) throw new NotFoundError('no such conversation');
    res.json(view);
  });

  const id = (req: express.Request) => String(req.params.id);

  // A photo, voice note or file a customer of this conversation sent, that the provider keeps by id
  // (the WhatsApp Cloud API): fetched with the channel's credentials, which never reach the browser.
  router.get('/api/admin/conversations/:id/media/:ref', agents, async (req, res) => {
    const ref = String(req.params.ref);
    const message = (await desk.store.transcript(id(req))).find((m) => m.role === 'customer' && m.attachments?.some((a) => a.ref === ref));
    const attachment = message?.attachments?.find((a) => a.ref === ref);
    const adapter = message && desk.adapters.get(message.channel);
    if (!message || !attachment || !adapter?.media) throw new NotFoundError('no such media in this conversation');
    const media = await adapter.media(ref).catch((err) => {
      log.warn('customer media not fetched', { channel: message.channel, ref, error: String(err?.message ?? err) });
      throw new UnavailableError('provider_unavailable', `${message.channel} did not give the media; try again in a moment`, { retryAfterSeconds: 30 });
    });
    if (!media) throw new NotFoundError(`${message.channel} no longer keeps this media`);
    sendMedia(res, media, attachment.name ?? `${attachment.kind}-${ref}`);
  });

  // The knowledge base's answers to insert into a reply, in the conversation's language.
  router.get('/api/admin/conversations/:id/answers', agents, answersQuery, async (req, res) => {
    if (!o.knowledge) throw new UnavailableError('not_configured', 'no knowledge base is published on this server');
    const found = await suggestedAnswers(o.knowledge, desk.store, id(req), answersQuery.query(req).q, { defaultLang: o.defaultLang, detector: o.detector });
    if (!found) throw new NotFoundError('no such conversation');
    res.json(found);
  });

  router.post('/api/admin/conversations/:id/claim', agents, sameOriginWrites, async (req, res) => {
    const c = await desk.claim(id(req), currentUser(res));
    res.json({ status: c.status, assignee: c.assignee });
  });

  router.post('/api/admin/conversations/:id/reply', agents, sameOriginWrites, text, async (req, res) => {
    const { message, delivery } = await desk.reply(id(req), currentUser(res), text.body(req).text);
    res.status(201).json({ message: toConsoleMessage(message), delivery });
  });

  router.post('/api/admin/conversations/:id/notes', agents, sameOriginWrites, text, async (req, res) => {
    const note = await desk.note(id(req), currentUser(res), text.body(req).text);
    res.status(201).json({ note: { ...note, createdAt: note.createdAt.toISOString() } });
  });

  router.post('/api/admin/conversations/:id/transfer', agents, sameOriginWrites, transfer, async (req, res) => {
    const b = transfer.body(req);
    const c = await desk.transfer(id(req), currentUser(res), b.agentId, b.note);
    res.json({ status: c.status, assignee: c.assignee });
  });

  router.post('/api/admin/conversations/:id/release', agents, sameOriginWrites, async (req, res) => {
    const c = await desk.release(id(req), currentUser(res));
    res.json({ status: c.status });
  });

  router.post('/api/admin/conversations/:id/resolve', agents, sameOriginWrites, resolve, async (req, res) => {
    const c = await desk.resolve(id(req), currentUser(res), { askRating: resolve.body(req).askRating });
    res.json({ status: c.status });
  });

  // Server-sent events: every console change, as `event: change`. The session is checked again
  // with each heartbeat, so an expired session's stream ends with `event: expired`.
  router.get('/api/admin/events', agents, (req, res) => {
    const user = currentUser(res);
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write(`retry: 3000\nevent: hello\ndata: ${JSON.stringify({ user: publicUser(user) })}\n\n`);
    const unsubscribe = o.bus.subscribe((event) => res.write(`event: change\ndata: ${JSON.stringify(event)}\n\n`));
    const token = readCookie(req.headers.cookie, SESSION_COOKIE);
    const heartbeat = setInterval(() => {
      void (async () => {
        const session = await o.sessions.lookup(token).catch(() => undefined);
        if (!session) {
          res.write('event: expired\ndata: {}\n\n');
          res.end();
          return;
        }
        res.write(': ping\n\n');
      })();
    }, o.heartbeatMs ?? 20_000);
    heartbeat.unref();
    req.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      log.debug('console event stream closed', { userId: user.id });
    });
  });

  return router;
}
