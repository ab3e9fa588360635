import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, startFakeProvider, twilioSigned } from '../adapters/test-support.ts';
import { observedDatabase, openPgliteThread, type Database } from '../bot/index.ts';
import { serializeEntryMarkdown } from '../knowledge/index.ts';
import { FIXTURE_ENTRIES } from '../knowledge/test-fixtures.ts';
import { startApp, type RunningApp } from './app.ts';
import { loadConfig } from './config.ts';
import { cachedTestEmbeddings, CHANNEL_ENV, freshPostgres, tempDir, templateDataDir, TEST_APP } from './test-support.ts';

/** Stored history: customers, conversations, deliveries and work done, this many of each. */
const HISTORY = 20_000;

/** Tables that grow with every message. */
const GROWING = ['customers', 'identities', 'conversations', 'messages', 'inbound_events', 'intake_work', 'outbox', 'channel_deliveries', 'channel_windows', 'analytics_events'];

/** A month of traffic written straight into the tables (what the statements of a turn must not read whole). */
const FILL_HISTORY = `
  insert into customers (id) select 'hist-c-' || g from generate_series(1, ${HISTORY}) g;
  insert into identities (channel, external_id, customer_id)
    select case when g % 2 = 0 then 'api' else 'sms' end, case when g % 2 = 0 then 'hist-' || g else '+1999' || lpad(g::text, 7, '0') end, 'hist-c-' || g
    from generate_series(1, ${HISTORY}) g;
  insert into conversations (id, customer_id, channel, last_seq) select 'hist-v-' || g, 'hist-c-' || g, 'api', 2 from generate_series(1, ${HISTORY}) g;
  insert into messages (id, conversation_id, seq, role, text, lang, channel, entry_id, confidence, reply_to)
    select 'hist-m-' || g || '-' || k, 'hist-v-' || g, k, case k when 1 then 'customer' else 'bot' end, 'message ' || g, 'en', 'api',
      case k when 2 then 'hist-entry' end, case k when 2 then 0.9 end, case k when 2 then 'hist-m-' || g || '-1' end
    from generate_series(1, ${HISTORY}) g, generate_series(1, 2) k;
  insert into inbound_events (channel, user_id, external_id, message_id, answered_at)
    select 'api', 'hist-' || g, 'hist-e-' || g, 'hist-m-' || g || '-1', now() from generate_series(1, ${HISTORY}) g;
  insert into intake_work (lane, channel, user_id, external_id, item, done_at)
    select 'api:hist-' || g, 'api', 'hist-' || g, 'hist-e-' || g, '{}'::jsonb, now() from generate_series(1, ${HISTORY}) g;
  insert into outbox (message_key, lane, channel, user_id, payload, status, sent_at)
    select 'hist-k-' || g, 'sms:hist-' || g, 'sms', '+1999' || lpad(g::text, 7, '0'), '{}'::jsonb, 'sent', now() from generate_series(1, ${HISTORY}) g;
  insert into channel_deliveries (channel, provider_id, message_id, user_id, part, status, status_rank, sent_at)
    select 'sms', 'SMhist' || g, 'hist-m-' || g || '-2', '+1999' || lpad(g::text, 7, '0'), 0, 'delivered', 3, now() from generate_series(1, ${HISTORY}) g;
  insert into channel_windows (customer_id, channel, last_inbound_at) select 'hist-c-' || g, 'sms', now() from generate_series(1, ${HISTORY}) g;
  insert into analytics_events (at, kind, conversation_id, channel, lang, data)
    select now() - g * interval '1 minute', 'conversation_started', 'hist-v-' || g, 'api', 'en', '{}'::jsonb from generate_series(1, ${HISTORY}) g;
  analyze;`;

interface Recorded { sql: string; params: unknown[] }

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; Plans?: PlanNode[] };

/** The growing tables a statement's plan reads whole. */
async function wholeTableReads(db: Database, s: Recorded): Promise<string[]> {
  const [row] = await db.query<Record<string, unknown>>(`explain (format json) ${s.sql}`, s.params);
  const json = Object.values(row!)[0];
  const plan = (typeof json === 'string' ? JSON.parse(json) : json) as Array<{ Plan: PlanNode }>;
  const found: string[] = [];
  const walk = (n: PlanNode) => {
    if (n['Node Type'] === 'Seq Scan' && GROWING.includes(n['Relation Name'] ?? '')) found.push(n['Relation Name']!);
    n.Plans?.forEach(walk);
  };
  walk(plan[0]!.Plan);
  return found;
}

