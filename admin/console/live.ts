import { EventEmitter } from 'node:events';
import { silentLogger, type Logger } from '../../bot/index.ts';
import { RedisChannel, type RedisChannelOptions, type RedisHealth } from '../redis-channel.ts';

/** Something agents should see at once. Consoles refetch what changed from the database. */
export interface ConsoleEvent {
  /** `resync`: events may have been missed (Redis was away); refetch everything shown. */
  type: 'queued' | 'claimed' | 'transferred' | 'released' | 'resolved' | 'returned' | 'flagged' | 'message' | 'note' | 'delivery-failed' | 'resync';
  /** Empty for `resync`. */
  conversationId: string;
  /** ISO time of the change. */
  at: string;
  /** Who caused it: a user id, "bot", "customer" or "system". */
  actor?: string;
  /** The agent holding the conversation after the change. */
  assignee?: string;
  messageId?: string;
  /** Ownership status after the change. */
  status?: string;
}

/**
 * Live updates for agent consoles. In one process an in-memory emitter does; several
 * instances share one Redis channel so an agent connected to instance A sees a handoff that
 * happened on instance B.
 */
export interface LiveBus {
  publish(event: ConsoleEvent): Promise<void>;
  /** Returns the unsubscribe function. */
  subscribe(listener: (event: ConsoleEvent) => void): () => void;
  close(): Promise<void>;
}

/** One process: events go straight to this process's consoles. */
export class MemoryBus implements LiveBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  async publish(event: ConsoleEvent): Promise<void> {
    this.emitter.emit('event', event);
  }

  subscribe(listener: (event: ConsoleEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}

/**
 * Redis pub/sub on `channel`: every instance publishes there and hears everyone (itself
 * included, so local consoles are served by the same path as remote ones). While Redis is not
 * there an event is delivered to this instance's consoles directly (the others miss it), and
 * publishing does not wait for Redis to come back. When Redis is back after an outage, local
 * consoles get a `resync` event: they refetch what they show.
 */
export async function redisBus(url: string, options: { channel?: string; logger?: Logger } & Pick<RedisChannelOptions, 'checkMs' | 'stuckMs' | 'publishTimeoutMs'> = {}): Promise<LiveBus & { health(): RedisHealth }> {
  const log = options.logger ?? silentLogger;
  const local = new MemoryBus();
  const channel = await RedisChannel.open({
    url, channel: options.channel ?? 'faqbot:console', purpose: 'live console events', logger: log,
    checkMs: options.checkMs, stuckMs: options.stuckMs, publishTimeoutMs: options.publishTimeoutMs,
    onMessage(message) {
      try {
        void local.publish(JSON.parse(message) as ConsoleEvent);
      } catch (err) {
        log.warn('bad console event on redis', { error: String(err) });
      }
    },
    onBack: () => void local.publish({ type: 'resync', conversationId: '', at: new Date().toISOString(), actor: 'system' }),
  });
  return {
    async publish(event) {
      if (!await channel.publish(JSON.stringify(event))) await local.publish(event);
    },
    subscribe: (listener) => local.subscribe(listener),
    health: () => channel.health(),
    async close() {
      await channel.close();
      await local.close();
    },
  };
}
