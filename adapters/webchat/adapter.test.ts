import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectChat } from '../../app/test-support.ts';
import { ChannelRuntime } from '../core/runtime.ts';
import { startTestBot } from '../test-support.ts';
import { webchat, type WebchatAdapter } from './adapter.ts';

/** The socket's messages go the channel runtime's way: stored in intake_work first, keyed by (channel, user, clientId). */
describe('web chat socket through the channel runtime', () => {
  let tb: Awaited<ReturnType<typeof startTestBot>>;
  let runtime: ChannelRuntime;
  let chat: WebchatAdapter;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    tb = await startTestBot();
    runtime = new ChannelRuntime({ bot: tb.bot, channels: tb.channels, adapters: [] });
    chat = webchat({ runtime, store: tb.store });
    runtime.register(chat);
    server = createServer((_req, res) => res.writeHead(404).end());
    chat.attach(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 300_000);
  afterAll(async () => {
    chat?.close();
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
    await runtime?.close();
    await tb?.cleanup();
  });

  /** Send one frame and collect what the socket answered until the typing indicator goes off. */
  const say = async (client: Awaited<ReturnType<typeof connectChat>>, frame: object) => {
    const from = client.frames.length;
    client.send(frame);
    await client.next((f) => f.type === 'typing' && f.on === false);
    return client.frames.slice(from);
  };
  const stored = (userId: string, clientId: string) =>
    tb.db.query<{ done: boolean }>("select done_at is not null as done from intake_work where channel = 'webchat' and user_id = $1 and external_id = $2", [userId, clientId]);

  it('stores a message before answering it, and answers a repeated clientId with the first answer, once', async () => {
    const client = await connectChat(url);
    try {
      client.send({ type: 'hello', userId: 'webchat-runtime-1' });
      await client.next((f) => f.type === 'history');
      const first = await say(client, { type: 'message', clientId: 'c-1', text: 'How much does delivery cost?' });
      const again = await say(client, { type: 'message', clientId: 'c-1', text: 'How much does delivery cost?' });
      const ack = (frames: Array<Record<string, any>>) => frames.find((f) => f.type === 'ack')!.id;
      const replies = (frames: Array<Record<string, any>>) => frames.filter((f) => f.type === 'message').map((f) => f.message);
      expect(replies(first)[0].text).toMatch(/Delivery is free over 50 EUR/);
      expect(ack(again)).toBe(ack(first));
      expect(replies(again).map((m) => m.id)).toEqual(replies(first).map((m) => m.id));
      expect(await stored('webchat-runtime-1', 'c-1')).toEqual([{ done: true }]);
    } finally {
      client.close();
    }
  });

  it('keys repeats by the sender too: another customer\'s same clientId is their own message', async () => {
    const a = await connectChat(url);
    const b = await connectChat(url);
    try {
      a.send({ type: 'hello', userId: 'webchat-runtime-2' });
      b.send({ type: 'hello', userId: 'webchat-runtime-3' });
      await a.next((f) => f.type === 'history');
      await b.next((f) => f.type === 'history');
      const fromA = await say(a, { type: 'message', clientId: 'c-shared', text: 'How much does delivery cost?' });
      const fromB = await say(b, { type: 'message', clientId: 'c-shared', text: 'How much does delivery cost?' });
      const ackA = fromA.find((f) => f.type === 'ack')!.id;
      const ackB = fromB.find((f) => f.type === 'ack')!.id;
      expect(ackB).not.toBe(ackA);
      expect(fromB.find((f) => f.type === 'message')!.message.text).toMatch(/Delivery is free over 50 EUR/);
      expect(await stored('webchat-runtime-3', 'c-shared')).toEqual([{ done: true }]);
    } finally {
      a.close();
      b.close();
    }
  });
});
