import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { freshPglite, stubDetector, stubKnowledge } from '../../app/test-support.ts';
import { ConversationStore, createBot, migrate, yieldingDatabase, type Database, type StoredMessage } from '../../bot/index.ts';
import type { ChannelAdapter, WebhookItem } from '../types.ts';
import { ChannelStore } from './channel-store.ts';
import { ChannelRuntime } from './runtime.ts';

/** A messaging channel whose sends succeed at once, counting them. */
function countingAdapter(): ChannelAdapter & { sent: number } {
  return {
    channel: 'sms', sent: 0,
    capabilities: { markup: 'plain', maxSuggestions: 3, suggestionStyle: 'numbered-text', maxTextLength: 1600, typingIndicator: false },
    async send(_ref, messages: StoredMessage[]) {
      this.sent += messages.length;
      return messages.map((m) => ({ messageId: m.id, ok: true }));
    },
  };
}

const message = (n: number): WebhookItem => ({
  kind: 'event',
  event: { type: 'message', conversation: { channel: 'sms', userId: `+1555000${String(n).padStart(4, '0')}` }, externalId: `SM-fair-${n}`, from: { id: `u${n}` }, text: 'How do I return an item?', timestamp: new Date() },
});

/**
 * The database with its statements counted per iteration of the event loop: a spinning
 * immediate closes each iteration's count. A transaction counts as one statement; urgent ones
 * (acknowledgements, the readiness counts `idle()` polls) are not counted.
 */
function countedPerIteration(db: Database) {
  let now = 0;
  let most = 0;
  let spinning = true;
  const spin = () => {
    most = Math.max(most, now);
    now = 0;
    if (spinning) setImmediate(spin);
  };
  setImmediate(spin);
  const counted: Database = {
    kind: db.kind,
    urgent: db,
    query: (sql, params) => { now++; return db.query(sql, params); },
    exec: (sql) => { now++; return db.exec(sql); },
    transaction: (fn) => { now++; return db.transaction(fn); },
    close: () => db.close(),
  };
  return { db: counted, mostInOneIteration: () => most, stop: () => { spinning = false; } };
}

/** GET a local server; resolves with what `progress()` says when the answer arrives. */
function probe(server: Server, progress: () => number): Promise<number> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: '/api/health', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(progress()));
    }).on('error', reject);
  });
}

/**
 * The event loop stays free while the runtime answers a backlog on the embedded database: the
 * bot's turns (a stub knowledge base, so every step is a PGlite statement resolved as a
 * microtask) would otherwise keep Node from accepting a connection until the backlog is gone.
 */
describe('ChannelRuntime on the embedded database, answering a backlog', () => {
  let pg: Awaited<ReturnType<typeof freshPglite>>;
  let server: Server;
  let runtime: ChannelRuntime | undefined;

  beforeAll(async () => {
    pg = await freshPglite();
    await migrate(pg.db);
    server = createServer((_req, res) => res.end('{"ok":true}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  });
  afterEach(async () => {
    await runtime?.close();
    runtime = undefined;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await pg?.cleanup();
  });

  async function backlogOf(db: Database, count: number, first: number) {
    const bot = createBot({
      store: new ConversationStore(db), knowledge: stubKnowledge(), detector: stubDetector,
      defaultLang: 'en', maxMessageChars: 4000, answerThreshold: 0.5, clarifyThreshold: 0.25, maxFailedAttempts: 3,
    });
    const adapter = countingAdapter();
    runtime = new ChannelRuntime({ bot, channels: new ChannelStore(db), adapters: [adapter], pollMs: 20 });
    // Stored before the loop starts: it then has the whole backlog in front of it.
    await runtime.accept(Array.from({ length: count }, (_, i) => message(first + i)));
    return adapter;
  }

  it('runs one statement of the backlog per iteration of the event loop', async () => {
    const counted = countedPerIteration(pg.db);
    const adapter = await backlogOf(yieldingDatabase(counted.db), 30, 2000);
    runtime!.start();
    await runtime!.idle();
    counted.stop();
    expect(adapter.sent).toBe(30);
    // On the bare database the statements of the turns in flight run together: 129 in one
    // iteration for this backlog, while Node accepts at most one connection per iteration.
    expect(counted.mostInOneIteration()).toBe(1);
  });

  it('answers a health check and stores a new webhook before the backlog is answered', async () => {
    const adapter = await backlogOf(yieldingDatabase(pg.db), 60, 0);
    runtime!.start();
    const sentWhenHealthAnswered = await probe(server, () => adapter.sent);
    // A webhook stored meanwhile: its acknowledgement does not wait for the backlog either.
    await runtime!.accept([message(1000)]);
    const sentWhenAccepted = adapter.sent;
    await runtime!.idle();
    expect(adapter.sent).toBe(61);
    expect(sentWhenHealthAnswered).toBeLessThan(60);
    expect(sentWhenAccepted).toBeLessThan(60);
  });
});
