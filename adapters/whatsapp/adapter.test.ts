import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChannelRuntime } from '../core/runtime.ts';
import { hugeBody, memoryLogger, metaJson, metaSignature, post, startFakeProvider, startTestBot, startWebhookServer, type FakeProvider, type RecordedRequest } from '../test-support.ts';
import { WhatsAppAdapter, whatsappChannel } from './adapter.ts';
import reengagement from './fixtures/error-reengagement.json' with { type: 'json' };
import image from './fixtures/image.json' with { type: 'json' };
import listReply from './fixtures/list-reply.json' with { type: 'json' };
import sendResponse from './fixtures/send-response.json' with { type: 'json' };
import text from './fixtures/text.json' with { type: 'json' };

const SECRET = 'wa-app-secret-test';
const TOKEN = 'EAAG-test-access-token';
const PNID = '106540352242922';
const MESSAGES_PATH = `/v23.0/${PNID}/messages`;

/** A text message from `from`, shaped like text.json. */
function textFrom(from: string, body: string, id: string, at = Math.floor(Date.now() / 1000)) {
  const p = structuredClone(text);
  const v = p.entry[0]!.changes[0]!.value;
  v.contacts[0]!.wa_id = from;
  Object.assign(v.messages[0]!, { from, id, timestamp: String(at), text: { body } });
  return p;
}

