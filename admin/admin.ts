import { fileURLToPath } from 'node:url';
import express, { type Express, type RequestHandler } from 'express';
import { BusinessHours, silentLogger, type ConversationStore, type Database, type Logger } from '../bot/index.ts';
import { notFound } from '../errors/index.ts';
import { channelProblemsRoutes } from './console/channel-problems.ts';
import { authRoutes, ensureFirstAdmin, LoginThrottle, SessionStore, UserStore, type FirstAdminResult, type PasswordHashOptions } from './auth/index.ts';
import { HandoffDesk, type AdapterRegistry, type HandoffDeskOptions } from './console/desk.ts';
import { AgentFiles, agentFileRoute } from './console/files.ts';
import { MemoryBus, redisBus, type LiveBus } from './console/live.ts';
import type { RedisHealth } from './redis-channel.ts';
import { consoleRoutes } from './console/routes.ts';
import { WebhookDispatcher, type WebhookOptions } from './console/webhooks.ts';
import { KnowledgeEditing, knowledgeRoutes } from './knowledge/index.ts';
import { PublishPreview, publishPreviewRoutes, recordedQuestions, type PublishGateMode } from './publish-preview/index.ts';
import { scriptLanguage, type KnowledgeBase, type LanguageAwareEmbeddings, type LanguageDetector } from '../knowledge/index.ts';
import { TestConsole, testConsoleRoutes } from './test-console/index.ts';
import { UnansweredInbox, unansweredRoutes } from './unanswered/index.ts';
import { openApiDocument } from './openapi.ts';
import { analyticsRoutes } from './analytics/index.ts';
import { privacyRoutes, startRetention } from './privacy/index.ts';
import { refreshRollups } from '../analytics/index.ts';
import { scriptRoute, SHARED_BROWSER_ENTRY } from '../browser/index.ts';
import { adminPages } from './sign-in-form.ts';

/** Events folded in per rollup transaction on the embedded database (PostgreSQL: the default, 2000). */
const ROLLUP_BATCH_PGLITE = 200;
/** The background rollup's pause after each batch on the embedded database, as a multiple of the batch's time (RollupOptions.pace). */
const ROLLUP_PACE = 1;

/** Folder of the console's browser files (served under /admin). */
export const ADMIN_PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));
/** The agent console's TypeScript entry, bundled into /admin/console.js. */
export const CONSOLE_ENTRY = fileURLToPath(new URL('./console-ui/main.ts', import.meta.url));

