import path from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { chatApiChannel, chatApiRouter, WEBCHAT_PUBLIC_DIR, WebchatUploads, webchatUploadRoute, WIDGET_ENTRY, webchat, widgetConfigRoute, type ChannelAdapter } from '../adapters/index.ts';
import { chartsRouter, createAdmin, type AdminHandle, type AdminOptions } from '../admin/index.ts';
import { AnsweredTally, catalogueGaps, ConversationStore, createBot, migrate, openPgliteThread, openPostgres, silentLogger, yieldingDatabase, starterTopics, type Bot, type Database, type Logger } from '../bot/index.ts';
import {
  CachedEmbeddings, createLanguageDetector, FileEmbeddingCache, isConversationEntry, KnowledgeBase, KnowledgeError, loadKnowledgeFolder, MicroBatchEmbeddings, entriesHash,
  ThreadEmbeddings, withConversationEntries, type FaqEntry, type LanguageAwareEmbeddings,
} from '../knowledge/index.ts';
import { HelpCenter, helpAdminRoutes, TRADITIONAL_CHINESE } from '../helpcenter/index.ts';
import { faqDomScript, scriptRoute } from '../browser/index.ts';
import { mountChannels, type MountedChannels } from './channels.ts';
import type { AppConfig } from './config.ts';
import { lockDataFolder } from './data-folder-lock.ts';
import { ensurePortFree, listen } from './listen.ts';
import { createHttpApp } from './server.ts';
import { StartupError } from './startup-error.ts';

export interface RunningApp {
  url: string;
  server: Server;
  bot: Bot;
  store: ConversationStore;
  knowledge: KnowledgeBase;
  /** Agent console and handoff desk (accounts, queue, webhooks). */
  admin: AdminHandle;
  /** Channel adapters by channel id: the console replies through the customer's one. */
  adapters: Map<string, ChannelAdapter>;
  /** Messaging channels' webhooks and replies (SMS, WhatsApp, Messenger, Bot Framework). */
  channels: MountedChannels;
  close(): Promise<void>;
}

/** Hash of a folder's entries, to republish only when the sample files changed. */
function folderHash(entries: FaqEntry[]): string {
  return `folder:${entriesHash(entries).slice(0, 24)}`;
}

/**
 * The entries of the knowledge folder (KB_DIR). A folder that cannot be read (a malformed file, two
 * files with one id, no such folder) must not take the bot down after an edit: with a version live,
 * that version keeps answering and the log says what to mend. With none, the server cannot start.
 */