/** Inbound WhatsApp Cloud API webhooks → bot → Graph API /messages, against a local fake Graph API. */
describe('whatsapp (Cloud API) end to end', () => {
  const log = memoryLogger();
  let tb: Awaited<ReturnType<typeof startTestBot>>;
  let fake: FakeProvider;
  let runtime: ChannelRuntime;
  let server: Awaited<ReturnType<typeof startWebhookServer>>;
  let n = 0;
  let channel: ReturnType<typeof whatsappChannel>;
  const wa = () => channel;
  const graph = (r: RecordedRequest) => (r.json?.status === 'read' ? { status: 200, body: { success: true } } : { status: 200, body: { ...sendResponse, messages: [{ id: `wamid.OUT-${++n}`, message_status: 'accepted' }] } });

  beforeAll(async () => {
    tb = await startTestBot();
    fake = await startFakeProvider(graph);
    const wa = channel = whatsappChannel({ verifyToken: 'verify-me', appSecret: SECRET, accessToken: TOKEN, phoneNumberId: PNID, graph: { base: fake.url, version: 'v23.0' } },
      { channels: tb.channels, logger: log, retry: { retries: 2, baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 2000 } });
    runtime = new ChannelRuntime({ bot: tb.bot, channels: tb.channels, adapters: wa.adapters, logger: log });
    server = await startWebhookServer(runtime, [wa.endpoint], { logger: log });
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
    return post(`${server.url}/webhooks/whatsapp`, raw, { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(secret, raw) });
  };
  const sentTo = (to: string) => fake.requests.filter((r) => r.path === MESSAGES_PATH && r.json?.to === to);

  it('answers Meta\'s subscription check', async () => {
    const ok = await fetch(`${server.url}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444`);
    expect([ok.status, await ok.text()]).toEqual([200, '1158201444']);
    const bad = await fetch(`${server.url}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1`);
    expect(bad.status).toBe(403);
  });

  it('marks the message read with typing, then answers in the customer\'s language with the bearer token', async () => {
    const res = await deliver(textFrom('48601000001', 'Jak mogę zapłacić za zamówienie?', 'wamid.IN-1'));
    expect(res.status).toBe(200);
    await runtime.idle();
    const [read, answer] = fake.requests.filter((r) => r.path === MESSAGES_PATH && (r.json?.message_id === 'wamid.IN-1' || r.json?.to === '48601000001'));
    expect(read!.json).toEqual({ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.IN-1', typing_indicator: { type: 'text' } });
    expect(answer!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(answer!.json).toMatchObject({ messaging_product: 'whatsapp', recipient_type: 'individual', to: '48601000001', type: 'text' });
    expect(answer!.json.text.body).toContain('BLIK');
    const delivery = await tb.channels.delivery('whatsapp', (await tb.db.query<{ provider_id: string }>("select provider_id from channel_deliveries where user_id = '48601000001'"))[0]!.provider_id);
    expect(delivery?.status).toBe('queued');
  });

  it('offers suggestions (a list when a title is too long for a button) and answers the tapped one', async () => {
    await deliver(textFrom('16505000002', 'How do I return an item?', 'wamid.IN-2'));
    await runtime.idle();
    const [first] = sentTo('16505000002');
    expect(first!.json.type).toBe('interactive');
    expect(first!.json.interactive).toMatchObject({
      type: 'list', body: { text: 'You can return items within 30 days.' },
      action: { button: 'Choose', sections: [{ rows: [{ id: 'entry:refund-timing', title: 'When will I get my refu…', description: 'When will I get my refund?' }] }] },
    });
    const tap = structuredClone(listReply);
    Object.assign(tap.entry[0]!.changes[0]!.value.messages[0]!, { from: '16505000002', id: 'wamid.IN-3' });
    tap.entry[0]!.changes[0]!.value.messages[0]!.interactive.list_reply = { id: 'entry:refund-timing', title: 'When will I get my refu…', description: 'When will I get my refund?' };
    await deliver(tap);
    await runtime.idle();
    expect(sentTo('16505000002')[1]!.json.text.body).toContain('Refunds arrive within 5 working days.');
  });

  it('tracks statuses per message and never moves one backwards', async () => {
    await deliver(textFrom('16505000003', 'Where is my order?', 'wamid.IN-4'));
    await runtime.idle();
    const [{ provider_id: id }] = await tb.db.query<{ provider_id: string }>("select provider_id from channel_deliveries where user_id = '16505000003'");
    const status = (s: string) => ({ object: 'whatsapp_business_account', entry: [{ id: 'waba', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '1', phone_number_id: PNID }, statuses: [{ id, status: s, timestamp: '1763898710', recipient_id: '16505000003' }] } }] }] });
    await deliver(status('delivered'));
    await deliver(status('sent'));
    await runtime.idle();
    expect((await tb.channels.delivery('whatsapp', id!))?.status).toBe('delivered');
    await deliver(status('read'));
    await runtime.idle();
    expect((await tb.channels.delivery('whatsapp', id!))?.status).toBe('read');
  });

  it('answers a webhook delivered twice once', async () => {
    const payload = textFrom('16505000004', 'How much does delivery cost?', 'wamid.IN-5');
    await Promise.all([deliver(payload), deliver(payload)]);
    await runtime.idle();
    await deliver(payload);
    await runtime.idle();
    expect(sentTo('16505000004')).toHaveLength(1);
  });

  it('refuses bad signatures (401/403) storing nothing, malformed JSON (400), 10 MB (413)', async () => {
    const payload = textFrom('16505000005', 'Where is my order?', 'wamid.IN-6');
    const raw = metaJson(payload);
    expect((await post(`${server.url}/webhooks/whatsapp`, raw, { 'content-type': 'application/json' })).status).toBe(401);
    expect((await deliver(payload, 'not-the-secret')).status).toBe(403);
    await runtime.idle();
    expect(fake.requests.some((r) => r.json?.to === '16505000005' || r.json?.message_id === 'wamid.IN-6')).toBe(false);
    expect(await tb.channels.customerOf('whatsapp', '16505000005')).toBeUndefined();
    expect(await tb.channels.seen('whatsapp', '16505000005', 'wamid.IN-6')).toBe(false);

    const broken = '{"object":"whatsapp_business_account","entry":[';
    expect((await post(`${server.url}/webhooks/whatsapp`, broken, { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(SECRET, broken) })).status).toBe(400);
    expect((await post(`${server.url}/webhooks/whatsapp`, hugeBody(), { 'content-type': 'application/json', 'x-hub-signature-256': 'sha256=00' })).status).toBe(413);
  });

  it('answers a photo once and fetches it for an agent with the access token; an expired id is none', async () => {
    const photo = structuredClone(image);
    const m = photo.entry[0]!.changes[0]!.value.messages[0]!;
    Object.assign(m, { from: '16505000019', id: 'wamid.IN-PHOTO', timestamp: String(Math.floor(Date.now() / 1000)), image: { mime_type: 'image/jpeg', sha256: 'x', id: 'media-9' } });
    expect((await deliver(photo)).status).toBe(200);
    await runtime.idle();
    expect(sentTo('16505000019')).toHaveLength(1);
    expect(JSON.stringify(sentTo('16505000019')[0]!.json)).toMatch(/can't look at photos/);
    fake.respondWith((r) => (r.path === '/v23.0/media-9' ? { status: 200, body: { url: `${fake.url}/download/media-9`, mime_type: 'image/jpeg', file_size: 4, id: 'media-9' } }
      : r.path === '/download/media-9' ? { status: 200, body: 'JPEG', headers: { 'content-type': 'image/jpeg' } }
        : { status: 400, body: { error: { code: 100, message: 'Unsupported get request' } } }));
    const adapter = wa().adapters.find((a) => a.channel === 'whatsapp')!;
    expect(await adapter.media!('media-9')).toEqual({ bytes: Buffer.from('JPEG'), contentType: 'image/jpeg' });
    const calls = fake.requests.filter((r) => r.path.endsWith('media-9'));
    expect(calls.map((r) => r.headers.authorization)).toEqual([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`]);
    expect(await adapter.media!('media-expired')).toBeUndefined();
  });

  it('acknowledges unknown message types with 200 and a log line', async () => {
    const reaction = structuredClone(image);
    reaction.entry[0]!.changes[0]!.value.messages[0] = { ...reaction.entry[0]!.changes[0]!.value.messages[0]!, type: 'reaction', image: undefined } as never;
    expect((await deliver(reaction)).status).toBe(200);
    await runtime.idle();
    expect(log.lines).toContainEqual(expect.objectContaining({ msg: 'webhook item ignored', fields: expect.objectContaining({ channel: 'whatsapp', type: 'reaction' }) }));
  });

  it('retries throttling (HTTP 400 with code 130429) and 5xx, then gives up and records', async () => {
    let calls = 0;
    fake.respondWith((r) => (r.json?.to === '16505000006' && ++calls <= 2 ? { status: calls === 1 ? 400 : 502, body: { error: { code: 130429, message: 'Rate limit hit' } } } : graph(r)));
    await deliver(textFrom('16505000006', 'Where is my order?', 'wamid.IN-7'));
    await runtime.idle();
    expect(sentTo('16505000006')).toHaveLength(3);
    expect((await tb.channels.failures({ channel: 'whatsapp' })).some((f) => f.userId === '16505000006')).toBe(false);

    fake.respondWith((r) => (r.json?.to ? { status: 500, body: { error: { code: 2, message: 'Service temporarily unavailable' } } } : graph(r)));
    await deliver(textFrom('16505000007', 'Where is my order?', 'wamid.IN-8'));
    await runtime.idle();
    expect(sentTo('16505000007')).toHaveLength(3);
    expect((await tb.channels.failures({ channel: 'whatsapp' })).find((f) => f.userId === '16505000007')).toMatchObject({ httpStatus: 500, retryable: true, attempts: 3 });
  });

  it('records a provider refusal such as 131047 without retrying', async () => {
    fake.respondWith((r) => (r.json?.to ? { status: 400, body: reengagement } : graph(r)));
    await deliver(textFrom('16505000008', 'Where is my order?', 'wamid.IN-9'));
    await runtime.idle();
    expect(sentTo('16505000008')).toHaveLength(1);
    expect((await tb.channels.failures({ channel: 'whatsapp' })).find((f) => f.userId === '16505000008')).toMatchObject({ providerCode: '131047', retryable: false });
  });

  it('refuses a free-form send outside the 24-hour window, or sends the configured template instead', async () => {
    const user = '16505000009';
    const customerId = await tb.channels.ensureIdentity('whatsapp', user);
    await tb.channels.touchWindow(customerId, 'whatsapp', new Date(Date.now() - 25 * 3_600_000));
    const reply = { id: 'wa-agent-1', conversationId: 'c', seq: 1, role: 'agent' as const, text: 'We found your parcel.', channel: 'whatsapp', createdAt: new Date() };
    const [refused] = await runtime.send({ channel: 'whatsapp', userId: user }, [reply]);
    expect(refused!.ok).toBe(false);
    expect(refused!.error).toMatch(/outside the 24-hour customer service window/);
    expect(sentTo(user)).toHaveLength(0);

    const withTemplate = new WhatsAppAdapter({ verifyToken: 'v', appSecret: SECRET, accessToken: TOKEN, phoneNumberId: PNID, graph: { base: fake.url }, template: { name: 'reply_waiting', language: 'en_US' } }, { channels: tb.channels });
    const [sent] = await withTemplate.send({ channel: 'whatsapp', userId: user }, [{ ...reply, id: 'wa-agent-2' }]);
    expect(sent!.ok).toBe(true);
    expect(sentTo(user)[0]!.json).toMatchObject({ type: 'template', template: { name: 'reply_waiting', language: { code: 'en_US' } } });
  });

  it('links a WhatsApp number to the SMS customer with the same phone (configurable)', async () => {
    const smsCustomer = await tb.channels.ensureIdentity('sms', '+16505000010', { phone: '+16505000010', linkByPhone: true });
    await deliver(textFrom('16505000010', 'Where is my order?', 'wamid.IN-10'));
    await runtime.idle();
    expect(await tb.channels.customerOf('whatsapp', '16505000010')).toBe(smsCustomer);

    const separate = new ChannelRuntime({ bot: tb.bot, channels: tb.channels, adapters: runtime.adapter('whatsapp') ? [runtime.adapter('whatsapp')!] : [], linkByPhone: false });
    const smsOther = await tb.channels.ensureIdentity('sms', '+16505000011', { phone: '+16505000011', linkByPhone: true });
    const payload = textFrom('16505000011', 'Where is my order?', 'wamid.IN-11');
    const raw = Buffer.from(metaJson(payload));
    const { parseWhatsApp } = await import('./parse.ts');
    for (const item of parseWhatsApp(raw)) await separate.process(item);
    expect(await tb.channels.customerOf('whatsapp', '16505000011')).not.toBe(smsOther);
  });
});
