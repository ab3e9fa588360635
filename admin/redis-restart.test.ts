import { createConnection, createServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryLogger } from '../adapters/test-support.ts';
import { freePort, privateRedis, requireRedis, until } from '../app/test-support.ts';
import type { Database } from '../bot/index.ts';
import type { KnowledgeBase } from '../knowledge/index.ts';
import { redisBus, type ConsoleEvent } from './console/live.ts';
import { ReleaseSync } from './knowledge/release-sync.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

/** Short watchdog timings, so a stuck link is replaced within seconds. */
const WATCH = { checkMs: 250, stuckMs: 5000, publishTimeoutMs: 1000 };
/**
 * Shorter still where links do go silent: that test waits for three replacements in a row, and
 * with the other timings it sat idle for 15 s of them.
 */
const SILENT_WATCH = { ...WATCH, stuckMs: 2500 };

/**
 * Both Redis users as the product opens them (admin/admin.ts): the live console bus and the
 * knowledge release sync, on their own channels. The sync's database only counts catch-ups (each
 * starts with a select of the latest release), which is what a release notice triggers.
 */
async function redisUsers(url: string, tag: string, watch = WATCH) {
  const log = memoryLogger();
  const bus = await redisBus(url, { channel: `${tag}:console`, logger: log, ...watch });
  cleanups.push(() => bus.close());
  const heard: ConsoleEvent[] = [];
  bus.subscribe((e) => heard.push(e));
  let catchUps = 0;
  const db = { kind: 'postgres', query: async (sql: string) => { if (sql.startsWith('select')) catchUps++; return []; } } as unknown as Database;
  const knowledge = { sourceHash: 'live', entries: () => [] } as unknown as KnowledgeBase;
  const sync = await ReleaseSync.start({ db, knowledge, redisUrl: url, channel: `${tag}:knowledge`, origin: 'this-instance', logger: log, redisWatch: watch });
  cleanups.push(() => sync.close());
  return { bus, heard, sync, log, catchUps: () => catchUps };
}

/** Another instance's clients: it publishes console events and release notices. */
async function otherInstance(url: string, tag: string) {
  const { createClient } = await import('redis');
  const client = createClient({ url });
  client.on('error', () => undefined);
  await client.connect();
  cleanups.push(async () => client.destroy());
  let n = 0;
  return {
    /** Publish one console event; resolves with its conversation id. */
    async event(prefix: string): Promise<string> {
      const conversationId = `${prefix}-${++n}`;
      await client.publish(`${tag}:console`, JSON.stringify({ type: 'queued', conversationId, at: new Date().toISOString() } satisfies ConsoleEvent));
      return conversationId;
    },
    notice: (releaseId: string) => client.publish(`${tag}:knowledge`, JSON.stringify({ releaseId, origin: 'another-instance' })),
  };
}

/**
 * Until it is heard, publish again (pub/sub keeps nothing for a subscriber that is not there yet):
 * a console event from the other instance, then a release notice, each must reach this instance.
 */
async function deliveredAfter(what: string, users: Awaited<ReturnType<typeof redisUsers>>, other: Awaited<ReturnType<typeof otherInstance>>) {
  const sent = new Set<string>();
  await until(`${what}: a console event from another instance is heard`, async () => {
    sent.add(await other.event(what));
    await sleep(100);
    return users.heard.some((e) => sent.has(e.conversationId));
  });
  const before = users.catchUps();
  await until(`${what}: a release notice from another instance makes this one catch up`, async () => {
    await other.notice(what);
    await sleep(100);
    return users.catchUps() > before;
  });
}

/**
 * A TCP proxy in front of Redis whose links can go silent, as when the machine behind an address
 * vanishes without closing anything (a failover, a frozen VM): nothing passes and nothing closes,
 * and new connections are accepted and never answered. `resume()` forwards new connections again
 * (to a new server); the silent ones stay silent.
 */
