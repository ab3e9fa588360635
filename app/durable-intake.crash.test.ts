/**
 * Crash tests: the real server as a child process, compiled and run as `npm start` runs it, with every
 * channel mounted against a fake provider, signed webhooks under load, `kill -9` mid-load, a
 * restart, and then the proof: every acknowledged message is in the history and got exactly one
 * reply at the provider. The fake provider honours `Idempotency-Key` as an idempotent API does
 * (a repeated key is answered as the first was and not delivered again); how often a key was
 * re-sent is counted and bounded separately (at most once per crash).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { metaJson, metaSignature, post, startFakeProvider, twilioSigned, type FakeResponse, type RecordedRequest } from '../adapters/test-support.ts';
import { openPglite, type Database } from '../bot/index.ts';
import { serializeEntryMarkdown } from '../knowledge/index.ts';
import { FIXTURE_ENTRIES } from '../knowledge/test-fixtures.ts';
import { compiledServer } from './compiled-server.ts';
import { CHANNEL_ENV, freePort, freshPostgres, privateRedis, templateDataDir, tempDir, until } from './test-support.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/**
 * What the customers ask, each a fixture entry's own question (answered, one reply each). A
 * customer's messages go round them: the same question twice in a row would get a pointer to the
 * answer above, and a third time a handoff (two replies).
 */
const QUESTIONS = FIXTURE_ENTRIES.slice(0, 4).map((e) => e.variants.find((v) => v.lang === 'en')!.question);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const began = Date.now();
/** Progress on stdout, so a slow run shows where it is. */
const progress = (msg: string) => console.log(`[crash ${((Date.now() - began) / 1000).toFixed(1)} s] ${msg}`);

const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