async function readKnowledgeFolder(dir: string, liveVersion: number | undefined, log: Logger): Promise<FaqEntry[] | undefined> {
  try {
    return await loadKnowledgeFolder(dir);
  } catch (err) {
    // A KnowledgeError's message names the file and line.
    const reason = err instanceof KnowledgeError ? err.message : (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such folder' : undefined;
    if (reason === undefined) throw err;
    if (liveVersion === undefined) throw new StartupError(`the knowledge folder ${dir} (KB_DIR) cannot be published: ${reason}`);
    log.error('knowledge folder not published: the live version keeps answering', { kbDir: dir, reason, version: liveVersion });
    return undefined;
  }
}

/**
 * The composition root: build every part from the config and start serving.
 * `overrides.embeddings` lets tests and the eval command swap the embedder; `overrides.database`
 * serves from a database the caller opened (the turn-cost bench counts its statements).
 */
export async function startApp(config: AppConfig, overrides: StartOverrides = {}): Promise<RunningApp> {
  // Before the database opens or a model loads: a server that cannot run here fails at once, and says why.
  await ensurePortFree(config.host, config.port);
  const lock = await lockDataFolder(config.dataDir);
  // What a start that fails half-way has opened is closed again, newest first: a process that
  // tries again (a test, a supervisor in the same process) keeps no database or threads of it.
  const undo: Array<() => unknown> = [];
  let app: RunningApp;
  try {
    app = await startInLockedFolder(config, overrides, (close) => undo.push(close));
  } catch (err) {
    for (const close of undo.reverse()) await Promise.resolve().then(close).catch(() => undefined);
    await lock.release();
    throw err;
  }
  const close = app.close;
  app.close = async () => {
    try {
      await close();
    } finally {
      await lock.release();
    }
  };
  return app;
}

type StartOverrides = { logger?: Logger; embeddings?: LanguageAwareEmbeddings; admin?: Partial<AdminOptions>; database?: Database };

/** startApp's work, once the data folder is this process's own (see lockDataFolder). */
async function startInLockedFolder(config: AppConfig, overrides: StartOverrides, onFailure: (close: () => unknown) => void): Promise<RunningApp> {
  const log = overrides.logger ?? silentLogger;
  // The web chat widget is TypeScript, bundled once per process while the rest starts.
  const widgetScript = scriptRoute({ entry: WIDGET_ENTRY });
  // The embedded database runs on a thread of its own (its statements are about half of a
  // message's CPU), so the main thread reads requests and matches while it writes.
  const opened = overrides.database ?? (config.databaseUrl ? await openPostgres(config.databaseUrl) : await openPgliteThread(path.join(config.dataDir, 'db')));
  // The caller's own database stays the caller's to close.
  if (!overrides.database) onFailure(() => opened.close());
  // One the caller opened on the main thread: its statements take turns with reading requests,
  // so acknowledgements and health checks are not starved by the turns being answered.
  const db = overrides.database?.kind === 'pglite' ? yieldingDatabase(opened) : opened;
  const applied = await migrate(db);
  if (applied) log.info('database migrated', { applied, kind: db.kind });
  const store = new ConversationStore(db);
  // Starter topics everywhere (bot, widget, help center) read one tally, counted once a minute.
  const tally = new AnsweredTally(store);

  // The model runs on a thread of its own: its calls no longer stop the main thread's other requests.
  const thread = overrides.embeddings ? undefined : new ThreadEmbeddings(config.embeddings);
  onFailure(() => thread?.close());
  const embedder = overrides.embeddings ?? thread!;
  // Questions of concurrent turns are embedded in one model call (knowledge texts are cached).
  const questions = new MicroBatchEmbeddings(embedder, { maxBatch: config.embeddings.batchSize });
  const embeddings = new CachedEmbeddings(questions, new FileEmbeddingCache(path.join(config.dataDir, 'embeddings')));
  const knowledge = await KnowledgeBase.open({
    dir: path.join(config.dataDir, 'knowledge'), embeddings, defaultLang: config.defaultLang,
    maxWrongAnswerRate: config.maxWrongAnswerRate, fixedThresholds: config.fixedThresholds, useChosenThresholds: config.autoThresholds,
  });
  // The folder's entries, with the bundled conversation entries (small talk) unless turned off.
  // Undefined when the folder cannot be read but a version is live: that version keeps answering.
  const folder = await readKnowledgeFolder(config.kbDir, knowledge.version, log);
  const sample = folder && (config.conversationEntries ? await withConversationEntries(folder) : folder);
  const hash = sample && folderHash(sample);
  // The folder seeds the knowledge base; later edits made elsewhere (admin) are not overwritten.
  const folderChanged = hash !== undefined && knowledge.sourceHash?.startsWith('folder:') && knowledge.sourceHash !== hash;
  // A version built with another embedding model cannot be searched with this one: rebuild it.
  const modelChanged = knowledge.version !== undefined && knowledge.embedderId !== embeddings.modelId;
  // A version whose words were normalised otherwise has lexical features this code does not make: retrain it.
  const textChanged = knowledge.version !== undefined && knowledge.builtWithOtherNormalization;
  if ((modelChanged || textChanged) && !folderChanged) {
    const live = knowledge.entries();
    const note = modelChanged ? `re-embedded with ${embeddings.modelId}` : 'retrained with the current text normalisation';
    const result = await knowledge.publish(live, { note, sourceHash: knowledge.sourceHash });
    log.info(modelChanged ? 'knowledge base re-embedded for a new model' : 'knowledge base retrained for the current text normalisation', { ...result, model: embeddings.modelId });
  } else if (sample && (knowledge.version === undefined || folderChanged)) {
    const result = await knowledge.publish(sample, { note: `published from ${config.kbDir}`, sourceHash: hash });
    log.info('knowledge base published', { ...result });
  }

  // A language customers write in with no complete catalogue gets some of its notices in the default language.
  for (const gap of catalogueGaps(knowledge.languages)) {
    log.warn('message catalogue incomplete: some notices fall back to the default language', { lang: gap.lang, missing: gap.missing.length, placeholderMismatch: gap.placeholderMismatch });
  }

  // The live knowledge base's own words join fastText's evidence, per published version.
  const detector = await createLanguageDetector({ vocabulary: () => knowledge.vocabulary });
  const adapters = new Map<string, ChannelAdapter>();
  const admin = await createAdmin({ db, store, adapters, logger: log, defaultLang: config.defaultLang, publicUrl: config.channels.publicUrl, ...config.console,
    // Agents' replies and desk notices go through the durable outbox, as the bot's replies do.
    send: (ref, messages) => channels.runtime.deliver(ref, messages),
    knowledge, answerThreshold: config.answerThreshold, clarifyThreshold: config.clarifyThreshold, knowledgeThresholds: true,
    maxFailedAttempts: config.maxFailedAttempts, handoffKeywords: config.handoffKeywords, detector, embeddings,
    suites: config.publishing.suites, publishGate: config.publishing.gate, ...overrides.admin,
    webhooks: overrides.admin?.webhooks ?? (config.console.webhookSecret ? { urls: config.console.webhookUrls, secret: config.console.webhookSecret } : undefined) });
  onFailure(() => admin.close());
  const bot = createBot({
    store, knowledge, detector, logger: log, onHandoff: admin.onHandoff, onTurn: admin.onTurn, handoffKeywords: config.handoffKeywords,
    defaultLang: config.defaultLang,
    answerThreshold: config.answerThreshold,
    clarifyThreshold: config.clarifyThreshold,
    knowledgeThresholds: true,
    maxFailedAttempts: config.maxFailedAttempts,
    maxMessageChars: config.maxMessageChars,
    answerWhileQueued: config.answerWhileQueued,
    followUpOdds: config.followUps ? undefined : 1,
    continuations: config.followUps,
    queueNoticeIntervalMs: config.queueNoticeMinutes * 60_000,
    answeredTally: tally,
  });

  const help = new HelpCenter({
    // PUBLIC_URL (read with the channels' settings): absolute URLs in canonical links, the sitemap and social tags.
    knowledge, db, defaultLang: config.defaultLang, publicUrl: config.channels.publicUrl, logger: log,
    policy: { answerThreshold: config.answerThreshold, clarifyThreshold: config.clarifyThreshold, knowledgeThresholds: true },
    popular: (lang, n) => starterTopics({ store: tally, knowledge }, lang, n),
    onNoResult: (search) => admin.unanswered.recordSearch(search),
  });

  await widgetScript.ready;
  const http = createHttpApp(log);
  http.app.get('/', (_req, res) => res.sendFile(path.join(WEBCHAT_PUBLIC_DIR, 'index.html')));
  http.app.use(widgetConfigRoute({
    defaultLang: config.defaultLang, botName: config.botName, maxMessageChars: config.maxMessageChars, logger: log,
    // The entries customers ask most in that language (the knowledge base's order without history).
    starters: (lang) => starterTopics({ store: tally, knowledge }, lang, config.starterTopics),
    // The help center's most asked articles that are not already starter topics.
    helpArticles: async (lang, script) => {
      const shown = new Set((await starterTopics({ store: tally, knowledge }, lang, config.starterTopics)).map((t) => t.entryId));
      // Readers of Traditional Chinese are linked to the help center's Traditional pages.
      return (await help.topArticles(script === 'traditional' ? TRADITIONAL_CHINESE : lang, shown.size + 3)).filter((a) => !shown.has(a.entryId)).slice(0, 3).map((a) => ({ title: a.question, path: a.path }));
    },
  }));
  http.app.get('/webchat/widget.js', widgetScript.handler);
  http.app.use('/webchat', express.static(WEBCHAT_PUBLIC_DIR, { index: false }));
  http.app.use(chartsRouter());
  const domScript = faqDomScript();
  await domScript.ready;
  http.app.get('/assets/dom.js', domScript.handler);
  http.app.get('/api/health', (_req, res) => {
    res.json({ ok: true, knowledgeVersion: knowledge.version, languages: knowledge.languages, database: db.kind });
  });
  // Ready to answer: the database answers, a knowledge base version is live, the embedder is loaded.
  // Redis (when configured) does not decide readiness: without it an instance still answers, but
  // does not hear the others (live console events, knowledge releases), so it is reported as degraded.
  http.app.get('/api/ready', async (_req, res) => {
    // All at once: under load each statement waits its turn, and a probe's time is the slowest one's.
    const [database, model, counts] = await Promise.all([
      (db.urgent ?? db).query('select 1 as ok').then(() => true, () => false),
      thread ? thread.ready() : embeddings.embedQuery('ready').then((v) => v.length > 0, () => false),
      // Work stored and not answered yet (every instance's), and replies waiting to be sent now.
      Promise.all([channels.runtime.backlog(), channels.runtime.outbox.due()]).catch(() => [undefined, undefined]),
    ]);
    const checks = { database, index: knowledge.version !== undefined, model };
    const ready = Object.values(checks).every(Boolean);
    const redis = admin.redisHealth();
    const degraded = redis && !(redis.liveEvents.ready && (redis.knowledgeReleases?.ready ?? true)) ? ['redis'] : [];
    const [backlog, outbox] = counts;
    res.status(ready ? 200 : 503).json({ ready, checks, degraded, redis, turnsInProgress: bot.turnsInProgress, queued: channels.runtime.active, backlog, outbox });
  });
  const channels = mountChannels(http.app, { bot, store, config, logger: log, adapters, onFeedback: admin.recordFeedback });
  onFailure(() => channels.close());
  // Every inbound message is stored before it is answered (ChannelRuntime): the chat API's and
  // the web chat's too, so a crash mid-turn leaves them to be answered at the next start. Both
  // are registered with the runtime, not with the agent console: they reach nobody later.
  const api = chatApiChannel({ languages: () => knowledge.languages });
  for (const a of api.adapters) channels.runtime.register(a);
  const isSmallTalk = (entryId: string) => isConversationEntry(knowledge.entry(entryId));
  http.app.use(chatApiRouter(api.endpoint, channels.runtime, { onFeedback: admin.recordFeedback, maxBacklog: config.maxBacklog, isSmallTalk, logger: log }));
  const uploads = new WebchatUploads(store.db);
  http.app.use(webchatUploadRoute({ uploads, logger: log }));
  // Before admin's own routes: it answers every other /api/admin path with a 404.
  http.app.use(helpAdminRoutes({ help, sessions: admin.sessions }));
  admin.mount(http.app);
  http.app.use(help.router());
  const server = http.finish();
  const chat = webchat({ runtime: channels.runtime, store, logger: log, onFeedback: admin.recordFeedback, feedbackOf: admin.feedbackOf,
    describeContext: (c) => help.chatContextNotice(c), isSmallTalk, uploads, maxFrameBytes: Math.max(256 * 1024, config.maxMessageChars * 8) });
  onFailure(() => chat.close());
  chat.attach(server);
  adapters.set(chat.channel, chat);
  channels.runtime.register(chat);
  // Answer what earlier runs stored and left unanswered, and what arrives from now on.
  channels.runtime.start();

  await listen(server, config.host, config.port);
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  return {
    url, server, bot, store, knowledge, admin, adapters, channels,
    async close() {
      await admin.close();
      chat.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await channels.close();
      await db.close();
      await thread?.close();
    },
  };
}
