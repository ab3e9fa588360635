import type { RedisClientType } from 'redis';
import { silentLogger, type Logger } from '../bot/index.ts';
import { within } from '../shared/index.ts';
import { closeRedisClients } from './redis-close.ts';

type Client = RedisClientType;

export interface RedisChannelOptions {
  /** Redis server, e.g. `redis://127.0.0.1:6379`. */
  url: string;
  /** The channel every instance publishes to and listens on. */
  channel: string;
  /** Each message heard on the channel, this instance's own included. */
  onMessage(message: string): void;
  /**
   * The channel is up again after it was down (Redis restarted, a link was replaced): messages
   * published meanwhile were lost, in both directions. Not called for the first connection.
   */
  onBack?(): void;
  /** What the channel carries, for log lines: "live console events". */
  purpose: string;
  logger?: Logger;
  /** How often each client is checked (a PING when it is ready). Default 5000 ms. */
  checkMs?: number;
  /**
   * A client that gave no sign of life for this long is replaced by a new one: no answer to a
   * PING or a publish while ready, or neither a reconnection attempt nor readiness while not
   * ready. Default 15000 ms.
   */
  stuckMs?: number;
  /** A publish not answered within this is given up (and counted as failed). Default 5000 ms. */
  publishTimeoutMs?: number;
}

/** What /api/ready shows of a Redis channel. */
export interface RedisHealth {
  /** Both clients connected and the subscription in place. */
  ready: boolean;
  /** ISO time since when it is not ready. */
  downSince?: string;
  /** Clients replaced by the watchdog since the start. */
  replaced: number;
}

interface Watched {
  role: 'publisher' | 'subscriber';
  client: Client;
  /** Last sign of life: created, an event from node-redis, a PING or publish answered. */
  lastSign: number;
  pinging: boolean;
  /** A subscriber's subscribe() resolved: node-redis subscribes it again on every reconnection. */
  subscribed: boolean;
}

/**
 * A Redis pub/sub channel shared by several instances: one client publishes, one listens, and a
 * watchdog keeps both alive.
 *
 * node-redis reconnects and subscribes again by itself after a restart it notices (the socket
 * closes). It puts no bound on a connection that stays open and says nothing: a server or proxy
 * that accepts the connection and never answers the handshake leaves a client "open, not ready"
 * for good, and a link whose host vanished without closing it (a failover, a paused or replaced
 * machine behind the same address) leaves a subscriber "ready" and deaf and a publish waiting
 * forever. So each client is pinged every `checkMs`, and one that gives no sign of life for
 * `stuckMs` is destroyed and replaced, subscribed again. Publishing never waits on a Redis that is
 * not there: it fails at once when the client is not ready and after `publishTimeoutMs` when no
 * answer comes. Losing Redis and getting it back are logged once each.
 *
 * @example
 * const ch = await RedisChannel.open({ url, channel: 'faqbot:console', purpose: 'live console events', onMessage: (m) => console.log(m) });
 * await ch.publish('hello'); // false when Redis did not take it
 */
export class RedisChannel {
  private readonly pub: Watched;
  private readonly sub: Watched;
  private readonly log: Logger;
  private readonly checkMs: number;
  private readonly stuckMs: number;
  private readonly publishTimeoutMs: number;
  private timer?: NodeJS.Timeout;
  private closed = false;
  /** Since when the channel is down (undefined while up). */
  private downSince?: number;
  private replacedCount = 0;
  private failedPublishes = 0;
  private firstUp!: () => void;
  private readonly up = new Promise<void>((resolve) => { this.firstUp = resolve; });

  private constructor(
    private readonly options: RedisChannelOptions,
    private readonly createClient: (options: { url: string; disableOfflineQueue?: boolean }) => Client,
  ) {
    this.log = options.logger ?? silentLogger;
    this.checkMs = options.checkMs ?? 5000;
    this.stuckMs = options.stuckMs ?? 15_000;
    this.publishTimeoutMs = options.publishTimeoutMs ?? 5000;
    this.pub = this.start('publisher');
    this.sub = this.start('subscriber');
  }

  /** Connect both clients and subscribe, then resolve (waits for Redis as long as it takes). */
  static async open(options: RedisChannelOptions): Promise<RedisChannel> {
    const { createClient } = await import('redis');
    const channel = new RedisChannel(options, (o) => createClient(o) as unknown as Client);
    channel.timer = setInterval(() => channel.check(), channel.checkMs);
    channel.timer.unref();
    await channel.up;
    return channel;
  }

  /** Both clients ready and subscribed. */
  get ready(): boolean {
    return this.pub.client.isReady && this.sub.client.isReady && this.sub.subscribed;
  }