/**
 * What a message costs must not grow with the history: a statement that reads a whole table of
 * deliveries or messages is fast on a new install and slows every message down a month later
 * (storing a delivery once read every stored delivery: 7.7 ms a message at 15,000 stored).
 */
describe.each(['pglite', 'postgres'] as const)('a message on a long history (%s)', (kind) => {
  let app: RunningApp;
  let db: Database;
  let cleanup: () => Promise<void>;
  let fake: Awaited<ReturnType<typeof startFakeProvider>>;
  const seen: Recorded[] = [];
  let on = false;

  beforeAll(async () => {
    const data = await templateDataDir('fixture', 'faqbot-history-');
    // The fixture entries the template was published from: nothing is republished at the start.
    const kb = await tempDir('faqbot-history-kb-');
    for (const e of FIXTURE_ENTRIES) await writeFile(path.join(kb.dir, `${e.id}.md`), serializeEntryMarkdown(e));
    const server = kind === 'postgres' ? await freshPostgres() : undefined;
    db = server?.db ?? await openPgliteThread(path.join(data.dir, 'db'));
    fake = await startFakeProvider((r) => (r.path.endsWith('/Messages.json') ? { status: 201, body: { sid: `SM${Date.now()}${Math.random().toString().slice(2, 10)}`, status: 'queued' } } : { status: 200, body: {} }));
    const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', KB_DIR: kb.dir, ...CHANNEL_ENV, TWILIO_API_BASE: fake.url }, data.dir);
    // Statements written down while `on`; the test closes the database itself (a PostgreSQL pool cannot be closed twice).
    const recorded = observedDatabase(db, { statement: (sql, params) => void (on && seen.push({ sql, params })) });
    app = await startApp(config, { ...TEST_APP, database: { ...recorded, close: async () => undefined }, embeddings: await cachedTestEmbeddings(data.dir) });
    await db.exec(FILL_HISTORY);
    cleanup = async () => {
      await app.close();
      await fake.close();
      await (server ? server.cleanup() : db.close());
      await data.cleanup();
      await kb.cleanup();
    };
  });
  afterAll(() => cleanup?.());

  const chat = (userId: string, text: string) => post(`${app.url}/api/chat`, JSON.stringify({ userId, text }), { 'content-type': 'application/json' });
  const sms = async (from: string, sid: string, text: string) => {
    const params = { MessageSid: sid, AccountSid: CHANNEL_ENV.TWILIO_ACCOUNT_SID, From: from, To: CHANNEL_ENV.TWILIO_FROM, Body: text, NumMedia: '0' };
    const { body, signature } = twilioSigned(CHANNEL_ENV.TWILIO_AUTH_TOKEN, `${CHANNEL_ENV.PUBLIC_URL}/webhooks/twilio`, params);
    const res = await post(`${app.url}/webhooks/twilio`, body, { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature });
    await app.channels.runtime.idle();
    return res;
  };

  it('reads no growing table whole, for a chat message or an SMS answered and sent', async () => {
    // First messages warm what is counted once and kept (starter topics, prepared statements).
    expect((await chat('history-warm', 'How do I return an item?')).status).toBe(200);
    expect((await sms('+15550001111', `SM${'1'.repeat(32)}`, 'How do I return an item?')).status).toBe(200);
    on = true;
    expect((await chat('history-new', 'How do I return an item?')).status).toBe(200);
    expect((await chat('history-new', 'Where is my order?')).status).toBe(200);
    expect((await chat('hist-8', 'How do I return an item?')).status).toBe(200);
    expect((await sms('+15550002222', `SM${'2'.repeat(32)}`, 'How do I return an item?')).status).toBe(200);
    expect((await sms('+19990000007', `SM${'3'.repeat(32)}`, 'Where is my order?')).status).toBe(200);
    on = false;
    expect(fake.requests.filter((r) => r.path.endsWith('/Messages.json')).length).toBeGreaterThanOrEqual(3);

    const statements = [...new Map(seen.filter((s) => !/^\s*(begin|commit|rollback|select pg_advisory)/i.test(s.sql)).map((s) => [s.sql, s])).values()];
    expect(statements.length).toBeGreaterThan(10);
    const scans: string[] = [];
    for (const s of statements) {
      const tables = await wholeTableReads(db, s);
      if (tables.length) scans.push(`${tables.join(', ')}: ${s.sql.replace(/\s+/g, ' ').slice(0, 160)}`);
    }
    expect(scans).toEqual([]);
  });
});
