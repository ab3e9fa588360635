import { EventEmitter } from 'node:events';
import { silentLogger, type Logger } from '../../bot/index.ts';
import { closeRedisClients } from '../redis-close.ts';

/** Something agents should see at once. Consoles refetch what changed from the database. */
export interface ConsoleEvent {
  type: 'queued' | 'claimed' | 'transferred' | 'released' | 'resolved' | 'returned' | 'flagged' | 'message' | 'note' | 'delivery-failed';
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
 * included, so local consoles are served by the same path as remote ones).
 */
export async function redisBus(url: string, options: { channel?: string; logger?: Logger } = {}): Promise<LiveBus> {
  const { createClient } = await import('redis');
  const log = options.logger ?? silentLogger;
  const channel = options.channel ?? 'faqbot:console';
  const pub = createClient({ url });
  const sub = pub.duplicate();
  for (const c of [pub, sub]) c.on('error', (err: unknown) => log.warn('redis error (live console events)', { error: String(err) }));
  await pub.connect();
  await sub.connect();
  const local = new MemoryBus();
  await sub.subscribe(channel, (message: string) => {
    try {
      void local.publish(JSON.parse(message) as ConsoleEvent);
    } catch (err) {
      log.warn('bad console event on redis', { error: String(err) });
    }
  });
  return {
    async publish(event) {
      await pub.publish(channel, JSON.stringify(event));
    },
    subscribe: (listener) => local.subscribe(listener),
    async close() {
      await closeRedisClients([{ client: sub, subscribedTo: channel }, { client: pub }]);
      await local.close();
    },
  };
}
