/**
 * What one message costs the server, in process: SQL statements and transactions per chat API
 * turn and per Twilio message (acknowledgement, then answer and send), and CPU time per message
 * (process.cpuUsage over many, client included) on the embedded database. Counts and CPU time are
 * what other load on the machine distorts least, so a change can be compared before and after on
 * a busy machine. Also the acknowledgement latency of concurrent webhooks and memory at rest of
 * the real server (child process), labelled with the load average: wall-clock figures are not
 * comparable across machines or loads.
 *
 * `npm run bench -- --only turn-cost [--messages 300] [--statements]`
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../app/config.ts';
import { startApp, type RunningApp } from '../app/app.ts';
import { observedDatabase, openPglite, type Database } from '../bot/index.ts';
import { percentile } from '../eval/index.ts';
import { closeAgents, closedLoop, send } from './load-client.ts';
import { startServer } from './load-server.ts';
import { fakeTwilio, sampleQuestions, TWILIO, twilioWebhook } from './load.ts';

/** Statements and transactions run through a database, and their SQL when asked. */
interface Counts {
  statements: number;
  transactions: number;
  sql: string[];
}

/** `db` with every statement counted (inside transactions too). */
function counting(db: Database, counts: Counts, keepSql: () => boolean): Database {
  return observedDatabase(db, {
    statement: (sql) => {
      counts.statements++;
      if (keepSql()) counts.sql.push(sql.replace(/\s+/g, ' ').slice(0, 110));
    },
    transaction: () => counts.transactions++,
  });
}

export interface TurnCostOptions {
  cacheDir: string;
  /** Messages per CPU measurement. Default 300. */
  messages?: number;
  /** Print each statement of the counted turns. */
  statements?: boolean;
  log?: (line: string) => void;
}

export async function runTurnCostBench(options: TurnCostOptions): Promise<void> {
  const { cacheDir, messages = 300, statements = false, log = () => undefined } = options;
  const questions = await sampleQuestions();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'faqbot-turn-cost-'));
  await cp(cacheDir, path.join(dataDir, 'embeddings'), { recursive: true }).catch(() => undefined);
  const fake = await fakeTwilio();
  const counts: Counts = { statements: 0, transactions: 0, sql: [] };
  let keep = false;
  const db = counting(await openPglite(path.join(dataDir, 'db')), counts, () => keep);
  const config = loadConfig({ ...TWILIO, TWILIO_API_BASE: fake.url, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent' });
  const app: RunningApp = await startApp(config, { database: db });
  const chat = (userId: string, text: string) => send({ url: `${app.url}/api/chat`, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId, text }) });
  const measure = async (label: string, run: () => Promise<unknown>) => {
    await app.channels.runtime.idle();
    counts.statements = 0;
    counts.transactions = 0;
    counts.sql = [];
    keep = statements;
    await run();
    keep = false;
    log(`${label.padEnd(44)} | ${String(counts.statements).padStart(10)} | ${String(counts.transactions).padStart(12)}`);
    if (statements) for (const s of counts.sql) log(`    ${s}`);
  };
  try {
    for (let i = 0; i < 20; i++) await chat(`warm-${i}`, questions[i]!);
    log('one message                                   | statements | transactions');
    await measure('chat API, first message of a customer', () => chat('count-1', questions[3]!));
    await measure('chat API, next message of that customer', () => chat('count-1', questions[5]!));
    await measure('chat API, message not understood', () => chat('count-1', 'zzzz qqqq xxxx'));
    await measure('Twilio webhook, acknowledgement only', () => send(twilioWebhook(app.url, 'count', 1, 1, questions[7]!)));
    await measure('Twilio webhook, answered and sent', async () => {
      await send(twilioWebhook(app.url, 'count', 1, 2, questions[8]!));
      await app.channels.runtime.idle();
    });
    // Several runs; the median is the figure (the first pays for warming up more than the rest).
    const cpuChat: number[] = [];
    const cpuTwilio: number[] = [];
    for (let round = 0; round < 3; round++) {
      let c0 = process.cpuUsage();
      let next = 0;
      await Promise.all(Array.from({ length: 10 }, async () => {
        while (next < messages) {
          const n = next++;
          await chat(`cpu-${round}-${n % 100}`, questions[n % questions.length]!);
        }
      }));
      let used = process.cpuUsage(c0);
      cpuChat.push((used.user + used.system) / 1000 / messages);
      await app.channels.runtime.idle();
      const before = fake.sends();
      c0 = process.cpuUsage();
      next = 0;
      await Promise.all(Array.from({ length: 10 }, async () => {
        while (next < messages) {
          const n = next++;
          await send(twilioWebhook(app.url, `cpu${round}`, 10 + round, n, questions[n % questions.length]!));
        }
      }));
      await app.channels.runtime.idle();
      used = process.cpuUsage(c0);
      cpuTwilio.push((used.user + used.system) / 1000 / Math.max(1, fake.sends() - before));
    }
    const fmt = (v: number[]) => `${percentile(v, 50).toFixed(1)} ms (runs ${v.map((x) => x.toFixed(1)).join(', ')})`;
    log(`CPU per message, ${messages} messages, 10 concurrent, client included: chat API ${fmt(cpuChat)}; Twilio ${fmt(cpuTwilio)}`);
    const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');
    const at = load();
    const acks = await closedLoop({ concurrency: 200, seconds: 5, next: (i) => twilioWebhook(app.url, 'ack', 20, i, questions[i % questions.length]!) });
    log(`Twilio acknowledgement at 200 concurrent (wall clock; load average ${at}): p50 ${acks.p50.toFixed(0)} ms, p99 ${acks.p99.toFixed(0)} ms, ${acks.perSecond.toFixed(0)}/s`);
    await app.channels.runtime.idle();
  } finally {
    closeAgents();
    await app.close();
    await fake.close();
    await rm(dataDir, { recursive: true, force: true });
  }
  const server = await startServer({ port: 41590, env: { ...TWILIO, TWILIO_API_BASE: 'http://127.0.0.1:9' }, cacheDir, label: 'turn-cost' });
  try {
    await new Promise((r) => setTimeout(r, 3000));
    log(`server memory at rest after start (RSS, child process, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}): ${(await server.rssMb()).toFixed(0)} MB`);
  } finally {
    await server.stop();
  }
}
