import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChannelRuntime } from '../core/runtime.ts';
import { hugeBody, memoryLogger, metaJson, metaSignature, post, startFakeProvider, startTestBot, startWebhookServer, type FakeProvider, type RecordedRequest } from '../test-support.ts';
import { messengerChannel } from './adapter.ts';
import attachment from './fixtures/attachment.json' with { type: 'json' };
import echo from './fixtures/echo.json' with { type: 'json' };
import outsideWindow from './fixtures/error-outside-window.json' with { type: 'json' };
import quickReply from './fixtures/quick-reply.json' with { type: 'json' };
import text from './fixtures/text.json' with { type: 'json' };

const SECRET = 'messenger-app-secret';
const TOKEN = 'EAAPage-access-token';
const PAGE = '104381162359925';

function textFrom(psid: string, body: string, mid: string) {
  const p = structuredClone(text);
  Object.assign(p.entry[0]!.messaging[0]!, { sender: { id: psid }, timestamp: Date.now(), message: { mid, text: body } });
  return p;
}

/** Page webhooks → bot → Send API, against a local fake Graph API. */
describe('messenger end to end', () => {
  const log = memoryLogger();
  let tb: Awaited<ReturnType<typeof startTestBot>>;
  let fake: FakeProvider;
  let runtime: ChannelRuntime;
  let server: Awaited<ReturnType<typeof startWebhookServer>>;
  let n = 0;
  const graph = (r: RecordedRequest) => (r.json?.sender_action ? { status: 200, body: { recipient_id: r.json.recipient.id } } : { status: 200, body: { recipient_id: r.json?.recipient?.id, message_id: `m_OUT-${++n}` } });

  beforeAll(async () => {
    tb = await startTestBot();
    fake = await startFakeProvider(graph);
    const m = messengerChannel({ verifyToken: 'verify-me', appSecret: SECRET, pageAccessToken: TOKEN, graph: { base: fake.url, version: 'v23.0' } },
      { channels: tb.channels, logger: log, retry: { retries: 2, baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 2000 } });
    runtime = new ChannelRuntime({ bot: tb.bot, channels: tb.channels, adapters: m.adapters, logger: log });
    server = await startWebhookServer(runtime, [m.endpoint], { logger: log });
  });
  afterAll(async () => {
    await server?.close();
    await runtime?.close();
    await fake?.close();
    await tb?.cleanup();
  });
  beforeEach(() => fake.respondWith(graph));

  const deliver = (payload: unknown, secret = SECRET) => {
    const raw = metaJson(payload);
    return post(`${server.url}/webhooks/messenger`, raw, { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(secret, raw) });
  };
  const to = (psid: string) => fake.requests.filter((r) => r.path === '/v23.0/me/messages' && r.json?.recipient?.id === psid);
  const sent = (psid: string) => to(psid).filter((r) => r.json.message);

  it('answers the subscription check', async () => {
    const ok = await fetch(`${server.url}/webhooks/messenger?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=777`);
    expect([ok.status, await ok.text()]).toEqual([200, '777']);
    expect((await fetch(`${server.url}/webhooks/messenger?hub.mode=subscribe&hub.verify_token=x&hub.challenge=1`)).status).toBe(403);
  });

  it('marks seen, shows typing, then answers with quick replies, the page token and appsecret_proof', async () => {
    expect((await deliver(textFrom('7000000000000001', 'How do I return an item?', 'm_IN-1'))).status).toBe(200);
    await runtime.idle();
    const calls = to('7000000000000001');
    expect(calls.map((c) => c.json.sender_action ?? 'message')).toEqual(['mark_seen', 'typing_on', 'message']);
    const answer = calls[2]!;
    expect(answer.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(answer.query.get('appsecret_proof')).toBe(createHmac('sha256', SECRET).update(TOKEN).digest('hex'));
    expect(answer.json).toEqual({
      recipient: { id: '7000000000000001' }, messaging_type: 'RESPONSE',
      message: { text: 'You can return items within 30 days.', quick_replies: [{ content_type: 'text', title: 'When will I get my…', payload: 'entry:refund-timing' }] },
    });
  });

  it('answers the tapped quick reply', async () => {
    const tap = structuredClone(quickReply);
    Object.assign(tap.entry[0]!.messaging[0]!, { sender: { id: '7000000000000002' }, timestamp: Date.now() });
    await deliver(tap);
    await runtime.idle();
    expect(sent('7000000000000002')[0]!.json.message.text).toBe('Refunds arrive within 5 working days.');
  });

  it('ignores echoes of its own messages, so it never answers itself', async () => {
    await deliver(echo);
    await runtime.idle();
    expect(to('6789012345678901')).toHaveLength(0);
    expect(log.lines).toContainEqual(expect.objectContaining({ msg: 'webhook item ignored', fields: expect.objectContaining({ type: 'message_echo' }) }));
  });

  it('moves statuses forward by id and by watermark, never back', async () => {
    await deliver(textFrom('7000000000000003', 'Where is my order?', 'm_IN-3'));
    await runtime.idle();
    const [{ provider_id: id }] = await tb.db.query<{ provider_id: string }>("select provider_id from channel_deliveries where user_id = '7000000000000003'");
    const read = { object: 'page', entry: [{ id: PAGE, time: Date.now(), messaging: [{ sender: { id: '7000000000000003' }, recipient: { id: PAGE }, timestamp: Date.now(), read: { watermark: Date.now() + 1000 } }] }] };
    const delivered = { object: 'page', entry: [{ id: PAGE, time: Date.now(), messaging: [{ sender: { id: '7000000000000003' }, recipient: { id: PAGE }, timestamp: Date.now(), delivery: { mids: [id], watermark: Date.now() } }] }] };
    await deliver(read);
    await runtime.idle();
    await deliver(delivered);
    await runtime.idle();
    expect((await tb.channels.delivery('messenger', id!))?.status).toBe('read');
  });

  it('answers a webhook delivered twice once', async () => {
    const p = textFrom('7000000000000004', 'How much does delivery cost?', 'm_IN-4');
    await Promise.all([deliver(p), deliver(p)]);
    await runtime.idle();
    expect(sent('7000000000000004')).toHaveLength(1);
  });

  it('refuses bad signatures storing nothing, malformed JSON, 10 MB bodies; logs unknown events', async () => {
    const p = textFrom('7000000000000005', 'Where is my order?', 'm_IN-5');
    expect((await post(`${server.url}/webhooks/messenger`, metaJson(p), { 'content-type': 'application/json' })).status).toBe(401);
    expect((await deliver(p, 'wrong')).status).toBe(403);
    await runtime.idle();
    expect(to('7000000000000005')).toHaveLength(0);
    expect(await tb.channels.seen('messenger', '7000000000000005', 'm_IN-5')).toBe(false);
    expect(await tb.channels.customerOf('messenger', '7000000000000005')).toBeUndefined();
    const broken = '{"object":"page","entry":[{';
    expect((await post(`${server.url}/webhooks/messenger`, broken, { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(SECRET, broken) })).status).toBe(400);
    expect((await post(`${server.url}/webhooks/messenger`, hugeBody(), { 'content-type': 'application/json', 'x-hub-signature-256': 'sha256=00' })).status).toBe(413);
    expect((await deliver(attachment)).status).toBe(200);
    await runtime.idle();
    // The reaction is on a message this page never sent: not counted, and said so.
    expect(log.lines).toContainEqual(expect.objectContaining({ msg: 'reaction not counted', fields: expect.objectContaining({ channel: 'messenger', known: false }) }));
  });

  it('retries 5xx, then gives up and records the failure', async () => {
    fake.respondWith((r) => (r.json?.message ? { status: 503, body: { error: { code: 2, message: 'temporarily unavailable' } } } : graph(r)));
    await deliver(textFrom('7000000000000006', 'Where is my order?', 'm_IN-6'));
    await runtime.idle();
    expect(sent('7000000000000006')).toHaveLength(3);
    expect((await tb.channels.failures({ channel: 'messenger' })).find((f) => f.userId === '7000000000000006')).toMatchObject({ httpStatus: 503, retryable: true, attempts: 3 });
  });

  it('outside the 24-hour window refuses the bot, and tags an agent\'s reply HUMAN_AGENT (7 days)', async () => {
    const psid = '7000000000000007';
    const customerId = await tb.channels.ensureIdentity('messenger', psid);
    await tb.channels.touchWindow(customerId, 'messenger', new Date(Date.now() - 30 * 3_600_000));
    const msg = (id: string, role: 'bot' | 'agent') => ({ id, conversationId: 'c', seq: 1, role, text: 'Your parcel is on its way.', channel: 'messenger', createdAt: new Date() });
    const [bot] = await runtime.send({ channel: 'messenger', userId: psid }, [msg('ms-bot-1', 'bot')]);
    expect(bot).toMatchObject({ ok: false });
    expect(bot!.error).toMatch(/24-hour customer service window/);
    const [agent] = await runtime.send({ channel: 'messenger', userId: psid }, [msg('ms-agent-1', 'agent')]);
    expect(agent!.ok).toBe(true);
    expect(sent(psid).map((r) => r.json)).toEqual([{ recipient: { id: psid }, messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT', message: { text: 'Your parcel is on its way.' } }]);

    await tb.channels.touchWindow(customerId, 'messenger', new Date(Date.now() - 1000));
    fake.respondWith(() => ({ status: 400, body: outsideWindow }));
    const [refused] = await runtime.send({ channel: 'messenger', userId: psid }, [msg('ms-bot-2', 'bot')]);
    expect(refused!.error).toMatch(/outside of allowed window/);
    expect((await tb.channels.failures({ messageId: 'ms-bot-2' }))[0]).toMatchObject({ providerCode: '10', retryable: false });
  });
});