/** The providers' APIs, recording sends and answering a repeated Idempotency-Key as the first. */
async function fakeProviders() {
  let n = 0;
  const first = new Map<string, FakeResponse>();
  const answer = (r: RecordedRequest): FakeResponse => {
    if (r.path.endsWith('/Messages.json')) return { status: 201, body: { sid: `SM${String(++n).padStart(32, '0')}`, status: 'queued' } };
    return { status: 200, body: r.json?.status === 'read' ? { success: true } : { messaging_product: 'whatsapp', messages: [{ id: `wamid.OUT${++n}` }] } };
  };
  const fake = await startFakeProvider((r) => {
    const key = r.headers['idempotency-key'];
    if (typeof key !== 'string') return answer(r);
    if (!first.has(key)) first.set(key, answer(r));
    return first.get(key)!;
  });
  cleanups.push(() => fake.close());
  return {
    url: fake.url,
    /** Sends of replies, by idempotency key (`<message id>:<part>`), with how often each came. */
    sends(): Map<string, number> {
      const counts = new Map<string, number>();
      for (const r of fake.requests) {
        const key = r.headers['idempotency-key'];
        if (typeof key === 'string') counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      return counts;
    },
  };
}

interface Instance {
  url: string;
  child: ChildProcess;
  output: string[];
  dataDir: string;
}

/** A data folder from the fixture template and a KB folder with the same entries (no re-embedding). */
async function dataFolders(prefix: string) {
  const data = await templateDataDir('fixture', `${prefix}-data-`);
  const kb = await tempDir(`${prefix}-kb-`);
  for (const e of FIXTURE_ENTRIES) await writeFile(path.join(kb.dir, `${e.id}.md`), serializeEntryMarkdown(e));
  cleanups.push(() => data.cleanup(), () => kb.cleanup());
  return { dataDir: path.join(data.dir, 'data'), kbDir: kb.dir };
}

/** The server compiled once for this file (app/build.mjs into a temporary folder). */
let server: ReturnType<typeof compiledServer> | undefined;
function compiled(): ReturnType<typeof compiledServer> {
  server ??= tempDir('faqbot-crash-build-').then((out) => {
    cleanups.push(() => out.cleanup());
    return compiledServer(path.join(out.dir, 'dist'));
  });
  return server;
}

/** Start the server as `npm start` does (compiled, plain Node) and wait until it is ready. */
async function startServer(env: Record<string, string>, dataDir: string, fixedPort?: number): Promise<Instance> {
  const port = fixedPort ?? await freePort();
  const { command, args } = await compiled();
  const child = spawn(command, args, {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...CHANNEL_ENV, LOG_LEVEL: 'warn', ...env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'test' },
  });
  const output: string[] = [];
  child.stdout!.on('data', (d) => output.push(String(d)));
  child.stderr!.on('data', (d) => output.push(String(d)));
  cleanups.push(async () => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); });
  const url = `http://127.0.0.1:${port}`;
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output.join('')}`);
    const ready = await fetch(`${url}/api/ready`).then((r) => r.status === 200, () => false);
    if (ready) {
      progress(`server on ${port} ready in ${Date.now() - started} ms`);
      return { url, child, output, dataDir };
    }
    if (Date.now() - started > 120_000) throw new Error(`server not ready in 120 s:\n${output.join('')}`);
    await sleep(250);
  }
}

function kill9(instance: Instance): Promise<void> {
  return new Promise((resolve) => {
    if (instance.child.exitCode !== null || instance.child.signalCode !== null) return resolve();
    instance.child.once('exit', () => resolve());
    instance.child.kill('SIGKILL');
  });
}

/** Stop as an operator does (SIGTERM): the server must close and exit by itself, Redis outage or not. */
async function stop(instance: Instance): Promise<void> {
  await new Promise<void>((resolve) => {
    if (instance.child.exitCode !== null || instance.child.signalCode !== null) return resolve();
    const timer = setTimeout(() => instance.child.kill('SIGKILL'), 30_000);
    instance.child.once('exit', () => { clearTimeout(timer); resolve(); });
    instance.child.kill('SIGTERM');
  });
  expect(instance.child.signalCode, `server did not exit on SIGTERM within 30 s:\n${instance.output.join('').slice(-2000)}`).toBeNull();
  expect(instance.child.exitCode).toBe(0);
}

let refusals = 0;
let unreachable = 0;

/** One inbound message as the provider knows it. */
interface Sent { channel: 'sms' | 'whatsapp'; userId: string; externalId: string; text: string; acked: boolean }

const twilioParams = (from: string, sid: string, body: string) => ({ MessageSid: sid, SmsMessageSid: sid, AccountSid: CHANNEL_ENV.TWILIO_ACCOUNT_SID, From: from, To: CHANNEL_ENV.TWILIO_FROM, Body: body, NumMedia: '0' });

/**
 * Twilio-like load: `users` customers, `perUser` messages each, one customer's messages one
 * after another (so their order is defined), customers in parallel. A message the server did not
 * acknowledge is sent again, with the same id, as a provider retries, to whichever instance
 * `target()` names now, until acknowledged or `deadline`.
 */
async function twilioLoad(target: () => string, users: number, perUser: number, tag: string, sent: Sent[], deadline: number): Promise<void> {
  await Promise.all(Array.from({ length: users }, async (_, u) => {
    const from = `+1555${tag}${String(u).padStart(4, '0')}`;
    for (let i = 0; i < perUser; i++) {
      const sid = `SM${tag}${String(u).padStart(4, '0')}${String(i).padStart(4, '0')}${'0'.repeat(18)}`;
      const record: Sent = { channel: 'sms', userId: from, externalId: sid, text: QUESTIONS[i % QUESTIONS.length]!, acked: false };
      sent.push(record);
      const { body, signature } = twilioSigned(CHANNEL_ENV.TWILIO_AUTH_TOKEN, `${CHANNEL_ENV.PUBLIC_URL}/webhooks/twilio`, twilioParams(from, sid, record.text));
      while (!record.acked && Date.now() < deadline) {
        const res = await post(`${target()}/webhooks/twilio`, body, { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature })
          .catch((err) => void (unreachable++ % 50 === 0 && progress(`Twilio webhook not answered: ${String(err?.cause ?? err)}`)));
        if (res?.status === 200) record.acked = true;
        else {
          if (res && refusals++ < 3) progress(`Twilio webhook answered ${res.status}: ${res.text.slice(0, 200)}`);
          await sleep(200);
        }
      }
    }
  }));
}

/** One signed WhatsApp webhook carrying `count` messages, each from its own customer. */
function whatsappBatch(count: number, tag: string) {
  const messages = Array.from({ length: count }, (_, i) => ({
    from: `48${tag}${String(i).padStart(6, '0')}`, id: `wamid.${tag}-${i}`, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: QUESTIONS[0] },
  }));
  const body = metaJson({ object: 'whatsapp_business_account', entry: [{ id: 'waba', changes: [{ field: 'messages', value: {
    messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: CHANNEL_ENV.WHATSAPP_PHONE_NUMBER_ID }, messages,
  } }] }] });
  const records: Sent[] = messages.map((m) => ({ channel: 'whatsapp', userId: m.from, externalId: m.id, text: m.text.body, acked: false }));
  return { body, records, headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(CHANNEL_ENV.WHATSAPP_APP_SECRET, body) } };
}

/** Wait until the database says every stored item is done and every reply sent. */
async function settled(db: Database, timeoutMs: number): Promise<void> {
  const started = Date.now();
  for (;;) {
    const [r] = await db.query<{ open: string | number; pending: string | number }>(
      "select (select count(*) from intake_work where done_at is null) as open, (select count(*) from outbox where status = 'pending') as pending");
    if (Number(r!.open) === 0 && Number(r!.pending) === 0) return;
    if (Date.now() - started > timeoutMs) throw new Error(`not settled in ${timeoutMs} ms: ${JSON.stringify(r)}`);
    await sleep(250);
  }
}

/** Wait until an instance reports nothing stored left to answer or send. */
async function drained(instance: Instance, timeoutMs: number): Promise<void> {
  const started = Date.now();
  for (;;) {
    const r = await fetch(`${instance.url}/api/ready`).then((x) => x.json() as Promise<{ backlog?: number; outbox?: number; queued?: number }>, () => undefined);
    if (r && r.backlog === 0 && r.outbox === 0 && r.queued === 0) return;
    if (Date.now() - started > timeoutMs) throw new Error(`not drained in ${timeoutMs} ms: ${JSON.stringify(r)}\n${instance.output.join('').slice(-4000)}`);
    await sleep(250);
  }
}

interface Verdict {
  acknowledged: number;
  /** Acknowledged, and not in the history or without a reply delivered. */
  lost: string[];
  /** Answered more than once (more than one reply stored, or delivered under two keys). */
  doubleReplies: string[];
  /** Reply sends repeated under the same idempotency key (a crash between the provider's answer and the record of it). */
  resent: number;
  /** Most sends of one key. */
  maxSendsPerKey: number;
  /** Customers whose messages were stored out of the order they sent them. */
  outOfOrder: string[];
}

/** Compare what was acknowledged with the history and the provider's record. */
async function verdict(db: Database, sent: Sent[], sends: Map<string, number>): Promise<Verdict> {
  const acked = sent.filter((s) => s.acked);
  const rows = await db.query<{ channel: string; user_id: string; external_id: string; seq: number | null; replies: string[] | null }>(
    `select e.channel, e.user_id, e.external_id, m.seq,
       (select array_agg(r.id order by r.seq) from messages r where r.reply_to = e.message_id) as replies
     from inbound_events e left join messages m on m.id = e.message_id`);
  const byKey = new Map(rows.map((r) => [`${r.channel}|${r.user_id}|${r.external_id}`, r]));
  const deliveredIds = new Map<string, number>();
  for (const [key, count] of sends) deliveredIds.set(key.split(':')[0]!, count);
  const lost: string[] = [];
  const doubleReplies: string[] = [];
  const lastSeq = new Map<string, number>();
  const outOfOrder = new Set<string>();
  for (const s of acked) {
    const row = byKey.get(`${s.channel}|${s.userId}|${s.externalId}`);
    const replies = row?.replies ?? [];
    if (!row || row.seq === null || !replies.length || !replies.every((id) => deliveredIds.has(id))) lost.push(s.externalId);
    else if (replies.length > 1) doubleReplies.push(s.externalId);
    if (row?.seq != null) {
      const user = `${s.channel}|${s.userId}`;
      if ((lastSeq.get(user) ?? 0) > row.seq) outOfOrder.add(user);
      lastSeq.set(user, row.seq);
    }
  }
  const counts = [...sends.values()];
  return {
    acknowledged: acked.length, lost, doubleReplies, outOfOrder: [...outOfOrder],
    resent: counts.reduce((a, c) => a + c - 1, 0), maxSendsPerKey: Math.max(0, ...counts),
  };
}

function expectClean(v: Verdict, crashes: number) {
  console.log('crash test:', JSON.stringify({ ...v, lost: v.lost.length, doubleReplies: v.doubleReplies.length, outOfOrder: v.outOfOrder.length }));
  expect(v.lost, 'acknowledged but lost').toEqual([]);
  expect(v.doubleReplies, 'answered twice').toEqual([]);
  expect(v.outOfOrder, 'stored out of order').toEqual([]);
  // Re-sent at most once per crash, and only under the same key (which the provider drops).
  expect(v.maxSendsPerKey).toBeLessThanOrEqual(1 + crashes);
}

describe('kill -9 under load, one instance on PGlite', () => {
  it('loses nothing acknowledged and answers each message once', async () => {
    const fake = await fakeProviders();
    const { dataDir, kbDir } = await dataFolders('crash-pglite');
    const env = { KB_DIR: kbDir, TWILIO_API_BASE: fake.url, GRAPH_API_BASE: fake.url, WORK_LEASE_SECONDS: '3', WORK_POLL_MS: '100' };
    const port = await freePort();
    let server = await startServer(env, dataDir, port);
    const sent: Sent[] = [];

    // One WhatsApp webhook with 150 messages; once its first replies are out (the rest still
    // being answered), Twilio load; kill -9 once 15 Twilio messages are acknowledged, restart,
    // and the load goes on (unacknowledged messages are retried, as Twilio does).
    const batch = whatsappBatch(150, '11');
    sent.push(...batch.records);
    const res = await post(`${server.url}/webhooks/whatsapp`, batch.body, batch.headers);
    expect(res.status).toBe(200);
    for (const r of batch.records) r.acked = true;
    await until('the first WhatsApp replies sent', () => fake.sends().size >= 3, 120_000);
    const deadline = Date.now() + 120_000;
    const load = twilioLoad(() => server.url, 10, 5, '21', sent, deadline);
    await until('15 Twilio messages acknowledged', () => sent.filter((s) => s.channel === 'sms' && s.acked).length >= 15, 120_000);
    const repliedBefore = fake.sends().size;
    progress(`kill -9 with ${repliedBefore} replies sent, the WhatsApp batch and Twilio load in progress`);
    await kill9(server);
    expect(repliedBefore, 'the kill came before the work was done').toBeLessThan(sent.length);
    server = await startServer(env, dataDir, port);
    await load;
    progress(`Twilio load done: ${sent.filter((x) => x.acked).length} of ${sent.length} acknowledged`);
    // A provider's retries of acknowledged messages (answered or not yet): never a second answer.
    const again = sent.filter((s) => s.channel === 'sms').slice(0, 20);
    for (const s of again) {
      const { body, signature } = twilioSigned(CHANNEL_ENV.TWILIO_AUTH_TOKEN, `${CHANNEL_ENV.PUBLIC_URL}/webhooks/twilio`, twilioParams(s.userId, s.externalId, s.text));
      expect((await post(`${server.url}/webhooks/twilio`, body, { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature })).status).toBe(200);
    }
    await drained(server, 120_000);
    await stop(server);

    // The data folder's database, now that the server let go of it.
    const db = await openPglite(path.join(dataDir, 'db'));
    try {
      await settled(db, 1);
      expectClean(await verdict(db, sent, fake.sends()), 1);
    } finally {
      await db.close();
    }
  }, 300_000);
});

describe('two instances on PostgreSQL + Redis: Redis stopped, then one instance killed, under load', () => {
  it('keeps acknowledging and answering; the survivor takes over the killed one\'s work: nothing acknowledged lost, each message answered once', async () => {
    // A Redis of the test's own, to stop and start again (the machine's shared one stays up).
    const redis = privateRedis(await freePort());
    cleanups.push(() => redis.kill());
    await redis.start();
    const pg = await freshPostgres();
    cleanups.push(() => pg.cleanup());
    const fake = await fakeProviders();
    const a = await dataFolders('crash-pg-a');
    const b = await dataFolders('crash-pg-b');
    const env = { DATABASE_URL: pg.url, REDIS_URL: redis.url, TWILIO_API_BASE: fake.url, GRAPH_API_BASE: fake.url, WORK_LEASE_SECONDS: '3', WORK_POLL_MS: '100' };
    // One after the other: the first migrates the fresh database.
    const first = await startServer({ ...env, KB_DIR: a.kbDir }, a.dataDir);
    const second = await startServer({ ...env, KB_DIR: b.kbDir }, b.dataDir);
    let alive = [first, second];
    let turn = 0;
    const target = () => alive[turn++ % alive.length]!.url;
    const sent: Sent[] = [];

    const batch = whatsappBatch(150, '31');
    sent.push(...batch.records);
    expect((await post(`${first.url}/webhooks/whatsapp`, batch.body, batch.headers)).status).toBe(200);
    for (const r of batch.records) r.acked = true;
    const load = twilioLoad(target, 10, 5, '41', sent, Date.now() + 120_000);
    await until('15 Twilio messages acknowledged', () => sent.filter((s) => s.channel === 'sms' && s.acked).length >= 15, 120_000);

    progress('Redis stopped');
    await redis.kill();
    // Without Redis an instance still answers (ready), but reports Redis as degraded.
    const readiness = (i: Instance) => fetch(`${i.url}/api/ready`).then(async (r) => ({ status: r.status, ...(await r.json() as { degraded?: string[] }) }), () => undefined);
    await until('an instance reports Redis as degraded', async () => (await readiness(first))?.degraded?.includes('redis') === true, 30_000);
    expect((await readiness(first))?.status).toBe(200);

    const repliedBefore = fake.sends().size;
    progress(`kill -9 of the first instance with Redis down, ${repliedBefore} replies sent`);
    await kill9(first);
    alive = [second];
    expect(repliedBefore, 'the kill came before the work was done').toBeLessThan(sent.length);
    await sleep(2000);
    await redis.start();
    await until('the survivor has Redis back', async () => (await readiness(second))?.degraded?.length === 0, 120_000);
    progress('Redis back');
    await load;
    for (const s of sent.filter((x) => x.channel === 'sms').slice(0, 20)) {
      const { body, signature } = twilioSigned(CHANNEL_ENV.TWILIO_AUTH_TOKEN, `${CHANNEL_ENV.PUBLIC_URL}/webhooks/twilio`, twilioParams(s.userId, s.externalId, s.text));
      expect((await post(`${second.url}/webhooks/twilio`, body, { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature })).status).toBe(200);
    }
    // Never restarted: the survivor answers what the killed one had claimed, once its lease ran out.
    await drained(second, 120_000);
    await settled(pg.db, 10_000);
    expectClean(await verdict(pg.db, sent, fake.sends()), 1);
    await stop(second);
  }, 300_000);
});