export interface AdminOptions {
  db: Database;
  store: ConversationStore;
  /** Adapters by channel: agent replies go out through the one of the customer's channel. */
  adapters: AdapterRegistry;
  /** How agents' replies and desk notices are sent (see HandoffDeskOptions.send). Default the adapter's `send`. */
  send?: HandoffDeskOptions['send'];
  logger?: Logger;
  /** First admin account (ADMIN_EMAIL / ADMIN_PASSWORD); without it, one is generated when no account exists. */
  adminEmail?: string;
  adminPassword?: string;
  /** Session lifetime in hours. Default 12. */
  sessionTtlHours?: number;
  /** Always mark the session cookie Secure (behind a TLS-terminating proxy). Default false. */
  secureCookies?: boolean;
  /** Opening hours, e.g. "mon-fri 09:00-17:00"; empty: always open. */
  businessHours?: string;
  /** IANA time zone of the opening hours. Default UTC. */
  timeZone?: string;
  /** Seconds in the queue before the customer is told again and the conversation flagged. Default 300. */
  claimTimeoutSeconds?: number;
  /** How often the queue is checked for unclaimed conversations, in ms. Default: a quarter of the claim timeout, at most 15 s. */
  sweepIntervalMs?: number;
  /** Webhooks for handoff.initiate / handoff.status; none when `urls` is empty. */
  webhooks?: Omit<WebhookOptions, 'logger'>;
  /** With Redis, several instances share live console events. */
  redisUrl?: string;
  /** The server's public address (PUBLIC_URL): WhatsApp, Messenger, Twilio and Teams fetch agents' files from it. */
  publicUrl?: string;
  /** Redis channel for console events. Default "faqbot:console". */
  redisChannel?: string;
  /** Language of the desk's customer messages when a conversation has none. Default "en". */
  defaultLang?: string;
  /** The name customers see for an agent: unset = the agent's own name, `team` = "our support team" in their language, else this text. */
  agentDisplayName?: string;
  /** Days of silence after which a customer's data is erased (admin/privacy/retention.ts); 0 or unset keeps it. */
  retentionDays?: number;
  /** scrypt cost (tests lower it). */
  passwordHashing?: PasswordHashOptions;
  /** SSE keep-alive / session re-check interval in ms. Default 20000. */
  heartbeatMs?: number;
  /** The clock (tests). */
  now?: () => Date;
  /** How often the analytics rollups catch up with new events, in ms. Default 60000. */
  analyticsRefreshMs?: number;
  /** The live knowledge base; with it, the knowledge editor API is served under /api/admin. */
  knowledge?: KnowledgeBase;
  /** The bot's ANSWER_THRESHOLD (shown by the test console). */
  answerThreshold?: number;
  /** The bot's CLARIFY_THRESHOLD (shown by the test console). */
  clarifyThreshold?: number;
  /** The bot uses the knowledge base's per-language thresholds (PolicyOptions.knowledgeThresholds); so does the test console. */
  knowledgeThresholds?: boolean;
  /** The bot's MAX_FAILED_ATTEMPTS (the test console's zones). Default 2. */
  maxFailedAttempts?: number;
  /** The bot's HANDOFF_KEYWORDS (the test console hands those off, as the bot does). */
  handoffKeywords?: readonly string[];
  /** The bot's language detector (test console). Default: the text's script, else the default language. */
  detector?: LanguageDetector;
  /** The live knowledge base's embedder: the test console builds drafts with it (cached vectors). Without it, only the live version can be tested. */
  embeddings?: LanguageAwareEmbeddings;
  /** Conversation suites (files or folders) the publish preview replays. Default none. */
  suites?: string[];
  /** What the publish preview's gate does on a regression: `off`, `warn` (default) or `block` (an admin may override). */
  publishGate?: PublishGateMode;
}

/** Redis's state per use, as /api/ready reports it. */
export interface RedisHealthReport {
  liveEvents: RedisHealth;
  knowledgeReleases?: RedisHealth;
}

/** The running admin side: the bot's hooks, the routes to mount, and shutdown. */
export interface AdminHandle {
  desk: HandoffDesk;
  users: UserStore;
  sessions: SessionStore;
  bus: LiveBus;
  webhooks?: WebhookDispatcher;
  /** What happened to the first admin account at this start (print a generated password once). */
  firstAdmin: FirstAdminResult;
  /** Drafts, publisher and audit log (when `knowledge` was given). */
  editing?: KnowledgeEditing;
  /** The unanswered-questions inbox (its `onTurn` is part of this handle's). */
  unanswered: UnansweredInbox;
  /** The test console (when `knowledge` was given). */
  testConsole?: TestConsole;
  /** "What changes if I publish" (when `knowledge` was given; it runs where drafts can be tested). */
  publishPreview?: PublishPreview;
  /** A customer's helpful/unhelpful verdict on a bot answer (web chat, chat API). */
  recordFeedback: UnansweredInbox['recordFeedback'];
  /** The verdicts already given on these messages (the web chat's history). */
  feedbackOf: UnansweredInbox['feedbackOf'];
  /** Pass to `createBot` as `onHandoff`. */
  onHandoff: HandoffDesk['onHandoff'];
  /** Pass to `createBot` as `onTurn`. */
  onTurn: HandoffDesk['onTurn'];
  /**
   * Redis's state (live console events, knowledge releases) for readiness checks; undefined
   * without Redis. Not ready means degraded, not down: instances answer, but do not hear each other.
   */
  redisHealth(): RedisHealthReport | undefined;
  /** Add the console API and UI under /admin. */
  mount(app: Express): void;
  close(): Promise<void>;
}

/** Security headers for the console pages: no inline script, no framing, nothing from elsewhere. */
const consoleHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('Content-Security-Policy', "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('Cache-Control', 'no-store');
  next();
};

/**
 * Build the agent console: accounts and sessions, the handoff desk (queue notices, opening
 * hours, unclaimed-time sweep, webhooks), live events (memory or Redis) and its routes.
 * Call before `createBot` (the bot needs `onHandoff` / `onTurn`), then `mount(app)`.
 *
 * @example
 * const admin = await createAdmin({ db, store, adapters });
 * const bot = createBot({ ...options, onHandoff: admin.onHandoff, onTurn: admin.onTurn });
 * admin.mount(app);
 */
