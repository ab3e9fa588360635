/** Test-only plumbing for the channel adapters: fake providers, a real bot on fixtures, signers. */
import { createHmac, createSign, generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import twilio from 'twilio';
import { cachedTestEmbeddings, freshPglite, publishedKnowledge, tempDir } from '../app/test-support.ts';
import { ConversationStore, createBot, migrate, type Bot, type Database, type Logger } from '../bot/index.ts';
import { createLanguageDetector } from '../knowledge/index.ts';
import { ChannelStore } from './core/channel-store.ts';
import { webhookRouter } from './core/express.ts';
import type { ChannelRuntime } from './core/runtime.ts';
import type { WebhookEndpoint } from './types.ts';

/** One request the fake provider received. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
  json?: any;
  form?: Record<string, string>;
  at: number;
}

export type FakeResponse = { status: number; body?: unknown; headers?: Record<string, string> };

/**
 * A local stand-in for a provider's HTTP API (Twilio REST, Graph API, Bot Connector) on
 * 127.0.0.1: records every request and answers with `respond` (default 200 `{}`).
 */
export async function startFakeProvider(respond: (req: RecordedRequest) => FakeResponse | Promise<FakeResponse> = () => ({ status: 200, body: {} })) {
  const requests: RecordedRequest[] = [];
  const waiters: Array<{ test(r: RecordedRequest): boolean; resolve(r: RecordedRequest): void }> = [];
  let responder = respond;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://x');
      const rec: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body, at: performance.now() };
      const type = String(req.headers['content-type'] ?? '');
      if (type.includes('json') && body) rec.json = JSON.parse(body);
      if (type.includes('x-www-form-urlencoded')) rec.form = Object.fromEntries(new URLSearchParams(body));
      requests.push(rec);
      for (const w of [...waiters]) {
        if (w.test(rec)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(rec);
        }
      }
      const out = await responder(rec);
      res.writeHead(out.status, { 'content-type': 'application/json', ...out.headers });
      res.end(out.body === undefined ? '' : typeof out.body === 'string' ? out.body : JSON.stringify(out.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    /** Replace how the fake answers from now on. */
    respondWith(fn: typeof respond) {
      responder = fn;
    },
    /** The first request (already received or coming) matching `test`. */
    waitFor(test: (r: RecordedRequest) => boolean, timeoutMs = 20_000): Promise<RecordedRequest> {
      const found = requests.find(test);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('fake provider: timed out waiting for a request')), timeoutMs);
        waiters.push({ test, resolve: (r) => { clearTimeout(timer); resolve(r); } });
      });
    },
    clear() {
      requests.length = 0;
    },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
export type FakeProvider = Awaited<ReturnType<typeof startFakeProvider>>;

/** A logger that keeps its lines, to assert that something was logged. */
export function memoryLogger(): Logger & { lines: Array<{ level: string; msg: string; fields?: Record<string, unknown> }> } {
  const lines: Array<{ level: string; msg: string; fields?: Record<string, unknown> }> = [];
  const at = (level: string) => (msg: string, fields?: Record<string, unknown>) => void lines.push({ level, msg, fields });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** The real bot on the bilingual fixture knowledge base, with an embedded database. */
export async function startTestBot(options: { logger?: Logger } = {}): Promise<{ bot: Bot; store: ConversationStore; channels: ChannelStore; db: Database; cleanup(): Promise<void> }> {
  const pg = await freshPglite();
  const db = pg.db;
  await migrate(db);
  const store = new ConversationStore(db);
  const kbDir = await tempDir('faqbot-channels-kb-');
  const knowledge = await publishedKnowledge(`${kbDir.dir}/kb`, await cachedTestEmbeddings(`${kbDir.dir}/emb`));
  const bot = createBot({
    store, knowledge, detector: await createLanguageDetector(), logger: options.logger, defaultLang: 'en', maxMessageChars: 4000,
    answerThreshold: 0.6, clarifyThreshold: 0.3, maxFailedAttempts: 2,
  });
  return { bot, store, channels: new ChannelStore(db), db, async cleanup() { await pg.cleanup(); await kbDir.cleanup(); } };
}

/** An HTTP server with the given webhook endpoints mounted, as the app mounts them; the runtime answers what they store. */
export async function startWebhookServer(runtime: ChannelRuntime, endpoints: WebhookEndpoint[], options: { publicUrl?: string; logger?: Logger; mount?: (app: express.Express) => void } = {}) {
  runtime.start();
  const app = express();
  for (const e of endpoints) app.use(webhookRouter(e, runtime, { publicUrl: options.publicUrl, logger: options.logger }));
  options.mount?.(app);
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, server, close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) };
}

/** A form body and the X-Twilio-Signature Twilio would send for it, signed by the official `twilio` package. */
export function twilioSigned(authToken: string, url: string, params: Record<string, string>): { body: string; signature: string } {
  return { body: new URLSearchParams(params).toString(), signature: twilio.getExpectedTwilioSignature(authToken, url, params) };
}

/**
 * JSON the way Meta sends it: non-ASCII as lower-case \uXXXX escapes and "/" as "\/".
 * Signatures are computed over exactly these bytes.
 */
export function metaJson(payload: unknown): string {
  return JSON.stringify(payload).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).replace(/\//g, '\\/');
}

/** `X-Hub-Signature-256` for a body, as Meta computes it. */
export function metaSignature(appSecret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
}

/** POST raw bytes with headers; returns status and text. */
export async function post(url: string, body: string | Buffer, headers: Record<string, string>): Promise<{ status: number; text: string; headers: Headers }> {
  const res = await fetch(url, { method: 'POST', headers, body: typeof body === 'string' ? body : new Uint8Array(body) });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

/** A body of `bytes` bytes, for the 413 test. */
export function hugeBody(bytes = 10 * 1024 * 1024): Buffer {
  return Buffer.alloc(bytes, 'a');
}

/**
 * A stand-in for the Bot Connector service's token signer: an RSA key published as OpenID metadata
 * (serve `openIdConfig(base)` and `jwks` from the fake provider) and JWTs signed with it, which
 * botbuilder validates exactly as it validates Microsoft's.
 */
export function botFrameworkSigner(kid = 'test-key-1') {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return {
    jwks: { keys: [{ kty: 'RSA', use: 'sig', kid, n: jwk.n, e: jwk.e, endorsements: ['msteams', 'webchat', 'directline', 'emulator'] }] },
    openIdConfig: (base: string) => ({ issuer: 'https://api.botframework.com', authorization_endpoint: 'https://invalid.botframework.com', jwks_uri: `${base}/keys`, id_token_signing_alg_values_supported: ['RS256'] }),
    /** A channel token for our app id and the activity's service URL. */
    token(claims: { aud: string; serviceurl: string; iss?: string; exp?: number }): string {
      const now = Math.floor(Date.now() / 1000);
      const head = b64({ alg: 'RS256', typ: 'JWT', kid });
      const body = b64({ iss: 'https://api.botframework.com', nbf: now - 60, exp: now + 3600, ...claims });
      const sig = createSign('RSA-SHA256').update(`${head}.${body}`).sign(privateKey).toString('base64url');
      return `${head}.${body}.${sig}`;
    },
  };
}