  health(): RedisHealth {
    return { ready: this.ready, downSince: this.downSince === undefined ? undefined : new Date(this.downSince).toISOString(), replaced: this.replacedCount };
  }

  /**
   * Publish `message` on the channel. Resolves false, without waiting, when Redis is not there,
   * and after `publishTimeoutMs` when it does not answer: the message is then lost for the other
   * instances (the caller may deliver it locally).
   */
  async publish(message: string): Promise<boolean> {
    const watched = this.pub;
    const client = watched.client;
    if (this.closed || !client.isReady) return this.publishFailed();
    const sent = client.publish(this.options.channel, message).then(() => 'sent' as const, () => 'failed' as const);
    const outcome = await within(sent, this.publishTimeoutMs);
    if (outcome !== 'sent') return this.publishFailed();
    if (watched.client === client) watched.lastSign = Date.now();
    return true;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    // A client node-redis already closed throws on destroy: nothing is left to close then.
    await closeRedisClients([{ client: this.sub.client, subscribedTo: this.options.channel }, { client: this.pub.client }]).catch(() => undefined);
  }

  private publishFailed(): false {
    this.failedPublishes++;
    return false;
  }

  /** A new client for `role`, connecting (and subscribing) in the background. */
  private start(role: Watched['role'], watched?: Watched): Watched {
    // Without the offline queue a publish while Redis is away fails at once instead of waiting
    // (unbounded) for it to come back.
    const client = this.createClient(role === 'publisher' ? { url: this.options.url, disableOfflineQueue: true } : { url: this.options.url });
    const w: Watched = watched ?? { role, client, lastSign: 0, pinging: false, subscribed: false };
    Object.assign(w, { client, lastSign: Date.now(), pinging: false, subscribed: false });
    const current = () => w.client === client && !this.closed;
    const sign = () => { if (current()) w.lastSign = Date.now(); };
    client.on('error', (err: unknown) => {
      if (!current()) return;
      sign();
      this.wentDown(err);
      this.log.debug('redis error', { purpose: this.options.purpose, role, error: String(err) });
    });
    client.on('reconnecting', sign);
    client.on('connect', sign);
    // A subscriber that was subscribed is ready again once node-redis has subscribed it again.
    client.on('ready', () => { sign(); if (current()) this.maybeUp(); });
    void (async () => {
      await client.connect();
      if (!current()) return;
      if (role === 'subscriber') {
        await client.subscribe(this.options.channel, (message: string) => this.options.onMessage(message));
        w.subscribed = true;
      }
      if (current()) this.maybeUp();
    })().catch((err: unknown) => {
      if (current()) this.log.debug('redis connection failed', { purpose: this.options.purpose, role, error: String(err) });
    });
    return w;
  }

  private wentDown(err: unknown): void {
    if (this.closed || this.downSince !== undefined) return;
    this.downSince = Date.now();
    this.log.warn('redis unreachable: this instance neither hears nor tells the others until it is back', { purpose: this.options.purpose, error: String(err) });
  }

  private maybeUp(): void {
    // Called from the constructor's clients before both exist.
    if (this.closed || !this.pub || !this.sub || !this.ready) return;
    this.firstUp();
    if (this.downSince === undefined) return;
    this.log.info('redis reachable again', { purpose: this.options.purpose, downSeconds: Math.round((Date.now() - this.downSince) / 1000), failedPublishes: this.failedPublishes });
    this.downSince = undefined;
    this.failedPublishes = 0;
    this.options.onBack?.();
  }

  /** The watchdog's round: PING what is ready, replace what gave no sign of life for too long. */
  private check(): void {
    if (this.closed) return;
    for (const watched of [this.pub, this.sub]) {
      if (Date.now() - watched.lastSign > this.stuckMs) {
        this.replace(watched);
        continue;
      }
      if (!watched.client.isReady || watched.pinging) continue;
      const client = watched.client;
      watched.pinging = true;
      client.ping()
        .then(() => { if (watched.client === client) watched.lastSign = Date.now(); }, () => undefined)
        .finally(() => { if (watched.client === client) watched.pinging = false; });
    }
  }

  /** Destroy a client that stopped answering and put a new one in its place. */
  private replace(watched: Watched): void {
    const silentSeconds = Math.round((Date.now() - watched.lastSign) / 1000);
    const old = watched.client;
    this.replacedCount++;
    this.wentDown(new Error(`no answer for ${silentSeconds} s`));
    this.log.warn('redis client gave no sign of life: replaced by a new connection', { purpose: this.options.purpose, role: watched.role, silentSeconds, ready: old.isReady });
    this.start(watched.role, watched);
    try {
      old.destroy();
    } catch {
      // Already closed.
    }
  }
}
