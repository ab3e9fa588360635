import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChannelRuntime } from '../core/runtime.ts';
import { botFrameworkSigner, hugeBody, memoryLogger, post, startFakeProvider, startTestBot, startWebhookServer, type FakeProvider, type RecordedRequest } from '../test-support.ts';
import { webhookRouter } from '../core/express.ts';
import { BotFrameworkAdapter, botFrameworkChannel } from './adapter.ts';
import { connectorMediaRef } from './parse.ts';
import conversationUpdate from './fixtures/conversation-update.json' with { type: 'json' };
import messageBack from './fixtures/message-back.json' with { type: 'json' };
import webchatMessage from './fixtures/webchat-message.json' with { type: 'json' };

const APP_ID = '5f0c6f4e-0000-4a6b-9c1d-bf0000000001';

/** Activities to /api/messages (the webhook router, botbuilder's JWT validation) → bot → a local fake Bot Connector service. */
describe('botframework end to end', () => {
  const log = memoryLogger();
  const signer = botFrameworkSigner();
  let tb: Awaited<ReturnType<typeof startTestBot>>;
  let fake: FakeProvider;
  let runtime: ChannelRuntime;
  let server: Awaited<ReturnType<typeof startWebhookServer>>;
  let n = 0;
  let bf: ReturnType<typeof botFrameworkChannel>;
  const connector = (r: RecordedRequest) => {
    if (r.path.startsWith('/v3/attachments/')) return { status: 200, body: 'image bytes', headers: { 'content-type': 'image/png' } };
    if (r.path === '/openid') return { status: 200, body: signer.openIdConfig(fake.url) };
    if (r.path === '/keys') return { status: 200, body: signer.jwks };
    return { status: 200, body: { id: `act-${++n}` } };
  };

  beforeAll(async () => {
    tb = await startTestBot();
    fake = await startFakeProvider(connector);
    bf = botFrameworkChannel({ appId: APP_ID, appPassword: 'app-password', openIdMetadataUrl: `${fake.url}/openid`, token: async () => 'bf-outbound-token' },
      { channels: tb.channels, logger: log, retry: { retries: 2, baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 2000 } });
    runtime = new ChannelRuntime({ bot: tb.bot, channels: tb.channels, adapters: bf.adapters, logger: log });
    server = await startWebhookServer(runtime, [], { mount: (app) => app.use(webhookRouter(bf.endpoint, runtime, { logger: log })) });
  });
  afterAll(async () => {
    await server?.close();
    await runtime?.close();
    await fake?.close();
    await tb?.cleanup();
  });
  beforeEach(() => fake.respondWith(connector));

  /** A Web Chat message from `user` in conversation `conv`, through the fake connector service. */
  const activity = (user: string, text: string, id: string, extra: object = {}) => ({
    ...webchatMessage, id, from: { id: user, name: 'You', role: 'user' }, conversation: { id: `conv-${user}` }, serviceUrl: `${fake.url}/`, text, ...extra,
  });
  const send = (a: { serviceUrl: string; [k: string]: unknown }, token: string | null = signer.token({ aud: APP_ID, serviceurl: a.serviceUrl })) =>
    post(`${server.url}/api/messages`, JSON.stringify(a), { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) });
  const posted = (user: string) => fake.requests.filter((r) => r.path === `/v3/conversations/conv-${user}/activities`);
  const replies = (user: string) => posted(user).filter((r) => r.json.type === 'message');

  it('answers with the JWT checked, typing first, the reply in the same conversation with our token', async () => {
    const res = await send(activity('u1', 'How do I return an item?', 'a-1'));
    expect(res.status).toBe(200);
    await runtime.idle();
    const calls = posted('u1');
    expect(calls.map((c) => c.json.type)).toEqual(['typing', 'message']);
    const reply = calls[1]!;
    expect(reply.headers.authorization).toBe('Bearer bf-outbound-token');
    expect(reply.json).toMatchObject({
      type: 'message', textFormat: 'markdown', text: 'You can return items within **30 days**.',
      from: webchatMessage.recipient, recipient: { id: 'u1' }, conversation: { id: 'conv-u1' },
      suggestedActions: { to: ['u1'], actions: [{ type: 'messageBack', title: 'When will I get my refund?', value: { entryId: 'refund-timing' } }] },
    });
  });

  it('answers a suggestion picked with messageBack', async () => {
    await send(activity('u2', 'How do I return an item?', 'a-2'));
    await runtime.idle();
    await send({ ...activity('u2', messageBack.text, 'a-3'), value: messageBack.value });
    await runtime.idle();
    expect(replies('u2')[1]!.json.text).toBe('Refunds arrive within **5 working days**.');
  });

  it('refuses a missing or forged token with 401 and stores nothing', async () => {
    const a = activity('u3', 'Where is my order?', 'a-4');
    expect((await send(a, null)).status).toBe(401);
    expect((await send(a, botFrameworkSigner().token({ aud: APP_ID, serviceurl: a.serviceUrl }))).status).toBe(401);
    expect((await send(a, signer.token({ aud: 'another-bot', serviceurl: a.serviceUrl }))).status).toBe(401);
    await runtime.idle();
    expect(posted('u3')).toHaveLength(0);
    expect(await tb.channels.customerOf('botframework', 'webchat:u3')).toBeUndefined();
    expect(await tb.channels.address('botframework', 'webchat:u3')).toBeUndefined();
  });

  it('answers 400 to malformed JSON or a non-activity, 413 to 10 MB', async () => {
    expect((await post(`${server.url}/api/messages`, '{"type":"message",', { 'content-type': 'application/json' })).status).toBe(400);
    expect((await post(`${server.url}/api/messages`, '[1,2]', { 'content-type': 'application/json' })).status).toBe(400);
    expect((await post(`${server.url}/api/messages`, hugeBody(), { 'content-type': 'application/json' })).status).toBe(413);
  });

  it('acknowledges other activity types with 200 and a log line', async () => {
    const update = { ...conversationUpdate, serviceUrl: `${fake.url}/` };
    expect((await send(update)).status).toBe(200);
    await runtime.idle();
    expect(log.lines).toContainEqual(expect.objectContaining({ msg: 'webhook item ignored', fields: expect.objectContaining({ channel: 'botframework', type: 'conversationUpdate' }) }));
  });

  it('answers an activity delivered twice once', async () => {
    const a = activity('u4', 'How much does delivery cost?', 'a-5');
    await Promise.all([send(a), send(a)]);
    await runtime.idle();
    expect(replies('u4')).toHaveLength(1);
  });

  it('retries 5xx, then gives up and records the failure', async () => {
    fake.respondWith((r) => (r.path.startsWith('/v3/') && r.json?.type === 'message' ? { status: 502, body: { error: { code: 'ServiceError', message: 'Bad gateway' } } } : connector(r)));
    await send(activity('u5', 'Where is my order?', 'a-6'));
    await runtime.idle();
    expect(replies('u5')).toHaveLength(3);
    expect((await tb.channels.failures({ channel: 'botframework' })).find((f) => f.userId === 'webchat:u5')).toMatchObject({ httpStatus: 502, retryable: true, attempts: 3 });
  });

  it('keeps an image pasted in Teams (on the connector) for the agent, fetched with our token; another link stays a link', async () => {
    const pasted = `${fake.url}/v3/attachments/0-wus-d1-abc/views/original`;
    const res = await send(activity('u-img', 'my screen shows this', 'a-img', {
      attachments: [{ contentType: 'image/png', contentUrl: pasted, name: 'image.png' }, { contentType: 'image/jpeg', contentUrl: 'https://cdn.example/photo.jpg' }],
    }));
    expect(res.status).toBe(200);
    await runtime.idle();
    const [row] = await tb.db.query<{ attachments: Array<{ ref?: string; url?: string }> }>("select attachments from messages where text = 'my screen shows this'");
    const [onConnector, elsewhere] = row!.attachments;
    expect(onConnector).toMatchObject({ kind: 'image', mime: 'image/png', name: 'image.png' });
    expect(onConnector!.url).toBeUndefined();
    expect(elsewhere).toEqual({ kind: 'image', url: 'https://cdn.example/photo.jpg', mime: 'image/jpeg' });
    const adapter = bf.adapters[0]!;
    const media = await adapter.media!(onConnector!.ref!);
    expect(media?.bytes.toString()).toBe('image bytes');
    expect(fake.requests.find((r) => r.path === '/v3/attachments/0-wus-d1-abc/views/original')!.headers.authorization).toBe('Bearer bf-outbound-token');
    // Without an app id nothing is authenticated: only a local Emulator's media is fetched.
    const local = new BotFrameworkAdapter({}, { channels: tb.channels });
    await expect(local.media(connectorMediaRef('http://10.0.0.5/v3/attachments/x/views/original'))).rejects.toThrow(/local Emulator/);
    expect(await local.media('MM123')).toBeUndefined();
  });

  it('without an app id, only replies to a local Emulator', async () => {
    const local = new BotFrameworkAdapter({}, { channels: tb.channels });
    await tb.channels.saveAddress('botframework', 'webchat:remote', { serviceUrl: 'https://webchat.botframework.com/', channelId: 'webchat', conversation: { id: 'c' }, bot: { id: 'b' }, user: { id: 'remote' } });
    const [r] = await local.send({ channel: 'botframework', userId: 'webchat:remote' }, [{ id: 'bf-m-1', conversationId: 'c', seq: 1, role: 'agent', text: 'hi', channel: 'botframework', createdAt: new Date() }]);
    expect(r!.ok).toBe(false);
    expect(r!.error).toMatch(/local Emulator/);
  });
});
