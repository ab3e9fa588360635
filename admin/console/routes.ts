import express, { type Router } from 'express';
import { z } from 'zod';
import { sendMedia } from '../../adapters/index.ts';
import { silentLogger, type Logger } from '../../bot/index.ts';
import type { KnowledgeBase, LanguageDetector } from '../../knowledge/index.ts';
import { BadRequestError, NotFoundError, readBody, UnavailableError, validate } from '../../errors/index.ts';
import { AGENT_FILE_PREFIX } from '../../shared/index.ts';
import { currentUser, publicUser, readCookie, requireUser, sameOriginUploads, sameOriginWrites, SESSION_COOKIE, type SessionStore } from '../auth/index.ts';
import type { HandoffDesk } from './desk.ts';
import { MAX_AGENT_FILE_BYTES, MAX_REPLY_FILES, type AgentFiles } from './files.ts';
import type { LiveBus } from './live.ts';
import { suggestedAnswers } from './answers.ts';
import { conversationView, queueView, toConsoleMessage } from './views.ts';
import type { WebhookDispatcher } from './webhooks.ts';

export interface ConsoleRoutesOptions {
  desk: HandoffDesk;
  /** Files agents send; without it, replies carry no files. */
  files?: AgentFiles;
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
export const Reply = z.object({
  text: z.string().max(100_000).describe('may be empty when the reply carries files'),
  attachments: z.array(z.string().min(1).max(64)).max(MAX_REPLY_FILES).optional().describe('refs of files uploaded to this conversation (POST …/files)'),
});
export const FileQuery = z.object({ name: z.string().max(300).optional().describe('the file\'s name as the customer will see it') });
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
  const reply = validate({ body: Reply });
  const fileQuery = validate({ query: FileQuery });
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
  // Or a file an agent sent in it (files.ts), from the database.
  router.get('/api/admin/conversations/:id/media/:ref', agents, async (req, res) => {
    const ref = String(req.params.ref);
    const transcript = await desk.store.transcript(id(req));
    const sent = ref.startsWith(AGENT_FILE_PREFIX) && transcript.some((m) => m.role === 'agent' && m.attachments?.some((a) => a.ref === ref));
    const file = sent ? await o.files?.read(ref) : undefined;
    if (file) return void sendMedia(res, file, file.name);
    const message = transcript.find((m) => m.role === 'customer' && m.attachments?.some((a) => a.ref === ref));
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

  // A file for the agent's next reply: kept with the conversation, then named in the reply.
  router.post('/api/admin/conversations/:id/files', agents, sameOriginUploads, fileQuery,
    readBody(express.raw({ type: () => true, limit: MAX_AGENT_FILE_BYTES })), async (req, res) => {
      if (!o.files) throw new UnavailableError('not_configured', 'files cannot be sent from this server');
      const body = req.body as Buffer | undefined;
      if (!body?.byteLength) throw new BadRequestError('empty', 'send the file as the request body');
      const conversation = await desk.store.conversation(id(req));
      if (!conversation) throw new NotFoundError('no such conversation');
      res.status(201).json(await o.files.store(conversation.id, currentUser(res).id, body, fileQuery.query(req).name));
    });

  router.post('/api/admin/conversations/:id/reply', agents, sameOriginWrites, reply, async (req, res) => {
    const b = reply.body(req);
    const { message, delivery } = await desk.reply(id(req), currentUser(res), b.text, b.attachments);
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