export async function createAdmin(o: AdminOptions): Promise<AdminHandle> {
  const log = o.logger ?? silentLogger;
  // The admin pages' browser code, bundled once per process; a bundle that does not build fails the start.
  const consoleScript = scriptRoute({ entry: CONSOLE_ENTRY });
  const sharedScript = scriptRoute({ entry: SHARED_BROWSER_ENTRY, format: 'esm' });
  await Promise.all([consoleScript.ready, sharedScript.ready]);
  const users = new UserStore(o.db, o.passwordHashing);
  const ttlMs = (o.sessionTtlHours ?? 12) * 3_600_000;
  const sessions = new SessionStore(o.db, ttlMs, o.now);
  const throttle = new LoginThrottle({ db: o.db });
  const firstAdmin = await ensureFirstAdmin(users, { email: o.adminEmail, password: o.adminPassword });
  if (firstAdmin.created) log.info('first console account created', { email: firstAdmin.email, source: firstAdmin.source });
  const redisLive = o.redisUrl ? await redisBus(o.redisUrl, { channel: o.redisChannel, logger: log }) : undefined;
  const bus: LiveBus = redisLive ?? new MemoryBus();
  const webhooks = o.webhooks?.urls.length ? new WebhookDispatcher(o.db, { ...o.webhooks, logger: log }) : undefined;
  if (webhooks) {
    const resumed = await webhooks.resumeStale();
    if (resumed) log.info('resumed pending webhook deliveries', { count: resumed });
  }
  const claimTimeoutMs = (o.claimTimeoutSeconds ?? 300) * 1000;
  const files = new AgentFiles(o.db);
  const desk = new HandoffDesk({
    store: o.store, users, adapters: o.adapters, send: o.send, bus, webhooks, logger: log, now: o.now, defaultLang: o.defaultLang, agentDisplayName: o.agentDisplayName,
    files, publicUrl: o.publicUrl,
    hours: BusinessHours.parse(o.businessHours ?? '', o.timeZone ?? 'UTC'), claimTimeoutMs,
  });
  const hours = BusinessHours.parse(o.businessHours ?? '', o.timeZone ?? 'UTC');
  // Keep the analytics rollups close to the events, so the dashboard's own catch-up stays small.
  // On the embedded database a batch's transaction holds the only session: small batches, each
  // followed by a pause as long as it took, keep chat turns and webhook acknowledgements from
  // waiting behind a minute's catch-up. One run at a time: a paced run may outlast the interval.
  let rolling = false;
  const rollup = setInterval(() => {
    if (rolling) return;
    rolling = true;
    void refreshRollups(o.db, { hours, settleSeconds: o.db.kind === 'postgres' ? 5 : 0, ...(o.db.kind === 'pglite' ? { batchSize: ROLLUP_BATCH_PGLITE, pace: ROLLUP_PACE } : {}) })
      .catch((err) => log.warn('analytics rollup failed', { error: String(err) }))
      .finally(() => (rolling = false));
  }, o.analyticsRefreshMs ?? 60_000);
  rollup.unref();
  const stopSweep = desk.start(o.sweepIntervalMs ?? Math.max(1000, Math.min(15_000, claimTimeoutMs / 4)));
  const purge = setInterval(() => void sessions.purgeExpired().catch(() => undefined), 3_600_000);
  purge.unref();
  const stopRetention = o.retentionDays ? startRetention(o.db, o.retentionDays, log) : async () => undefined;
  const editing = o.knowledge ? await KnowledgeEditing.create({
    db: o.db, knowledge: o.knowledge, defaultLang: o.defaultLang, logger: log,
    redisUrl: o.redisUrl, redisChannel: o.redisChannel ? `${o.redisChannel}:knowledge` : undefined,
  }) : undefined;
  const unanswered = new UnansweredInbox({
    db: o.db, store: o.store, knowledge: o.knowledge, drafts: editing?.drafts, publisher: editing?.publisher, audit: editing?.drafts.audit,
    defaultLang: o.defaultLang, logger: log,
  });
  editing?.onEntryCreated(async ({ record, actor, fromUnanswered }) => {
    if (fromUnanswered) await unanswered.resolveWithEntry(fromUnanswered, record.entry.id, actor);
  });
  const defaultLang = o.defaultLang ?? 'en';
  const testConsole = o.knowledge ? new TestConsole({
    knowledge: o.knowledge, embeddings: o.embeddings, drafts: editing ? () => editing.drafts.entries() : undefined, defaultLang, handoffKeywords: o.handoffKeywords,
    detector: o.detector ?? { detect: async (text) => ({ lang: scriptLanguage(text) ?? defaultLang, probability: scriptLanguage(text) ? 0.99 : 0, method: scriptLanguage(text) ? 'script' : 'none' }) },
    policy: { answerThreshold: o.answerThreshold ?? 0.5, clarifyThreshold: o.clarifyThreshold ?? 0.25, maxFailedAttempts: o.maxFailedAttempts ?? 2, knowledgeThresholds: o.knowledgeThresholds },
  }) : undefined;

  const publishPreview = editing && testConsole ? new PublishPreview({
    console: testConsole, drafts: () => editing.drafts.entries(), liveVersion: () => o.knowledge?.version,
    recorded: () => recordedQuestions(o.db), suites: o.suites, gate: o.publishGate,
  }) : undefined;

  return {
    desk, users, sessions, bus, webhooks, firstAdmin, editing, unanswered, testConsole, publishPreview,
    recordFeedback: (input) => unanswered.recordFeedback(input),
    feedbackOf: (ids) => unanswered.feedbackOf(ids),
    redisHealth: () => redisLive && { liveEvents: redisLive.health(), knowledgeReleases: editing?.sync.redisHealth() },
    onHandoff: desk.onHandoff,
    // The desk first (agents see the turn live), then the inbox (it never throws).
    onTurn: async (turn) => {
      await desk.onTurn(turn);
      await unanswered.onTurn(turn);
    },
    mount(app) {
      app.use('/admin', consoleHeaders);
      app.use('/api/admin', consoleHeaders);
      // The console API moved from /admin/api to /api/admin; old scripts and bookmarks are sent on
      // for one release. 308, not 301/302: a POST stays a POST with its body.
      app.use('/admin/api', (req, res) => void res.redirect(308, `/api/admin${req.url}`));
      app.use(authRoutes({ users, sessions, throttle, sessionTtlMs: ttlMs, secureCookies: o.secureCookies, logger: log }));
      app.use(agentFileRoute(files));
      app.use(consoleRoutes({ desk, files, sessions, bus, webhooks, knowledge: o.knowledge, defaultLang: o.defaultLang, detector: o.detector, heartbeatMs: o.heartbeatMs, logger: log }));
      app.use(channelProblemsRoutes({ db: o.db, sessions }));
      app.use(privacyRoutes({ db: o.db, sessions, logger: log }));
      // Before the knowledge routes: its gate may refuse POST /api/admin/publish.
      if (editing && publishPreview) app.use(publishPreviewRoutes({ preview: publishPreview, sessions, audit: editing.drafts.audit }));
      if (editing) app.use(knowledgeRoutes(editing, sessions));
      if (testConsole) app.use(testConsoleRoutes({ console: testConsole, sessions }));
      app.use(unansweredRoutes({ inbox: unanswered, sessions }));
      app.use(analyticsRoutes({ db: o.db, sessions, hours, now: o.now }));
      // The API's description is public: it holds no data, and scripts read it before signing in.
      app.get('/api/openapi.json', (_req, res) => void res.json(openApiDocument()));
      // Add other /api/admin routers above this line: unknown /api/admin paths answer a JSON 404.
      app.use('/api/admin', notFound('no such admin API route'));
      app.get('/admin/console.js', consoleScript.handler);
      app.get('/admin/shared.js', sharedScript.handler);
      app.use('/admin', adminPages(ADMIN_PUBLIC_DIR));
      app.use('/admin', express.static(ADMIN_PUBLIC_DIR, { index: 'index.html', redirect: false }));
    },
    async close() {
      stopSweep();
      clearInterval(purge);
      await stopRetention();
      clearInterval(rollup);
      await testConsole?.close();
      await editing?.close();
      await webhooks?.close();
      await bus.close();
    },
  };
}
