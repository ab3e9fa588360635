import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadRequestError } from '../../errors/index.ts';
import { createHttpApp } from '../../app/server.ts';
import { silentLogger } from '../../bot/index.ts';
import { ChannelRuntime } from '../core/runtime.ts';
import { startTestBot } from '../test-support.ts';
import { chatApiChannel, chatApiRouter } from './adapter.ts';
import message from './fixtures/message.json' with { type: 'json' };
import noMessageId from './fixtures/no-message-id.json' with { type: 'json' };
import { parseChatRequest } from './parse.ts';

const body = (p: unknown) => Buffer.from(JSON.stringify(p));

describe('chat API #parse', () => {
  it('turns a request into one event on channel "api", keyed by the caller\'s message id, with its language tag', () => {
    const [item] = parseChatRequest(body(message));
    expect(item).toMatchObject({ kind: 'event', event: { type: 'message', conversation: { channel: 'api', userId: 'client-user-1' }, externalId: 'msg-0001', from: { id: 'client-user-1' }, text: 'How do I return an item?', lang: 'en-GB' } });
  });

  it('keeps a language tag whole, canonical, so the core also reads the script ("zh-TW" in Traditional characters)', () => {
    const lang = (tag: string) => {
      const [item] = parseChatRequest(body({ userId: 'u', text: '你好', lang: tag }));
      return item?.kind === 'event' ? item.event.lang : undefined;
    };
    expect(lang('zh-TW')).toBe('zh-TW');
    expect(lang('zh-hant-tw')).toBe('zh-Hant-TW');
    expect(lang('pt_BR')).toBe('pt-BR');
    expect(lang('PL')).toBe('pl');
  });

  it('gives a request without a message id a fresh key, so it is never taken for a repeat', () => {
    const [a] = parseChatRequest(body(noMessageId));
    const [b] = parseChatRequest(body(noMessageId));
    expect(a!.kind === 'event' && b!.kind === 'event' && a.event.externalId !== b.event.externalId).toBe(true);
  });

  it('refuses a body of the wrong shape and a lang that is not a language tag with 400s naming the problem', () => {
    expect(() => parseChatRequest(body({ text: 'hi' }))).toThrow(/body\.userId: Required/);
    expect(() => parseChatRequest(body({ userId: 'u', text: 'hi', lang: 'polski' }), ['en', 'pl'])).toThrow(BadRequestError);
    expect(() => parseChatRequest(body({ userId: 'u', text: 'hi', lang: 'polski' }), ['en', 'pl'])).toThrow(/accepted languages: en, pl/);
  });
});

/** POST /api/chat on the runtime, as the app mounts it: stored in intake_work, answered at once. */
describe('chat API through the channel runtime', () => {
  let tb: Awaited<ReturnType<typeof startTestBot>>;
  let runtime: ChannelRuntime;
  let server: ReturnType<ReturnType<typeof createHttpApp>['finish']>;
  let url: string;

  beforeAll(async () => {
    tb = await startTestBot();
    const api = chatApiChannel();
    runtime = new ChannelRuntime({ bot: tb.bot, channels: tb.channels, adapters: api.adapters });
    const http = createHttpApp(silentLogger);
    http.app.use(chatApiRouter(api.endpoint, runtime));
    server = http.finish().listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/chat`;
  }, 300_000);
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
    await runtime?.close();
    await tb?.cleanup();
  });

  const ask = async (p: object) => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(p) });
    return { status: res.status, body: await res.json() };
  };
  const stored = (userId: string, externalId: string) =>
    tb.db.query<{ done: boolean }>("select done_at is not null as done from intake_work where channel = 'api' and user_id = $1 and external_id = $2", [userId, externalId]);

  it('answers a (user, message id) once: a repeat, at once or later, gets the first answer marked duplicate', async () => {
    const request = { userId: 'api-dup-1', text: 'How much does delivery cost?', messageId: 'm-1' };
    const [a, b] = await Promise.all([ask(request), ask(request)]);
    const later = await ask(request);
    expect([a.status, b.status, later.status]).toEqual([200, 200, 200]);
    const first = [a, b].find((r) => !r.body.duplicate)!;
    expect(first.body.replies[0].text).toMatch(/Delivery is free over 50 EUR/);
    for (const repeat of [a, b, later].filter((r) => r !== first)) {
      expect(repeat.body.duplicate).toBe(true);
      expect(repeat.body.replies.map((r: { id: string }) => r.id)).toEqual(first.body.replies.map((r: { id: string }) => r.id));
    }
    expect(await stored('api-dup-1', 'm-1')).toEqual([{ done: true }]);
  });

  it('keys repeats by the sender too: another user\'s message with the same id is answered on its own', async () => {
    await ask({ userId: 'api-dup-2', text: 'How much does delivery cost?', messageId: 'm-shared' });
    const other = await ask({ userId: 'api-dup-3', text: 'How much does delivery cost?', messageId: 'm-shared' });
    expect(other.status).toBe(200);
    expect(other.body.duplicate).toBeUndefined();
    expect(other.body.replies[0].text).toMatch(/Delivery is free over 50 EUR/);
    expect(await stored('api-dup-3', 'm-shared')).toEqual([{ done: true }]);
  });

  it('answers and stores a message with U+0000 in its text, without it', async () => {
    const res = await ask({ userId: 'api-nul', text: 'How much does\u0000 delivery cost?', messageId: 'm-nul' });
    expect(res.status).toBe(200);
    const rows = await tb.db.query<{ text: string }>("select m.text from inbound_events e join messages m on m.id = e.message_id where e.external_id = 'm-nul'");
    expect(rows).toEqual([{ text: 'How much does delivery cost?' }]);
  });
});
