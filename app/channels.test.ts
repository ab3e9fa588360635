import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hugeBody, memoryLogger, metaJson, metaSignature, post, twilioSigned, type FakeProvider } from '../adapters/test-support.ts';
import { readCells, refreshRollups, sumCounters } from '../analytics/index.ts';
import type { RunningApp } from './app.ts';
import { mountChannels } from './channels.ts';
import { loadConfig } from './config.ts';
import { CHANNEL_ENV, connectChat, startChannelsApp } from './test-support.ts';

const ENV = CHANNEL_ENV;
const ACCOUNT = CHANNEL_ENV.TWILIO_ACCOUNT_SID;

/**
 * The whole product with every channel configured from the environment, the providers faked on
 * 127.0.0.1: routes, raw-body handling next to the JSON API. The knowledge folder holds the small
 * bilingual fixture set, so the app starts in seconds rather than publishing the whole sample.
 */
describe('messaging channels in the running app', () => {
  let fake: FakeProvider;
  let app: RunningApp;
  let log: ReturnType<typeof memoryLogger>;
  let running: Awaited<ReturnType<typeof startChannelsApp>>;

  beforeAll(async () => {
    running = await startChannelsApp('faqbot-channels-');
    ({ app, fake, log } = running);
  }, 300_000);
  afterAll(async () => {
    await running?.close();
  });

  it('mounts every configured channel, registers its adapter for agents\' replies, and says so', () => {
    expect(app.channels.mounted).toEqual(['sms', 'twilio-whatsapp', 'whatsapp', 'messenger', 'botframework']);
    for (const channel of app.channels.mounted) expect(app.adapters.get(channel)?.channel).toBe(channel);
    expect(log.lines).toContainEqual(expect.objectContaining({ msg: 'channels mounted' }));
    expect(log.lines).toContainEqual(expect.objectContaining({ level: 'warn', msg: expect.stringMatching(/Bot Framework endpoint \/api\/messages runs without MICROSOFT_APP_ID/) }));
  });

  it('answers an SMS signed for PUBLIC_URL from the knowledge base, with a status callback', async () => {
    const params = { MessageSid: `SM${'2'.repeat(32)}`, AccountSid: ACCOUNT, From: '+48601000111', To: '+14155550100', Body: 'How do I return an item?', NumMedia: '0' };
    const { body, signature } = twilioSigned(ENV.TWILIO_AUTH_TOKEN, 'https://bot.example.com/webhooks/twilio', params);
    const res = await post(`${app.url}/webhooks/twilio`, body, { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature });
    expect(res.status).toBe(200);
    await app.channels.runtime.idle();
    const sent = fake.requests.find((r) => r.form?.To === '+48601000111');
    expect(sent!.form).toMatchObject({ From: '+14155550100', StatusCallback: 'https://bot.example.com/webhooks/twilio/status' });
    expect(sent!.form!.Body).toMatch(/30 days/i);
  });

  it('answers WhatsApp and Messenger through the raw-body routes, while the JSON API keeps working', async () => {
    const wa = metaJson({ object: 'whatsapp_business_account', entry: [{ id: 'waba', changes: [{ field: 'messages', value: {
      messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: ENV.WHATSAPP_PHONE_NUMBER_ID },
      contacts: [{ profile: { name: 'Zoë' }, wa_id: '48601000222' }],
      messages: [{ from: '48601000222', id: 'wamid.APP-1', timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: 'Jak mogę zwrócić produkt, który kupiłem?' } }],
    } }] }] });
    expect((await post(`${app.url}/webhooks/whatsapp`, wa, { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(ENV.WHATSAPP_APP_SECRET, wa) })).status).toBe(200);
    const ms = metaJson({ object: 'page', entry: [{ id: 'page', time: Date.now(), messaging: [{ sender: { id: '7100000000000001' }, recipient: { id: 'page' }, timestamp: Date.now(), message: { mid: 'm_APP-1', text: 'Where is my order?' } }] }] });
    expect((await post(`${app.url}/webhooks/messenger`, ms, { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(ENV.MESSENGER_APP_SECRET, ms) })).status).toBe(200);
    const api = await fetch(`${app.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'api-user-channels', text: 'Where is my order?' }) });
    expect(api.status).toBe(200);
    expect((await api.json()).replies[0].entryId).toBe('track-order');
    await app.channels.runtime.idle();
    const waReply = fake.requests.find((r) => r.json?.to === '48601000222');
    expect(waReply!.headers.authorization).toBe('Bearer wa-token');
    expect(JSON.stringify(waReply!.json)).toMatch(/30 dni/);
    expect(fake.requests.find((r) => r.json?.recipient?.id === '7100000000000001' && r.json?.message)).toBeDefined();
  });

  it('counts a 👎 on a WhatsApp answer as "not helpful", as the web chat\'s button does; a 😂 says nothing; a reaction taken back or replaced counts no more', async () => {
    const signed = (value: object) => {
      const body = metaJson({ object: 'whatsapp_business_account', entry: [{ id: 'waba', changes: [{ field: 'messages', value: {
        messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: ENV.WHATSAPP_PHONE_NUMBER_ID }, ...value,
      } }] }] });
      return post(`${app.url}/webhooks/whatsapp`, body, { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(ENV.WHATSAPP_APP_SECRET, body) });
    };
    const now = String(Math.floor(Date.now() / 1000));
    await signed({ messages: [{ from: '48601000333', id: 'wamid.REACT-1', timestamp: now, type: 'text', text: { body: 'How do I reset my password?' } }] });
    await app.channels.runtime.idle();
    const [sent] = await app.store.db.query<{ provider_id: string; message_id: string }>("select provider_id, message_id from channel_deliveries where channel = 'whatsapp' and user_id = '48601000333'");
    expect((await app.store.message(sent!.message_id))?.entryId).toBe('reset-password');
    const react = (id: string, emoji: string) => signed({ messages: [{ from: '48601000333', id, timestamp: now, type: 'reaction', reaction: { message_id: sent!.provider_id, emoji } }] });
    expect((await react('wamid.REACT-2', '😂')).status).toBe(200);
    await app.channels.runtime.idle();
    expect((await app.admin.feedbackOf([sent!.message_id])).size).toBe(0);
    expect((await react('wamid.REACT-3', '👎🏽')).status).toBe(200);
    await app.channels.runtime.idle();
    expect(await app.admin.feedbackOf([sent!.message_id])).toEqual(new Map([[sent!.message_id, false]]));
    // The question is in the editors' inbox, as after the web chat's "not helpful".
    const inbox = await app.store.db.query<{ text: string; reason: string }>("select text, reason from unanswered_questions where conversation_id = (select conversation_id from messages where id = $1)", [sent!.message_id]);
    expect(inbox).toContainEqual(expect.objectContaining({ text: 'How do I reset my password?', reason: 'unhelpful' }));

    // Taken back (WhatsApp sends the reaction again with an empty emoji): no verdict, out of the
    // inbox, and the analytics count it no more.
    const downVotes = async () => {
      await refreshRollups(app.store.db);
      const day = new Date().toISOString().slice(0, 10);
      return sumCounters(await readCells(app.store.db, { from: day, to: day }))['feedback.down'] ?? 0;
    };
    expect(await downVotes()).toBe(1);
    expect((await react('wamid.REACT-4', '')).status).toBe(200);
    await app.channels.runtime.idle();
    expect((await app.admin.feedbackOf([sent!.message_id])).size).toBe(0);
    const after = await app.store.db.query<{ reason: string }>("select reason from unanswered_questions where message_id = (select reply_to from messages where id = $1)", [sent!.message_id]);
    expect(after.map((q) => q.reason)).not.toContain('unhelpful');
    expect(await downVotes()).toBe(0);

    // A 👍 replaced by a 😮 (one reaction per customer and message): the 👍 no longer counts.
    await react('wamid.REACT-5', '👍');
    await app.channels.runtime.idle();
    expect(await app.admin.feedbackOf([sent!.message_id])).toEqual(new Map([[sent!.message_id, true]]));
    await react('wamid.REACT-6', '😮');
    await app.channels.runtime.idle();
    expect((await app.admin.feedbackOf([sent!.message_id])).size).toBe(0);
  });

  it('serves the subscription check, refuses unsigned posts, and answers 413 to 10 MB', async () => {
    const ok = await fetch(`${app.url}/webhooks/messenger?hub.mode=subscribe&hub.verify_token=ms-verify&hub.challenge=31337`);
    expect(await ok.text()).toBe('31337');
    expect((await post(`${app.url}/webhooks/whatsapp`, '{}', { 'content-type': 'application/json' })).status).toBe(401);
    expect((await post(`${app.url}/webhooks/whatsapp`, hugeBody(), { 'content-type': 'application/json', 'x-hub-signature-256': 'sha256=00' })).status).toBe(413);
  });

  it('serves Bot Framework locally (Emulator mode) on /api/messages', async () => {
    const activity = { type: 'message', id: 'emu-1', channelId: 'emulator', serviceUrl: fake.url, from: { id: 'emu-user', role: 'user' }, recipient: { id: 'bot' }, conversation: { id: 'emu-conv' }, text: 'How do I return an item?', locale: 'en-US' };
    expect((await post(`${app.url}/api/messages`, JSON.stringify(activity), { 'content-type': 'application/json' })).status).toBe(200);
    await app.channels.runtime.idle();
    const reply = fake.requests.find((r) => r.path === '/v3/conversations/emu-conv/activities' && r.json?.type === 'message');
    expect(reply!.json.text).toMatch(/30 days/i);
  });

  it('never shows a customer another customer\'s message when both use the same message id', async () => {
    const chat = (userId: string, text: string) => fetch(`${app.url}/api/chat`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId, text, messageId: 'msg-1' }),
    }).then(async (r) => ({ status: r.status, body: await r.json() as { conversationId: string; duplicate?: boolean; replies: Array<{ text: string }> } }));
    const alice = await chat('privacy-alice', 'How do I return an item? My address is 1 Main St');
    const bob = await chat('privacy-bob', 'How do I reset my password?');
    expect([alice.status, bob.status]).toEqual([200, 200]);
    expect(bob.body.duplicate).toBeFalsy();
    expect(bob.body.conversationId).not.toBe(alice.body.conversationId);
    expect(JSON.stringify(bob.body)).not.toMatch(/Main St|30 days/);
    const bobHistory = await app.store.transcript(bob.body.conversationId);
    expect(bobHistory[0]).toMatchObject({ role: 'customer', text: 'How do I reset my password?' });
    expect(bobHistory.length).toBeGreaterThan(1);
    // Alice's own retry is still a duplicate, answered with her replies.
    const again = await chat('privacy-alice', 'How do I return an item? My address is 1 Main St');
    expect(again.body).toMatchObject({ conversationId: alice.body.conversationId, duplicate: true });

    // The same on the web chat socket, where the widget's clientId is the message id.
    const ask = async (userId: string, text: string) => {
      const socket = await connectChat(app.url);
      socket.send({ type: 'hello', userId });
      await socket.next((f) => f.type === 'history');
      socket.send({ type: 'message', clientId: 'client-1', text });
      const ack = await socket.next((f) => f.type === 'ack' && f.clientId === 'client-1');
      const reply = await socket.next((f) => f.type === 'message' && f.message.role !== 'customer');
      socket.close();
      return { socket, ack, reply };
    };
    const first = await ask('privacy-web-alice-1', 'How do I return an item? I live at 1 Main St');
    const second = await ask('privacy-web-bob-01', 'How do I reset my password?');
    expect(second.ack.id).not.toBe(first.ack.id);
    expect(second.reply.message.id).not.toBe(first.reply.message.id);
    expect(JSON.stringify(second.socket.frames)).not.toMatch(/Main St/);
  });

  it('answers text with U+0000 without it, and refuses ids that hold one with 400, over the API and the socket', async () => {
    const chat = (body: unknown) => fetch(`${app.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      .then(async (r) => ({ status: r.status, body: await r.json() as Record<string, any> }));
    const answered = await chat({ userId: 'nul-api-user', text: 'How do I\u0000 return an item?' });
    expect(answered.status).toBe(200);
    expect(answered.body.replies[0].text).toMatch(/30 days/);
    expect((await app.store.transcript(answered.body.conversationId))[0]!.text).toBe('How do I return an item?');
    for (const bad of [{ userId: 'nul\u0000user', text: 'hi' }, { userId: 'nul-api-user', text: 'hi', messageId: 'm\u00001' }, { userId: 'nul-api-user', text: 'hi', entryId: 'e\u0000' }]) {
      const res = await chat(bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body.message).toMatch(/U\+0000/);
    }
    expect((await chat({ userId: 'nul-api-user', text: '\u0000\u0000' })).body.error).toBe('empty');

    const socket = await connectChat(app.url);
    socket.send({ type: 'hello', userId: 'nul-socket-user' });
    await socket.next((f) => f.type === 'history');
    socket.send({ type: 'message', clientId: 'c\u00001', text: 'hi' });
    expect(await socket.next((f) => f.type === 'error')).toMatchObject({ code: 'bad_frame' });
    socket.send({ type: 'message', clientId: 'nul-text', text: 'How do I\u0000 return an item?' });
    expect(await socket.next((f) => f.type === 'ack' && f.clientId === 'nul-text')).toBeDefined();
    expect((await socket.next((f) => f.type === 'message' && f.message.role === 'bot')).message.text).toMatch(/30 days/);
    socket.send({ type: 'ping' });
    expect(await socket.next((f) => f.type === 'pong')).toBeDefined();
    socket.close();
  });

  it('keeps answering health checks while a large WhatsApp batch is being answered', async () => {
    const messages = Array.from({ length: 120 }, (_, i) => ({ from: `4860200${String(i).padStart(4, '0')}`, id: `wamid.BATCH-${i}`, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: 'Where is my order?' } }));
    const batch = metaJson({ object: 'whatsapp_business_account', entry: [{ id: 'waba', changes: [{ field: 'messages', value: {
      messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: ENV.WHATSAPP_PHONE_NUMBER_ID }, messages,
    } }] }] });
    const res = await post(`${app.url}/webhooks/whatsapp`, batch, { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(ENV.WHATSAPP_APP_SECRET, batch) });
    expect(res.status).toBe(200);
    const health = await fetch(`${app.url}/api/health`);
    expect(health.status).toBe(200);
    // Answered while most of the batch still waits: the batch does not hold the event loop.
    expect(await app.channels.runtime.backlog()).toBeGreaterThan(60);
    await app.channels.runtime.idle();
    expect(fake.requests.filter((r) => String(r.json?.to ?? '').startsWith('4860200') && r.json?.type !== undefined && r.json?.status !== 'read').length).toBeGreaterThanOrEqual(120);
  }, 300_000);

  it('acknowledges one webhook of 2,000 messages at once (stored, answered later) and keeps /api/health quick', async () => {
    const messages = Array.from({ length: 2000 }, (_, i) => ({ from: `4860300${String(i).padStart(4, '0')}`, id: `wamid.BIG-${i}`, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: 'Where is my order?' } }));
    const batch = metaJson({ object: 'whatsapp_business_account', entry: [{ id: 'waba', changes: [{ field: 'messages', value: {
      messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: ENV.WHATSAPP_PHONE_NUMBER_ID }, messages,
    } }] }] });
    const before = await app.channels.runtime.backlog();
    const started = performance.now();
    const res = await post(`${app.url}/webhooks/whatsapp`, batch, { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(ENV.WHATSAPP_APP_SECRET, batch) });
    const ackMs = performance.now() - started;
    expect(res.status).toBe(200);
    // Every message is stored before the 200, none answered yet for most of them.
    expect(await app.channels.runtime.backlog()).toBeGreaterThan(before + 1500);
    const health: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      expect((await fetch(`${app.url}/api/health`)).status).toBe(200);
      health.push(performance.now() - t0);
    }
    console.log(`2,000-message WhatsApp webhook: acknowledged in ${Math.round(ackMs)} ms; /api/health while answering: max ${Math.round(Math.max(...health))} ms`);
    // Guards against a stall (the batch used to be answered before /api/health got a turn: 30 s),
    // sized for a shared 2-core machine at load 40, where this took 14 s and 4.5 s; the batch is
    // stored as one row whatever its size (about 1 s at load 50 from another process).
    expect(ackMs).toBeLessThan(30_000);
    expect(Math.max(...health)).toBeLessThan(10_000);
  });

  it('says it is ready once the database, the index and the model answer', async () => {
    const res = await fetch(`${app.url}/api/ready`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ready: true, checks: { database: true, index: true, model: true }, queued: expect.any(Number) });
  });

  it('does not mount a channel whose secrets are missing, and says which are missing', async () => {
    const bare = express();
    const lines = memoryLogger();
    const partial = loadConfig({ WHATSAPP_VERIFY_TOKEN: 'v', WHATSAPP_APP_SECRET: 's' });
    const mounted = mountChannels(bare, { bot: app.bot, store: app.store, config: partial, logger: lines });
    expect(mounted.mounted).toEqual(['botframework']);
    expect(lines.lines).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'channel whatsapp not mounted: missing WHATSAPP_ACCESS_TOKEN, WHATSAPP_PHONE_NUMBER_ID' }));
    expect(lines.lines).toContainEqual(expect.objectContaining({ level: 'info', msg: expect.stringMatching(/^channel sms not mounted: missing TWILIO_ACCOUNT_SID/) }));
    await mounted.close();
  });
});