async function silentProxy(target: () => number) {
  let silent = false;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    sockets.add(client);
    client.on('error', () => undefined);
    if (silent) return;
    const upstream = createConnection({ host: '127.0.0.1', port: target() });
    sockets.add(upstream);
    let cut = false;
    cuts.push(() => { cut = true; upstream.destroy(); });
    client.on('data', (d) => { if (!cut) upstream.write(d); });
    upstream.on('data', (d) => { if (!cut) client.write(d); });
    const end = () => { if (!cut) { client.destroy(); upstream.destroy(); } };
    client.on('close', end);
    upstream.on('error', end).on('close', end);
  });
  const cuts: Array<() => void> = [];
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  cleanups.push(async () => { server.close(); for (const s of sockets) s.destroy(); });
  return {
    url: `redis://127.0.0.1:${(server.address() as AddressInfo).port}`,
    goSilent() { silent = true; for (const cut of cuts.splice(0)) cut(); },
    resume() { silent = false; },
  };
}

describe('Redis restarted under the live console bus and the knowledge release sync', () => {
  it('delivers what is published after Redis came back on the same port, and reports it down meanwhile', async () => {
    await requireRedis(); // the machine's redis-server binary runs the throwaway server
    const redis = privateRedis(await freePort());
    cleanups.push(() => redis.kill());
    await redis.start();
    const users = await redisUsers(redis.url, 'restart');
    const other = await otherInstance(redis.url, 'restart');
    await deliveredAfter('before', users, other);
    expect(users.bus.health().ready).toBe(true);

    for (const round of ['first restart', 'second restart']) {
      await redis.kill();
      await until(`${round}: the bus reports Redis down`, () => !users.bus.health().ready);
      expect(users.bus.health().downSince).toBeDefined();
      // Publishing does not wait for Redis: this instance's consoles get the event directly.
      const local: ConsoleEvent = { type: 'claimed', conversationId: `local-${round}`, at: new Date().toISOString() };
      await users.bus.publish(local);
      expect(users.heard).toContainEqual(local);
      const resyncs = users.heard.filter((e) => e.type === 'resync').length;
      const catchUps = users.catchUps();
      await redis.start();
      await until(`${round}: both uses report Redis ready again`, () => users.bus.health().ready && users.sync.redisHealth()?.ready === true);
      // Consoles are told to refetch what they missed; the sync looks for releases it missed.
      await until(`${round}: local consoles get a resync event`, () => users.heard.filter((e) => e.type === 'resync').length > resyncs);
      await until(`${round}: the release sync catches up by itself`, () => users.catchUps() > catchUps);
      await deliveredAfter(round, users, await otherInstance(redis.url, 'restart'));
    }
    // Once per outage and use (live console events, knowledge releases), each paired with its
    // recovery, not once per failed reconnection attempt.
    const lines = (start: string) => users.log.lines.filter((l) => l.msg.startsWith(start)).length;
    expect(lines('redis unreachable')).toBeGreaterThanOrEqual(4);
    expect(lines('redis unreachable')).toBe(lines('redis reachable again'));
    expect(lines('redis unreachable')).toBeLessThan(lines('redis error'));
  }, 300_000);

  it('replaces links that went silent (a server gone without closing them), then delivers again', async () => {
    await requireRedis();
    let port = await freePort();
    let redis = privateRedis(port);
    cleanups.push(() => redis.kill());
    await redis.start();
    const proxy = await silentProxy(() => port);
    const users = await redisUsers(proxy.url, 'silent', SILENT_WATCH);
    await deliveredAfter('before', users, await otherInstance(proxy.url, 'silent'));

    // The machine behind the address vanishes; another Redis takes its place behind the same address.
    proxy.goSilent();
    await redis.kill();
    port = await freePort();
    redis = privateRedis(port);
    cleanups.push(() => redis.kill());
    await redis.start();
    // A publish on the silent link gets no answer: it is given up, and delivered here directly.
    const local: ConsoleEvent = { type: 'note', conversationId: 'while-silent', at: new Date().toISOString() };
    await users.bus.publish(local);
    expect(users.heard).toContainEqual(local);
    // The silent links are replaced; the new connections are accepted and never answered (node-redis
    // waits on such a handshake for good: open, not ready), so they are replaced again.
    await until('the watchdog replaced both of the bus\'s links, then a connection stuck in its handshake', () => users.bus.health().replaced >= 3);
    expect(users.bus.health().ready).toBe(false);
    proxy.resume();
    await deliveredAfter('after', users, await otherInstance(proxy.url, 'silent'));
    expect(users.bus.health().replaced).toBeGreaterThan(0);
    expect(users.log.lines.some((l) => l.msg.startsWith('redis client gave no sign of life'))).toBe(true);
  }, 300_000);
});
