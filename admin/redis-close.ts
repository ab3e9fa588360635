import { within } from '../shared/index.ts';

/** What closing needs of a node-redis client. */
export interface ClosableRedisClient {
  readonly isReady: boolean;
  /** Stop listening on channels (a subscriber). */
  unsubscribe?(channel: string): Promise<unknown>;
  /** Finish what was sent, then close (QUIT). */
  quit(): Promise<unknown>;
  /** Close now, failing what is still queued. */
  destroy(): void;
}

/**
 * Close pub/sub clients without ever waiting on a server that is not there. A client that is
 * not ready (Redis down, or still reconnecting) is destroyed at once: QUIT would wait for a
 * connection that may never come (after a Redis restart a client was seen staying "open, not
 * ready" for good, and shutting down hung until the process was killed). A ready one gets
 * `graceMs` to finish politely, then is destroyed.
 */
export async function closeRedisClients(clients: Array<{ client: ClosableRedisClient; subscribedTo?: string }>, graceMs = 2000): Promise<void> {
  await Promise.all(clients.map(async ({ client, subscribedTo }) => {
    if (!client.isReady) {
      client.destroy();
      return;
    }
    const polite = (async () => {
      if (subscribedTo !== undefined && client.unsubscribe) await client.unsubscribe(subscribedTo).catch(() => undefined);
      await client.quit().catch(() => undefined);
    })();
    if (await within(polite, graceMs) === 'late') client.destroy();
  }));
}
