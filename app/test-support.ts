/** Helpers shared by tests (one place for test-only plumbing). */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { access, cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createConnection } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { openPglite, openPostgres, type Database, type PgliteDatabase } from '../bot/index.ts';
import type { CachedEmbeddings, FaqEntry, KnowledgeBase, KnowledgeBaseOptions } from '../knowledge/index.ts';
import { BytesBlob, EMPTY_DUMP, failedMarker, PUBLISHED_FIXTURE_DIR, readyMarker, type TemplateName } from './test-global-setup.ts';

export async function tempDir(prefix = 'faqbot-'): Promise<{ dir: string; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * The folder of the templates the global set-up (app/test-global-setup.ts) builds, if it ran.
 * Scripts outside vitest (bench/channels.ts) use these helpers too; there `inject` throws and
 * nothing was built.
 */
function templatesRoot(): string | undefined {
  try {
    return inject('testTemplates');
  } catch {
    return undefined;
  }
}

/** Wait until the global set-up has built `name`; throws its build output if it failed. */
async function builtTemplate(name: TemplateName): Promise<string | undefined> {
  const root = templatesRoot();
  if (!root) return undefined;
  for (;;) {
    if (await exists(readyMarker(root, name))) return path.join(root, name);
    if (await exists(failedMarker(root, name))) throw new Error(await readFile(failedMarker(root, name), 'utf8'));
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const exists = (file: string) => access(file).then(() => true, () => false);

/**
 * Copy the contents of folder `from` into folder `to`. coreutils' `cp -a` where there is one:
 * a template's database is about 1,200 files, which Node's recursive `cp` copied with 0.6 s of
 * CPU against 0.25 s (a few dozen copies a run).
 */
async function copyInto(from: string, to: string): Promise<void> {
  const copied = await new Promise<boolean>((resolve) => {
    execFile('cp', ['-a', `${from}/.`, `${to}/`], (err) => resolve(!err));
  });
  if (!copied) await cp(from, to, { recursive: true, force: true });
}

/**
 * A temp folder to pass as `cwd` to `loadConfig(env, cwd)`, holding a copy of a template built
 * once per run: its data folder (`data/`) has `sample`, the sample knowledge base published (what
 * `startApp` publishes with the default KB_DIR), or `fixture`, the fixture entries published
 * (what it publishes with a KB_DIR holding FIXTURE_ENTRIES), plus a migrated database with no
 * accounts and a warm embedding cache. `startApp` then finds the knowledge base already
 * published from the same files and starts in seconds; given other files or another model it
 * republishes, as on any data folder. Without the global set-up the folder starts empty.
 */
export async function templateDataDir(template: 'sample' | 'fixture', prefix = `faqbot-${template}-data-`): Promise<{ dir: string; cleanup(): Promise<void> }> {
  const from = await builtTemplate(template);
  const t = await tempDir(prefix);
  if (from) await copyInto(from, t.dir);
  return t;
}

/**
 * Fill `dir` (created if missing) with a copy of a warm embedding cache: the vectors of the
 * fixture entries and the bundled off-topic questions (`sample`: of the sample knowledge base
 * and the off-topic questions). A copy, so texts a test embeds stay its own and
 * `CachedEmbeddings.computed` still counts them. Returns `dir`; empty without the global set-up.
 */
export async function warmEmbeddingCache(dir: string, template: 'sample' | 'fixture' = 'fixture'): Promise<string> {
  const from = await builtTemplate(template);
  await mkdir(dir, { recursive: true });
  if (from) await copyInto(path.join(from, 'data', 'embeddings'), dir);
  return dir;
}

/** Options that change only how questions are matched, never what a publish makes. */
type MatchTimeOptions = Pick<KnowledgeBaseOptions, 'defaultLang' | 'retrieveLimit' | 'fixedThresholds' | 'useChosenThresholds'>;

/**
 * A knowledge base in `dir` with `entries` published (note "fixture"), as
 * `KnowledgeBase.open({ dir, embeddings, ...options })` then `publish(entries, { note: 'fixture' })`
 * leaves it. The fixture entries (the default) are a copy of the run's `fixtureKb` template,
 * opened, instead of embedding, indexing and training them again in each of the two dozen files
 * that serve them; `embeddings` must then be USE-lite (the template's embedder), e.g.
 * cachedTestEmbeddings. Other entries, or no global set-up, are published here.
 */
export async function publishedKnowledge(dir: string, embeddings: CachedEmbeddings, entries?: FaqEntry[], options: MatchTimeOptions = {}): Promise<KnowledgeBase> {
  const { KnowledgeBase } = await import('../knowledge/index.ts');
  const { FIXTURE_ENTRIES } = await import('../knowledge/test-fixtures.ts');
  const published = entries ?? FIXTURE_ENTRIES;
  const from = published === FIXTURE_ENTRIES ? await builtTemplate('fixtureKb') : undefined;
  await mkdir(dir, { recursive: true });
  if (from) await copyInto(path.join(from, PUBLISHED_FIXTURE_DIR), dir);
  const knowledge = await KnowledgeBase.open({ ...options, dir, embeddings });
  if (knowledge.version === undefined) await knowledge.publish(published, { note: 'fixture' });
  return knowledge;
}

/** USE-lite embeddings cached in `dir`, which starts as a copy of the run's warm cache (`sample`: with the sample knowledge base's texts). */
export async function cachedTestEmbeddings(dir: string, template: 'sample' | 'fixture' = 'fixture'): Promise<CachedEmbeddings> {
  // Imported here so that tests without models do not load them with this file.
  const { CachedEmbeddings, FileEmbeddingCache, UseLiteEmbeddings } = await import('../knowledge/index.ts');
  return new CachedEmbeddings(new UseLiteEmbeddings(), new FileEmbeddingCache(await warmEmbeddingCache(dir, template)));
}

/** A port nothing listens on, from the operating system (shared/free-port.ts; benchmarks use it too). */
export { freePort } from '../shared/index.ts';

/** Wait until `ready()` holds, checking every 50 ms; fails after `timeoutMs` (a liveness bound, generous for a busy machine), naming what was awaited. */
export async function until(what: string, ready: () => boolean | Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const started = Date.now();
  while (!await ready()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A throwaway redis-server of the machine's binary on `port` (from freePort), which a test can
 * kill and start again on the same port, as an operator restarts Redis. `start()` resolves once it
 * accepts connections.
 */
export function privateRedis(port: number) {
  let child: ChildProcess | undefined;
  const accepts = () => new Promise<boolean>((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    async start(): Promise<void> {
      const started = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
      child = started;
      for (let i = 0; !await accepts(); i++) {
        if (started.exitCode !== null) throw new Error(`redis-server on port ${port} exited with ${started.exitCode}`);
        if (i >= 600) throw new Error(`redis-server on port ${port} did not accept connections within a minute`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    /** SIGKILL: connections drop at once, as when the server crashes. */
    async kill(): Promise<void> {
      const c = child;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      await new Promise((resolve) => { c.once('exit', resolve); c.kill('SIGKILL'); });
    },
  };
}

/** PostgreSQL server used by scale-out tests (CI and developer machines run one). */
export const TEST_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';
/** Redis server used by the scale-out tests. */
export const TEST_REDIS_URL = 'redis://127.0.0.1:6379';

/**
 * Throw at once, naming the server and how to start it, when nothing listens on `host:port`:
 * otherwise a missing server shows up as a driver's retry loop, a hook timeout or ECONNREFUSED
 * deep inside a harness.
 */
export async function requireServer(name: string, host: string, port: number, howToStart: string): Promise<void> {
  const problem = await new Promise<string | undefined>((resolve) => {
    const socket = createConnection({ host, port });
    socket.setTimeout(3000, () => { socket.destroy(); resolve('no answer within 3 s'); });
    socket.once('connect', () => { socket.destroy(); resolve(undefined); });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
  if (problem) throw new Error(`${name} is not running on ${host}:${port} (${problem}); this test needs it. ${howToStart}`);
}

/** Fail clearly when the test PostgreSQL server is down. */
export const requirePostgres = () => requireServer('PostgreSQL', '127.0.0.1', 5432, 'Start one with trust auth and a database named "test" (CI: .ci/run), e.g. `pg_ctlcluster <version> main start`, or `docker run -d -p 5432:5432 -e POSTGRES_HOST_AUTH_METHOD=trust -e POSTGRES_DB=test postgres`.');

/** Fail clearly when the test Redis server is down. */
export const requireRedis = () => requireServer('Redis', '127.0.0.1', 6379, 'Start one (CI: .ci/run), e.g. `redis-server --daemonize yes --port 6379`, or `docker run -d -p 6379:6379 redis`.');

/** A fresh database on the test server, dropped by cleanup(). */
export async function freshPostgres(): Promise<{ url: string; db: Database; cleanup(): Promise<void> }> {
  await requirePostgres();
  const admin = await openPostgres(TEST_POSTGRES_URL);
  const name = `faqbot_t_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`;
  await admin.exec(`create database ${name}`);
  const url = TEST_POSTGRES_URL.replace(/\/test$/, `/${name}`);
  const db = await openPostgres(url);
  return {
    url, db,
    async cleanup() {
      await db.close();
      await admin.exec(`drop database if exists ${name} with (force)`);
      await admin.close();
    },
  };
}

let emptyDump: Promise<Blob> | undefined;

/** Databases handed back by earlier tests of this process, emptied again (see parkOrClose). */
const parked: PgliteDatabase[] = [];
/** How many databases wait to serve again (for the test of the reset). */
export const parkedPglites = (): number => parked.length;
/** At most this many wait in a process: contract suites hold one per test, one after the other. */
const MAX_PARKED = 2;
/** What a fresh cluster's catalogue holds, counted once per process: a reset database must match it. */
let freshCatalogue: Promise<string> | undefined;
const CATALOGUE_COUNTS = `select concat_ws(' ', (select count(*) from pg_class), (select count(*) from pg_namespace where nspname not like 'pg\\_temp\\_%' and nspname not like 'pg\\_toast\\_temp\\_%'),
  (select count(*) from pg_proc), (select count(*) from pg_type), (select count(*) from pg_roles),
  (select count(*) from pg_extension), (select count(*) from pg_database), (select count(*) from pg_prepared_statements)) as counts`;
/** Drops every schema a test made, public included, then makes public as initdb leaves it. */
const DROP_SCHEMAS = `do $$ declare s text; begin
  for s in select nspname from pg_namespace where nspname not in ('pg_catalog', 'information_schema', 'pg_toast')
      and nspname not like 'pg\\_temp\\_%' and nspname not like 'pg\\_toast\\_temp\\_%' loop
    execute format('drop schema %I cascade', s);
  end loop;
end $$;
create schema public authorization pg_database_owner;
grant usage on schema public to public;`;
const catalogueOf = async (db: PgliteDatabase) => (await db.query<{ counts: string }>(CATALOGUE_COUNTS))[0]!.counts;

/**
 * Empty `db` again and keep it for the process's next freshPglite, or close it. Opening a
 * database from the dump costs about half a second of CPU, emptying one a tenth of that, and
 * about fifty tests a run ask for one. Anything a reset cannot prove gone (the catalogue differs
 * from a fresh cluster's) closes the database instead.
 */
async function parkOrClose(db: PgliteDatabase): Promise<void> {
  try {
    if (parked.length >= MAX_PARKED) throw new Error('enough parked');
    // A transaction a test left open, then every session state (settings, prepared statements,
    // temporary tables, advisory locks, LISTEN); DISCARD ALL must run alone, outside a transaction.
    await db.exec('rollback');
    await db.exec('discard all');
    await db.exec(DROP_SCHEMAS);
    if (await catalogueOf(db) !== await freshCatalogue) throw new Error('not as fresh');
    parked.push(db);
  } catch {
    await db.close().catch(() => undefined);
  }
}

/**
 * `db` for one test: its own close (or the returned cleanup) hands the database back once, and
 * every later statement through it fails as on a closed database, so a store a test forgot to
 * stop can never write into the next test's.
 */
function leased(db: PgliteDatabase): { db: PgliteDatabase; cleanup(): Promise<void> } {
  let released: Promise<void> | undefined;
  const open = () => {
    if (released) throw new Error('database closed (handed back by its test)');
  };
  const release = () => (released ??= parkOrClose(db));
  const lease: PgliteDatabase = {
    kind: 'pglite',
    query: async (sql, params) => { open(); return db.query(sql, params); },
    exec: async (sql) => { open(); return db.exec(sql); },
    transaction: async (fn) => {
      open();
      return db.transaction((tx) => fn({
        query: async (sql, params) => { open(); return tx.query(sql, params); },
        exec: async (sql) => { open(); return tx.exec(sql); },
      }));
    },
    dump: async () => { open(); return db.dump(); },
    close: release,
  };
  return { db: lease, cleanup: release };
}

/**
 * An embedded database in memory: empty, not migrated. Loaded from a dump of a fresh cluster,
 * the global set-up's `empty` template (else one made once per test process): PGlite's initdb
 * takes seconds of CPU, loading the dump under one. A database an earlier test of the process
 * handed back, emptied, serves instead when there is one (parkOrClose).
 */
export async function freshPglite(): Promise<{ db: PgliteDatabase; cleanup(): Promise<void> }> {
  const reused = parked.pop();
  if (reused) return leased(reused);
  emptyDump ??= (async () => {
    const built = await builtTemplate('empty');
    if (built) return new BytesBlob(await readFile(path.join(built, EMPTY_DUMP)));
    const seed = await openPglite();
    try {
      return new BytesBlob(new Uint8Array(await (await seed.dump()).arrayBuffer()));
    } finally {
      await seed.close();
    }
  })();
  const db = await openPglite(undefined, { loadDataDir: await emptyDump });
  freshCatalogue ??= catalogueOf(db);
  await freshCatalogue;
  return leased(db);
}

/** A minimal web chat client for tests: send frames, wait for the ones you expect. */
export async function connectChat(baseUrl: string) {
  const { WebSocket } = await import('ws');
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/ws/chat`);
  const frames: Array<Record<string, any>> = [];
  const waiters: Array<{ test(f: Record<string, any>): boolean; resolve(f: Record<string, any>): void }> = [];
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString());
    frames.push(frame);
    for (const w of [...waiters]) {
      if (w.test(frame)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(frame);
      }
    }
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let seen = 0;
  return {
    frames,
    ws,
    send(frame: unknown) {
      ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
    },
    /** The next frame (after the last one returned) matching `test`. */
    next(test: (f: Record<string, any>) => boolean, timeoutMs = 30_000): Promise<Record<string, any>> {
      const idx = frames.findIndex((f, i) => i >= seen && test(f));
      if (idx >= 0) {
        seen = idx + 1;
        return Promise.resolve(frames[idx]!);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('timed out waiting for a frame')), timeoutMs);
        waiters.push({ test, resolve: (f) => { clearTimeout(timer); seen = frames.indexOf(f) + 1; resolve(f); } });
      });
    },
    close() {
      ws.close();
    },
  };
}

/**
 * A knowledge port without models, for fast tests of the conversation flow: a question that
 * mentions "return" is answered with confidence 0.95; anything else scores 0.05 (a handoff).
 * `answerEverything` makes every question a confident answer (to prove the bot stays silent
 * because of ownership, not because it had nothing to say).
 */
export function stubKnowledge(options: { answerEverything?: boolean } = {}) {
  const entry = {
    id: 'return-an-item', tags: [], related: [], status: 'published' as const, category: 'test',
    variants: [{ lang: 'en', question: 'How do I return an item?', alternates: [], answer: 'You can return items within **30 days**.' }],
  };
  const calls: string[] = [];
  return {
    calls,
    async match(text: string, lang: string) {
      calls.push(text);
      const hit = options.answerEverything || /return/i.test(text);
      return {
        lang,
        candidates: [{
          entryId: entry.id, lang: 'en', title: entry.variants[0]!.question, matchedText: entry.variants[0]!.question,
          score: hit ? 0.95 : 0.05, confidence: hit ? 0.95 : 0.05, signals: {} as never,
        }],
      };
    },
    entry: (id: string) => (id === entry.id ? entry : undefined),
    variant: (id: string) => (id === entry.id ? entry.variants[0] : undefined),
    searchLanguage: () => 'en',
  };
}

/** A language detector that always says English (no fastText load). */
export const stubDetector = { detect: async () => ({ lang: 'en', probability: 0.99, method: 'script' as const }) };

/**
 * startApp's overrides for an app a test starts: console accounts hashed at a low scrypt cost.
 * The default cost (about 128 MiB and half a second of CPU a hash) is what admin/auth's own tests
 * check; elsewhere some forty accounts created and signed in to cost a run about 25 s of CPU.
 */
export const TEST_APP = { admin: { passwordHashing: { N: 1024 } } } as const;

/** Every channel's settings for an app with all of them mounted (see startChannelsApp). */
export const CHANNEL_ENV = {
  PUBLIC_URL: 'https://bot.example.com',
  TWILIO_ACCOUNT_SID: `AC${'1'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'app-twilio-token', TWILIO_FROM: '+14155550100',
  WHATSAPP_VERIFY_TOKEN: 'wa-verify', WHATSAPP_APP_SECRET: 'wa-secret', WHATSAPP_ACCESS_TOKEN: 'wa-token', WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
  MESSENGER_VERIFY_TOKEN: 'ms-verify', MESSENGER_APP_SECRET: 'ms-secret', MESSENGER_PAGE_ACCESS_TOKEN: 'ms-token',
} as const;

/**
 * The whole product with every channel mounted from CHANNEL_ENV, the providers faked on
 * 127.0.0.1 (each answering as the real one does), the small fixture knowledge base (from the
 * fixture template, so it starts in seconds) and a memory logger. Imports the app lazily: most
 * test files never need it.
 */
export async function startChannelsApp(prefix: string, env: Record<string, string> = {}) {
  const [{ writeFile }, { memoryLogger, startFakeProvider }, { serializeEntryMarkdown }, { FIXTURE_ENTRIES }, { startApp }, { loadConfig }] = await Promise.all([
    import('node:fs/promises'), import('../adapters/test-support.ts'), import('../knowledge/index.ts'), import('../knowledge/test-fixtures.ts'), import('./app.ts'), import('./config.ts'),
  ]);
  const data = await templateDataDir('fixture', `${prefix}app-`);
  const kb = await tempDir(`${prefix}kb-`);
  for (const e of FIXTURE_ENTRIES) await writeFile(path.join(kb.dir, `${e.id}.md`), serializeEntryMarkdown(e));
  let n = 0;
  const fake = await startFakeProvider((r) => {
    if (r.path.endsWith('/Messages.json')) return { status: 201, body: { sid: `SM${String(++n).padStart(32, '0')}`, status: 'queued' } };
    if (r.path === '/v23.0/me/messages') return { status: 200, body: { recipient_id: r.json?.recipient?.id, message_id: `m_${++n}` } };
    if (r.path.startsWith('/v3/conversations/')) return { status: 200, body: { id: `act-${++n}` } };
    return { status: 200, body: r.json?.status === 'read' ? { success: true } : { messaging_product: 'whatsapp', messages: [{ id: `wamid.${++n}` }] } };
  });
  const log = memoryLogger();
  const app = await startApp(loadConfig({ PORT: '0', LOG_LEVEL: 'silent', KB_DIR: kb.dir, ...CHANNEL_ENV, TWILIO_API_BASE: fake.url, GRAPH_API_BASE: fake.url, ...env }, data.dir), { ...TEST_APP, logger: log });
  return {
    app, fake, log,
    async close() {
      await app.close();
      await fake.close();
      await data.cleanup();
      await kb.cleanup();
    },
  };
}
