/** Test plumbing for the admin side: a console with a real bot and store, no models, no browser. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChannelAdapter, ChannelCapabilities, SendResult } from '../adapters/index.ts';
import { createHttpApp } from '../app/server.ts';
import { freshPglite, stubDetector, stubKnowledge } from '../app/test-support.ts';
import { ConversationStore, createBot, migrate, silentLogger, type Attachment, type Bot, type ConversationRef, type Database, type StoredMessage } from '../bot/index.ts';
import { createAdmin, type AdminHandle, type AdminOptions } from './admin.ts';
import { chartsRouter } from './charts/index.ts';
import { faqDomScript } from '../browser/index.ts';
import type { Role } from './auth/index.ts';

/** A channel adapter that records what it was asked to send; `failWith` makes it throw, `failResult` report a refusal (as real adapters do). */
export function recordingAdapter(channel = 'test', capabilities: Partial<ChannelCapabilities> = {}) {
  const sent: Array<{ ref: ConversationRef; message: StoredMessage }> = [];
  const adapter: ChannelAdapter & { sent: typeof sent; failWith?: Error; failResult?: string; beforeSend?: (m: StoredMessage) => Promise<void> } = {
    channel,
    capabilities: { markup: 'plain', maxSuggestions: 0, maxTextLength: 1600, typingIndicator: false, ...capabilities },
    sent,
    async send(ref, messages): Promise<SendResult[]> {
      if (adapter.failWith) throw adapter.failWith;
      if (adapter.failResult) return messages.map((m) => ({ messageId: m.id, ok: false, error: adapter.failResult }));
      for (const m of messages) {
        await adapter.beforeSend?.(m);
        sent.push({ ref, message: m });
      }
      return messages.map((m) => ({ messageId: m.id, ok: true, providerId: `p-${m.id}` }));
    },
  };
  return adapter;
}

export interface ConsoleHarness {
  url: string;
  server: Server;
  db: Database;
  store: ConversationStore;
  bot: Bot;
  admin: AdminHandle;
  adapter: ReturnType<typeof recordingAdapter>;
  /** The registry the console sends through: add more adapters to it. */
  adapters: Map<string, ChannelAdapter>;
  /** Create an account directly in the store. */
  user(role: Role, name?: string): Promise<{ id: string; email: string; password: string; name: string }>;
  /** Sign in over HTTP; returns the Cookie header value. */
  signIn(email: string, password: string): Promise<string>;
  /** JSON call to the server. */
  call(method: string, path: string, options?: { cookie?: string; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Headers }>;
  /** A customer message on the recording channel, through the real bot. */
  customer(userId: string, text: string, attachments?: Attachment[]): ReturnType<Bot['handle']>;
  close(): Promise<void>;
}

let counter = 0;

/**
 * A running console: PGlite (or the given database), the real Bot on a stub knowledge base,
 * the admin side mounted on an HTTP server on 127.0.0.1.
 */
export async function consoleHarness(options: Partial<AdminOptions> & { db?: Database; channel?: string; capabilities?: Partial<ChannelCapabilities> } = {}): Promise<ConsoleHarness> {
  const pg = options.db ? undefined : await freshPglite();
  const db = options.db ?? pg!.db;
  await migrate(db);
  const store = new ConversationStore(db);
  const adapter = recordingAdapter(options.channel ?? 'test', options.capabilities);
  const adapters = new Map<string, ChannelAdapter>([[adapter.channel, adapter]]);
  const admin = await createAdmin({ db, store, adapters, logger: silentLogger, passwordHashing: { N: 1024 }, adminEmail: undefined, ...options });
  const bot = createBot({
    store, knowledge: stubKnowledge(), detector: stubDetector, defaultLang: 'en', maxMessageChars: 4000,
    // The console's tests need a handoff from one unanswered question: since a first failure is no
    // longer handed off by default, this harness is configured to hand off on the first.
    answerThreshold: 0.5, clarifyThreshold: 0.25, maxFailedAttempts: 1, onHandoff: admin.onHandoff, onTurn: admin.onTurn,
  });
  const http = createHttpApp(silentLogger);
  // The charting scripts, as the app serves them (the analytics dashboard draws with them).
  http.app.use(chartsRouter());
  const domScript = faqDomScript();
  await domScript.ready;
  http.app.get('/assets/dom.js', domScript.handler);
  admin.mount(http.app);
  const server = http.finish();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const call: ConsoleHarness['call'] = async (method, path, o = {}) => {
    const headers: Record<string, string> = { ...(o.cookie ? { cookie: o.cookie } : {}), ...o.headers };
    if (o.body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    const res = await fetch(`${url}${path}`, { method, headers, body: o.body === undefined ? undefined : typeof o.body === 'string' ? o.body : JSON.stringify(o.body) });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body, headers: res.headers };
  };

  return {
    url, server, db, store, bot, admin, adapter, adapters, call,
    async user(role, name) {
      const n = ++counter;
      const password = `password-${n}-${Math.random().toString(36).slice(2)}`;
      const u = await admin.users.create({ email: `${role}${n}-${Date.now()}@example.test`, name: name ?? `${role[0]!.toUpperCase()}${role.slice(1)} ${n}`, role, password });
      return { id: u.id, email: u.email, name: u.name, password };
    },
    async signIn(email, password) {
      const res = await call('POST', '/api/admin/login', { body: { email, password } });
      if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.headers.get('set-cookie')!.split(';')[0]!;
    },
    customer(userId, text, attachments) {
      return bot.handle({ type: 'message', conversation: { channel: adapter.channel, userId }, externalId: `h-${++counter}-${Math.random()}`, from: { id: userId, name: `Customer ${userId}` }, text, attachments });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await admin.close();
      await pg?.cleanup();
    },
  };
}

/** Read a server-sent event stream; `next(test)` waits for a matching event. */
export async function openEvents(url: string, cookie: string) {
  const controller = new AbortController();
  const res = await fetch(`${url}/api/admin/events`, { headers: { cookie }, signal: controller.signal });
  const events: Array<{ event: string; data: any }> = [];
  const waiters: Array<{ test(e: { event: string; data: any }): boolean; resolve(e: { event: string; data: any }): void }> = [];
  let seen = 0;
  const reader = res.body?.getReader();
  void (async () => {
    if (!reader) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let i: number;
        while ((i = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (!event) continue;
          const e = { event, data: data ? JSON.parse(data) : undefined };
          events.push(e);
          for (const w of [...waiters]) if (w.test(e)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(e); }
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    status: res.status,
    events,
    next(test: (e: { event: string; data: any }) => boolean, timeoutMs = 15_000): Promise<{ event: string; data: any }> {
      const idx = events.findIndex((e, i) => i >= seen && test(e));
      if (idx >= 0) {
        seen = idx + 1;
        return Promise.resolve(events[idx]!);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('timed out waiting for a console event')), timeoutMs);
        waiters.push({ test, resolve: (e) => { clearTimeout(timer); seen = events.indexOf(e) + 1; resolve(e); } });
      });
    },
    close() {
      controller.abort();
    },
  };
}
