import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { t } from '../../bot/index.ts';
import { ChannelRuntime } from '../core/runtime.ts';
import { hugeBody, memoryLogger, post, startFakeProvider, startTestBot, startWebhookServer, twilioSigned, type FakeProvider } from '../test-support.ts';
import { twilioChannel } from './adapter.ts';
import inboundMms from './fixtures/inbound-mms.json' with { type: 'json' };
import inboundSms from './fixtures/inbound-sms.json' with { type: 'json' };
import inboundWhatsapp from './fixtures/inbound-whatsapp.json' with { type: 'json' };
import messageCreated from './fixtures/message-created.json' with { type: 'json' };
import optedOut from './fixtures/error-opted-out.json' with { type: 'json' };

const ACCOUNT = inboundSms.AccountSid;
const TOKEN = 'twilio-test-auth-token-0123456789';
const PUBLIC_URL = 'https://bot.example.com';
const MESSAGES_PATH = `/2010-04-01/Accounts/${ACCOUNT}/Messages.json`;

/** Inbound SMS → bot → Twilio Messages API, against a local fake of Twilio's REST API. */
describe('sms (Twilio) end to end', () => {
  const log = memoryLogger();
  let tb: Awaited<ReturnType<typeof startTestBot>>;
  let fake: FakeProvider;
  let channel: ReturnType<typeof twilioChannel>;
  let runtime: ChannelRuntime;
  let server: Awaited<ReturnType<typeof startWebhookServer>>;
  let sid = 0;
  const created = () => ({ status: 201, body: { ...messageCreated, sid: `SM${String(++sid).padStart(32, '0')}` } });

  beforeAll(async () => {
    tb = await startTestBot();
    fake = await startFakeProvider(created);
    const twilio = channel = twilioChannel(
      { accountSid: ACCOUNT, authToken: TOKEN, from: '+14155550100', apiBase: fake.url, statusCallbackUrl: `${PUBLIC_URL}/webhooks/twilio/status` },
      { channels: tb.channels, logger: log, retry: { retries: 2, baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 2000 } });
    runtime = new ChannelRuntime({
      bot: tb.bot, channels: tb.channels, adapters: twilio.adapters, logger: log,
      languageOf: async (customerId, channel) => (await tb.store.conversationFor(customerId, channel)).lang,
    });
    server = await startWebhookServer(runtime, [twilio.endpoint], { publicUrl: PUBLIC_URL, logger: log });
  });
  afterAll(async () => {
    await server?.close();
    await runtime?.close();
    await fake?.close();
    await tb?.cleanup();
  });
  beforeEach(() => {
    fake.respondWith(created);
  });

  let n = 0;
  /** An inbound message from `from`, signed as Twilio signs it. */
  const inbound = (from: string, body: string, extra: Record<string, string> = {}) => {
    const messageSid = `SM${String(++n).padStart(6, '0')}${'a'.repeat(26)}`;
    return { ...inboundSms, From: from, Body: body, MessageSid: messageSid, SmsMessageSid: messageSid, SmsSid: messageSid, ...extra };
  };
  const send = async (params: Record<string, string>, path = '/webhooks/twilio') => {
    const { body, signature } = twilioSigned(TOKEN, `${PUBLIC_URL}${path}`, params);
    return post(`${server.url}${path}`, body, { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature });
  };
  const sentTo = (to: string) => fake.requests.filter((r) => r.path === MESSAGES_PATH && r.form?.To === to);

  it('answers the webhook at once with empty TwiML, then replies through the Messages API', async () => {
    const res = await send(inbound('+14155550001', 'How do I return an item?'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/xml/);
    expect(res.text).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    await runtime.idle();
    const [call] = sentTo('+14155550001');
    expect(call).toBeDefined();
    expect(call!.method).toBe('POST');
    expect(call!.headers.authorization).toBe(`Basic ${Buffer.from(`${ACCOUNT}:${TOKEN}`).toString('base64')}`);
    expect(call!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(call!.form).toMatchObject({ To: '+14155550001', From: '+14155550100', StatusCallback: `${PUBLIC_URL}/webhooks/twilio/status` });
    expect(call!.form!.Body).toContain('You can return items within 30 days.');
    expect(call!.form!.Body).toContain('Reply with a number:\n1. When will I get my refund?');
  });

  it('reads a numbered reply as picking that suggestion', async () => {
    await send(inbound('+14155550002', 'How do I return an item?'));
    await runtime.idle();
    await send(inbound('+14155550002', '1'));
    await runtime.idle();
    const bodies = sentTo('+14155550002').map((r) => r.form!.Body);
    expect(bodies).toHaveLength(2);
    expect(bodies[1]).toContain('Refunds arrive within 5 working days.');
  });

  it('records delivery statuses and never moves one backwards', async () => {
    await send(inbound('+14155550003', 'Where is my order?'));
    await runtime.idle();
    const providerId = (await tb.db.query<{ provider_id: string }>("select provider_id from channel_deliveries where user_id = '+14155550003'"))[0]!.provider_id;
    expect((await tb.channels.delivery('sms', providerId))?.status).toBe('queued');
    const status = (s: string) => ({ SmsSid: providerId, SmsStatus: s, MessageStatus: s, To: '+14155550003', MessageSid: providerId, AccountSid: ACCOUNT, From: '+14155550100', ApiVersion: '2010-04-01' });
    for (const s of ['delivered', 'sent', 'sending']) expect((await send(status(s), '/webhooks/twilio/status')).status).toBe(200);
    await runtime.idle();
    expect((await tb.channels.delivery('sms', providerId))?.status).toBe('delivered');
  });

  it('answers a webhook delivered twice once', async () => {
    const params = inbound('+14155550004', 'How much does delivery cost?');
    const [a, b] = await Promise.all([send(params), send(params)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await runtime.idle();
    await send(params);
    await runtime.idle();
    expect(sentTo('+14155550004')).toHaveLength(1);
  });

  it('handles STOP, START and HELP without the FAQ, and sends nothing while opted out', async () => {
    const user = '+14155550005';
    await send(inbound(user, 'STOP'));
    await runtime.idle();
    expect(sentTo(user)).toHaveLength(0);
    const customerId = (await tb.channels.customerOf('sms', user))!;
    expect(await tb.channels.isOptedOut(customerId, 'sms')).toBe(true);

    await send(inbound(user, 'Where is my order?'));
    await runtime.idle();
    expect(sentTo(user)).toHaveLength(0);
    const failures = await tb.channels.failures({ channel: 'sms' });
    expect(failures.find((f) => f.userId === user)?.error).toMatch(/opted out/);

    await send(inbound(user, 'START'));
    await send(inbound(user, 'HELP'));
    await runtime.idle();
    expect(await tb.channels.isOptedOut(customerId, 'sms')).toBe(false);
    const help = sentTo(user);
    expect(help).toHaveLength(1);
    expect(help[0]!.form!.Body).toMatch(/Reply STOP/);
    // Keywords never reach the transcript as questions.
    const conv = await tb.store.conversationFor(customerId, 'sms');
    expect((await tb.store.transcript(conv.id)).map((m) => m.text)).not.toContain('STOP');
  });

  it('answers HELP in the language of the customer\'s conversation', async () => {
    const user = '+14155550015';
    await send(inbound(user, 'Jak mogę zwrócić produkt, który kupiłem?'));
    await runtime.idle();
    await send(inbound(user, 'HELP'));
    await runtime.idle();
    const help = sentTo(user).at(-1)!.form!.Body;
    expect(help).toBe(t('sms.help', 'pl'));
    expect(help).toMatch(/^To nasza automatyczna infolinia/);
  });

  it('records an opt-out Twilio reports (error 21610)', async () => {
    const user = '+14155550006';
    fake.respondWith(() => ({ status: 400, body: optedOut }));
    await send(inbound(user, 'Where is my order?'));
    await runtime.idle();
    const [failure] = (await tb.channels.failures({ channel: 'sms' })).filter((f) => f.userId === user);
    expect(failure).toMatchObject({ httpStatus: 400, providerCode: '21610', retryable: false, attempts: 1 });
    expect(await tb.channels.isOptedOut((await tb.channels.customerOf('sms', user))!, 'sms')).toBe(true);
  });

  it('retries 429 and 5xx with backoff, then sends', async () => {
    const user = '+14155550007';
    let calls = 0;
    fake.respondWith((r) => (r.form?.To === user && ++calls <= 2 ? { status: calls === 1 ? 429 : 503, body: { code: 20429, message: 'Too Many Requests' }, headers: { 'retry-after': '0' } } : created()));
    await send(inbound(user, 'Where is my order?'));
    await runtime.idle();
    expect(sentTo(user)).toHaveLength(3);
    expect((await tb.channels.failures({ channel: 'sms' })).filter((f) => f.userId === user)).toEqual([]);
  });

  it('gives up after the last retry and records the failure', async () => {
    const user = '+14155550008';
    fake.respondWith(() => ({ status: 500, body: { code: 20500, message: 'Internal Server Error' } }));
    await send(inbound(user, 'Where is my order?'));
    await runtime.idle();
    expect(sentTo(user)).toHaveLength(3);
    const [failure] = (await tb.channels.failures({ channel: 'sms' })).filter((f) => f.userId === user);
    expect(failure).toMatchObject({ httpStatus: 500, retryable: true, attempts: 3 });
    expect(failure!.error).toMatch(/gave up after 3 attempts/);
  });

  it('refuses unsigned (401) and mis-signed (403) webhooks and stores nothing', async () => {
    const params = inbound('+14155550009', 'How do I return an item?');
    const body = new URLSearchParams(params).toString();
    const unsigned = await post(`${server.url}/webhooks/twilio`, body, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(unsigned.status).toBe(401);
    const forged = await post(`${server.url}/webhooks/twilio`, body, { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSigned('wrong-token', `${PUBLIC_URL}/webhooks/twilio`, params).signature });
    expect(forged.status).toBe(403);
    await runtime.idle();
    expect(sentTo('+14155550009')).toHaveLength(0);
    expect(await tb.channels.customerOf('sms', '+14155550009')).toBeUndefined();
    expect(await tb.channels.seen('sms', '+14155550009', params.MessageSid)).toBe(false);
  });

  it('answers 400 to a malformed form and 413 to a 10 MB body', async () => {
    const malformed = await post(`${server.url}/webhooks/twilio`, 'Body=%E0%A4%A&From=%2B1', { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'c2lnbmF0dXJl' });
    expect(malformed.status).toBe(400);
    const huge = await post(`${server.url}/webhooks/twilio`, hugeBody(), { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'c2lnbmF0dXJl' });
    expect(huge.status).toBe(413);
  });

  it('answers a photo sent alone once, saying it cannot look at it, and keeps the photo with the message', async () => {
    const res = await send({ ...inboundMms, From: '+14155550010' });
    expect(res.status).toBe(200);
    await runtime.idle();
    expect(sentTo('+14155550010')).toHaveLength(1);
    expect(sentTo('+14155550010')[0]!.form?.Body).toMatch(/can't look at photos/);
    const customer = (await tb.channels.customerOf('sms', '+14155550010'))!;
    const conversation = await tb.store.conversationFor(customer, 'sms');
    expect((await tb.store.transcript(conversation.id))[0]).toMatchObject({ role: 'customer', text: '', attachments: [{ kind: 'image', url: inboundMms.MediaUrl0, ref: 'MM3c2b1a0f9e8d7c6b5a4938271605f4e3/ME0f1e2d3c4b5a69788796a5b4c3d2e1f0' }] });
    // An agent opens it through the server, with the account's credentials (accounts may enforce HTTP auth on media links).
    const mediaPath = `/2010-04-01/Accounts/${ACCOUNT}/Messages/MM3c2b1a0f9e8d7c6b5a4938271605f4e3/Media/ME0f1e2d3c4b5a69788796a5b4c3d2e1f0`;
    fake.respondWith((r) => (r.path === mediaPath ? { status: 200, body: 'JPEG', headers: { 'content-type': 'image/jpeg' } } : { status: 404, body: { code: 20404, message: 'not found' } }));
    const sms = channel.adapters.find((a) => a.channel === 'sms')!;
    expect(await sms.media!('MM3c2b1a0f9e8d7c6b5a4938271605f4e3/ME0f1e2d3c4b5a69788796a5b4c3d2e1f0')).toEqual({ bytes: Buffer.from('JPEG'), contentType: 'image/jpeg' });
    expect(fake.requests.find((r) => r.path === mediaPath)!.headers.authorization).toBe(`Basic ${Buffer.from(`${ACCOUNT}:${TOKEN}`).toString('base64')}`);
    expect(await sms.media!('MM3c2b1a0f9e8d7c6b5a4938271605f4e3/ME00000000000000000000000000000000')).toBeUndefined();
    expect(await sms.media!('../../Messages.json')).toBeUndefined();
  });

  it('serves Twilio\'s WhatsApp sender through the same webhook, as the same customer as SMS', async () => {
    await send(inbound('+14155550011', 'How do I return an item?'));
    await runtime.idle();
    const wa = { ...inboundWhatsapp, From: 'whatsapp:+14155550011', WaId: '14155550011', MessageSid: `SM${'w'.repeat(32)}` };
    await send(wa);
    await runtime.idle();
    const [reply] = sentTo('whatsapp:+14155550011');
    expect(reply!.form).toMatchObject({ From: 'whatsapp:+14155238886' });
    expect(reply!.form!.Body).toContain('Track your order');
    const smsCustomer = await tb.channels.customerOf('sms', '+14155550011');
    expect(await tb.channels.customerOf('twilio-whatsapp', 'whatsapp:+14155550011')).toBe(smsCustomer);
    const conv = await tb.store.conversationFor(smsCustomer!, 'sms');
    expect((await tb.store.transcript(conv.id)).filter((m) => m.role === 'customer').map((m) => m.channel)).toEqual(['sms', 'twilio-whatsapp']);
  });

  it('refuses a free-form WhatsApp message outside the 24-hour window, naming it', async () => {
    const user = 'whatsapp:+14155550012';
    const customerId = await tb.channels.ensureIdentity('twilio-whatsapp', user);
    await tb.channels.touchWindow(customerId, 'twilio-whatsapp', new Date(Date.now() - 25 * 3_600_000));
    const agentReply = { id: 'agent-msg-1', conversationId: 'c', seq: 1, role: 'agent' as const, text: 'We found your parcel.', channel: 'twilio-whatsapp', createdAt: new Date() };
    const [result] = await runtime.send({ channel: 'twilio-whatsapp', userId: user }, [agentReply]);
    expect(result).toMatchObject({ ok: false });
    expect(result!.error).toMatch(/24-hour customer service window/);
    expect(sentTo(user)).toHaveLength(0);
    expect((await tb.channels.failures({ messageId: 'agent-msg-1' }))[0]?.error).toMatch(/24-hour/);
  });
});
