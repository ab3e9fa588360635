/**
 * Throughput and memory of the real server: requests per second and latency percentiles at
 * several concurrency levels for `POST /api/chat` and for signed Twilio webhooks (answers sent to a
 * local fake of Twilio's API), on one instance with the embedded database and on two instances
 * sharing PostgreSQL and Redis behind client-side round robin. Also the server's resident memory
 * at rest and under load, and how fast /api/health and /api/ready answer during the heaviest
 * phase, and the server's CPU time per message (less distorted by other load than wall time).
 * Last, one signed WhatsApp webhook with `burst` messages: how long its acknowledgement takes,
 * how fast it is answered, and how health and readiness answer meanwhile.
 * Figures measured on this machine; nothing is asserted.
 *
 * With `--sustain N`, also N seconds of chat at 50 concurrent after the levels, reported in
 * windows of 5 s: work the server does once a minute shows there as a slow window.
 *
 * `npm run bench -- --only load [--seconds 8] [--levels 10,50,200] [--setups one,two] [--burst 2000] [--sustain 0]`
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { metaJson, metaSignature } from '../adapters/test-support.ts';
import { percentile } from '../eval/index.ts';
import { loadKnowledgeFolder } from '../knowledge/index.ts';
import { freePort } from '../shared/index.ts';
import { closeAgents, closedLoop, probeWhile, send, type LoadRequest, type PhaseResult } from './load-client.ts';
import { startServer, type ServerProcess } from './load-server.ts';

export const LOAD_BENCH_HEADER = 'setup                 | endpoint         | conc | msgs/s | p50 ms | p95 ms | p99 ms | CPU ms/msg | refused';

/** The Twilio settings the benches' servers run with (the fake's URL is added per run). */
export const TWILIO = {
  PUBLIC_URL: 'https://bot.example.com',
  TWILIO_ACCOUNT_SID: `AC${'5'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'load-bench-token', TWILIO_FROM: '+14155550100',
};
/** The WhatsApp settings the load bench's servers run with (the fake's URL is the Graph API base). */
export const WHATSAPP = { WHATSAPP_VERIFY_TOKEN: 'load-bench-verify', WHATSAPP_APP_SECRET: 'load-bench-wa-secret', WHATSAPP_ACCESS_TOKEN: 'load-bench-wa-token', WHATSAPP_PHONE_NUMBER_ID: '106540352242922' };
const POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = 'redis://127.0.0.1:6379';

export interface LoadBenchOptions {
  /** Folder of the shared embedding cache (copied into each server's data folder). */
  cacheDir: string;
  /** Measured seconds per phase (after one second of warm-up). Default 8. */
  seconds?: number;
  /** Concurrency levels. Default 10, 50, 200. */
  levels?: number[];
  /** `one` (embedded database) and/or `two` (PostgreSQL + Redis). Default both. */
  setups?: Array<'one' | 'two'>;
  /** Messages in the one large WhatsApp webhook sent last (0: none). Default 2000. */
  burst?: number;
  /**
   * Seconds of chat at 50 concurrent after the levels (`--sustain`, 0: none), reported in windows
   * of 5 s: background work that comes once a minute (the analytics rollup) only shows in a phase
   * that long. Default 0.
   */
  sustain?: number;
  /** Environment added to every server's (`--server-env`): a setting's effect, before and after. */
  serverEnv?: Record<string, string>;
  /** The source tree whose servers are measured (`--root`, another checkout). Default this one. */
  root?: string;
  log?: (line: string) => void;
}

/**
 * The fake Twilio REST API, which also answers WhatsApp's Graph API calls: answers every send
 * as the provider does and counts them (`sends`: Twilio, `whatsappSends`: WhatsApp replies, not
 * read receipts).
 */
export async function fakeTwilio(): Promise<{ url: string; sends(): number; whatsappSends(): number; close(): Promise<void> }> {
  let sends = 0;
  let whatsappSends = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url?.endsWith('/Messages.json')) {
        sends++;
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ sid: `SM${String(sends).padStart(32, '0')}`, status: 'queued' }));
        return;
      }
      if (req.url?.endsWith(`/${WHATSAPP.WHATSAPP_PHONE_NUMBER_ID}/messages`)) {
        const read = (JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { status?: string }).status === 'read';
        if (!read) whatsappSends++;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(read ? { success: true } : { messaging_product: 'whatsapp', messages: [{ id: `wamid.${whatsappSends}` }] }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sends: () => sends,
    whatsappSends: () => whatsappSends,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** The sample knowledge base's questions and alternates, in every language: what customers ask. */
export async function sampleQuestions(): Promise<string[]> {
  const entries = await loadKnowledgeFolder(new URL('../knowledge/sample-kb', import.meta.url).pathname);
  return entries.flatMap((e) => e.variants.flatMap((v) => [v.question, ...v.alternates]));
}

const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(0) : '–');

/** Wait until the fake has `expected` sends, or they stop coming for `quietMs`. Returns when the last one came. */
async function drained(sends: () => number, expected: number, quietMs = 10_000, limitMs = 300_000): Promise<number> {
  const start = performance.now();
  let last = sends();
  let lastChange = performance.now();
  while (sends() < expected && performance.now() - lastChange < quietMs && performance.now() - start < limitMs) {
    await new Promise((r) => setTimeout(r, 50));
    if (sends() !== last) {
      last = sends();
      lastChange = performance.now();
    }
  }
  return lastChange;
}

/** Wait until the server reports no stored work and no reply due (`/api/ready`), at most `limitMs`. */
async function backlogDrained(base: string, limitMs = 600_000): Promise<void> {
  const start = performance.now();
  while (performance.now() - start < limitMs) {
    const res = await send({ url: `${base}/api/ready` }, undefined, 30_000);
    const ready = res.status === 200 ? JSON.parse(res.body) as { backlog?: number; outbox?: number } : {};
    if (ready.backlog === 0 && ready.outbox === 0) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** Run the bench; `log` gets one table row per phase and the memory and health lines. */
export async function runLoadBench(options: LoadBenchOptions): Promise<void> {
  const { cacheDir, seconds = 8, levels = [10, 50, 200], setups = ['one', 'two'], burst = 2000, log = () => undefined } = options;
  const questions = await sampleQuestions();
  let run = 0;
  const stamp = Date.now().toString(36);
  for (const setup of setups) {
    const fake = await fakeTwilio();
    const env = { ...TWILIO, TWILIO_API_BASE: fake.url, ...WHATSAPP, GRAPH_API_BASE: fake.url, ...options.serverEnv };
    const servers: ServerProcess[] = [];
    let dropDatabase: (() => Promise<void>) | undefined;
    try {
      if (setup === 'one') {
        servers.push(await startServer({ port: await freePort(), env, cacheDir, label: 'one', root: options.root }));
      } else {
        const { default: pg } = await import('pg');
        const admin = new pg.Client({ connectionString: POSTGRES_URL });
        await admin.connect();
        const name = `faqbot_load_${stamp}`;
        await admin.query(`create database ${name}`);
        dropDatabase = async () => {
          await admin.query(`drop database if exists ${name} with (force)`);
          await admin.end();
        };
        const shared = { ...env, DATABASE_URL: POSTGRES_URL.replace(/\/test$/, `/${name}`), REDIS_URL };
        // One after the other: the first migrates the fresh database.
        for (const i of [2, 3]) servers.push(await startServer({ port: await freePort(), env: shared, cacheDir, label: `two-${i}`, root: options.root }));
      }
      const name = setup === 'one' ? '1 × PGlite' : '2 × PostgreSQL+Redis';
      const row = (endpoint: string, r: PhaseResult, cpuPerMessage: number, extra = '') => {
        const refused = Object.entries(r.refused).map(([s, n]) => `${n}×${s === '0' ? 'err' : s}`).join(' ') || '0';
        log(`${name.padEnd(21)} | ${endpoint.padEnd(16)} | ${String(r.concurrency).padEnd(4)} | ${r.perSecond.toFixed(0).padStart(6)} | ${ms(r.p50).padStart(6)} | ${ms(r.p95).padStart(6)} | ${ms(r.p99).padStart(6)} | ${cpuPerMessage.toFixed(1).padStart(10)} | ${refused}${extra}`);
      };
      const cpu = async () => (await Promise.all(servers.map((s) => s.cpuMs()))).reduce((a, b) => a + b, 0);
      await new Promise((r) => setTimeout(r, 3000));
      const restStart = await Promise.all(servers.map((s) => s.rssMb()));
      // One answer each: the embedder and detector load on first use.
      for (const s of servers) for (let i = 0; i < 10; i++) await send(chat(s.url, `warm-${i}`, questions[i]!));
      await new Promise((r) => setTimeout(r, 2000));
      const restWarm = await Promise.all(servers.map((s) => s.rssMb()));
      let peak = 0;
      const sampling = setInterval(() => void Promise.all(servers.map((s) => s.rssMb())).then((v) => (peak = Math.max(peak, ...v))), 500);
      const url = (i: number) => servers[i % servers.length]!.url;
      const probes: Array<[string, Map<string, number[]>]> = [];
      try {
        for (const concurrency of levels) {
          const users = Math.max(1000, concurrency * 10);
          const tag = `${stamp}-${run++}`;
          const heaviest = concurrency === Math.max(...levels);
          let stopProbe!: () => void;
          const probe = heaviest ? probeWhile([`${url(0)}/api/health`, `${url(0)}/api/ready`], new Promise<void>((r) => (stopProbe = r))) : undefined;
          let answered = 0;
          const cpu0 = await cpu();
          const r = await closedLoop({ concurrency, seconds, next: (i) => chat(url(i), `load-${tag}-${i % users}`, questions[i % questions.length]!), onOk: () => answered++ });
          const cpuPerMessage = ((await cpu()) - cpu0) / answered;
          stopProbe?.();
          if (probe) probes.push(['chat', await probe]);
          row('POST /api/chat', r, cpuPerMessage);
        }
        if (options.sustain) {
          const tag = `${stamp}-${run++}`;
          const cpu0 = await cpu();
          let answered = 0;
          const r = await closedLoop({ concurrency: 50, seconds: options.sustain, windowSeconds: 5, next: (i) => chat(url(i), `load-${tag}-${i % 1000}`, questions[i % questions.length]!), onOk: () => answered++ });
          row('chat, sustained', r, ((await cpu()) - cpu0) / answered);
          const w = r.windows ?? [];
          const rates = w.map((x) => x.perSecond).sort((a, b) => a - b);
          log(`${name.padEnd(21)} | chat at 50 for ${options.sustain} s in 5 s windows: messages/s lowest ${ms(rates[0] ?? NaN)}, median ${ms(percentile(rates, 50))}; p95 highest ${ms(Math.max(...w.map((x) => x.p95)))} ms, median ${ms(percentile(w.map((x) => x.p95), 50))} ms (${w.map((x) => `${x.perSecond.toFixed(0)}/${ms(x.p95)}`).join(' ')})`);
        }
        for (const concurrency of levels) {
          const tag = `${stamp}-${run++}`;
          const before = fake.sends();
          let acked = 0;
          const heaviest = concurrency === Math.max(...levels);
          let stopProbe!: () => void;
          const probe = heaviest ? probeWhile([`${url(0)}/api/health`, `${url(0)}/api/ready`], new Promise<void>((r) => (stopProbe = r))) : undefined;
          const start = performance.now();
          const cpu0 = await cpu();
          const phase = run;
          const r = await closedLoop({ concurrency, seconds, next: (i) => twilioWebhook(url(i), tag, phase, i, questions[i % questions.length]!), onOk: () => acked++ });
          // Answers still being worked on: wait for their sends (one per question asked here).
          const lastSend = await drained(() => fake.sends() - before, acked);
          stopProbe?.();
          if (probe) probes.push(['twilio', await probe]);
          const answered = fake.sends() - before;
          const cpuPerMessage = ((await cpu()) - cpu0) / answered;
          const answeredPerSecond = answered / ((lastSend - start) / 1000);
          row('Twilio webhook', r, cpuPerMessage, ` | answered ${answered}/${acked} acked, ${answeredPerSecond.toFixed(0)}/s`);
        }
        // One signed WhatsApp webhook carrying `burst` messages (as Meta batches them after an
        // outage): acknowledged once stored, then answered while health checks keep coming.
        if (burst > 0) {
          // Alone: after the Twilio phases' answers (their backlog outlives the phase when
          // acknowledgements outpace answers).
          await backlogDrained(url(0));
          const before = fake.whatsappSends();
          let stopProbe!: () => void;
          const probe = probeWhile([`${url(0)}/api/health`, `${url(0)}/api/ready`], new Promise<void>((r) => (stopProbe = r)));
          const start = performance.now();
          const cpu0 = await cpu();
          const res = await send(whatsappBurst(url(0), `${stamp}-${run++}`, questions, burst));
          const ackMs = performance.now() - start;
          const lastSend = await drained(() => fake.whatsappSends() - before, burst);
          stopProbe();
          const answered = fake.whatsappSends() - before;
          const cpuPerMessage = ((await cpu()) - cpu0) / answered;
          const parts = [...(await probe).entries()].map(([u, l]) => {
            const ok = l.filter(Number.isFinite);
            return `${new URL(u).pathname} p50 ${ms(percentile(ok, 50))} ms, p99 ${ms(percentile(ok, 99))} ms, max ${ms(Math.max(...ok))} ms (${ok.length}/${l.length} answered)`;
          });
          log(`${name.padEnd(21)} | one WhatsApp webhook of ${burst} messages: HTTP ${res.status} in ${ms(ackMs)} ms, answered ${answered}/${burst} in ${((lastSend - start) / 1000).toFixed(1)} s (${(answered / ((lastSend - start) / 1000)).toFixed(0)}/s, CPU ${cpuPerMessage.toFixed(1)} ms/msg); meanwhile ${parts.join('; ')}`);
        }
      } finally {
        clearInterval(sampling);
      }
      const mb = (v: number[]) => v.map((x) => x.toFixed(0)).join(' + ');
      log(`${name.padEnd(21)} | memory (RSS, MB): at rest after start ${mb(restStart)}, after first answers ${mb(restWarm)}, peak under load ${peak.toFixed(0)}, after load ${mb(await Promise.all(servers.map((s) => s.rssMb())))}`);
      for (const [phase, p] of probes) {
        const parts = [...p.entries()].map(([u, l]) => {
          const answered = l.filter(Number.isFinite);
          return `${new URL(u).pathname} p50 ${ms(percentile(answered, 50))} ms, max ${ms(Math.max(...answered))} ms (${answered.length}/${l.length} answered)`;
        });
        log(`${name.padEnd(21)} | during ${phase} at ${Math.max(...levels)}: ${parts.join('; ')}`);
      }
    } finally {
      for (const s of servers) await s.stop();
      await dropDatabase?.();
      await fake.close();
    }
  }
  closeAgents();
}

function chat(base: string, userId: string, text: string): LoadRequest {
  return { url: `${base}/api/chat`, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId, text }) };
}

/** One WhatsApp webhook with `count` text messages from as many senders, signed as Meta signs it. */
function whatsappBurst(base: string, tag: string, questions: string[], count: number): LoadRequest {
  const id = tag.replace(/[^0-9a-z]/g, '');
  const messages = Array.from({ length: count }, (_, i) => ({
    from: String(4_860_000_000 + i), id: `wamid.burst${id}${i}`, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: questions[i % questions.length]! },
  }));
  const contacts = messages.map((m) => ({ profile: { name: 'Load' }, wa_id: m.from }));
  const body = metaJson({ object: 'whatsapp_business_account', entry: [{ id: 'waba', changes: [{ field: 'messages', value: {
    messaging_product: 'whatsapp', metadata: { display_phone_number: '15550100', phone_number_id: WHATSAPP.WHATSAPP_PHONE_NUMBER_ID }, contacts, messages,
  } }] }] });
  return { url: `${base}/webhooks/whatsapp`, headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(WHATSAPP.WHATSAPP_APP_SECRET, body) }, body };
}

/** A Twilio SMS webhook as Twilio sends it, signed with the official package. */
export function twilioWebhook(base: string, tag: string, phase: number, i: number, text: string): LoadRequest {
  const params = {
    MessageSid: `SM${tag.replace(/[^0-9a-z]/g, '')}${String(i).padStart(10, '0')}`, AccountSid: TWILIO.TWILIO_ACCOUNT_SID,
    // A new sender per message of the phase: each is a first contact, never a queued handoff.
    From: `+1${5_550_000_000 + phase * 1_000_000 + (i % 1_000_000)}`, To: TWILIO.TWILIO_FROM, Body: text, NumMedia: '0',
  };
  // Twilio signs the public URL it was configured with, whichever instance receives the request.
  const signature = twilio.getExpectedTwilioSignature(TWILIO.TWILIO_AUTH_TOKEN, `${TWILIO.PUBLIC_URL}/webhooks/twilio`, params);
  return { url: `${base}/webhooks/twilio`, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, body: new URLSearchParams(params).toString() };
}
