import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { phrase, type HandoffPacket } from '../../bot/index.ts';
import { consoleHarness, openEvents, type ConsoleHarness } from '../test-support.ts';
import { signWebhook } from './webhooks.ts';

/** A webhook receiver on 127.0.0.1 that checks signatures; `plan` decides each answer's status. */
async function receiver(secret: string, plan: (n: number) => number = () => 200) {
  const received: Array<{ event: string; delivery: string; body: any; signatureOk: boolean }> = [];
  let n = 0;
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const signatureOk = req.headers['x-signature-256'] === signWebhook(secret, raw);
      received.push({ event: String(req.headers['x-faqbot-event']), delivery: String(req.headers['x-faqbot-delivery']), body: JSON.parse(raw.toString('utf8')), signatureOk });
      res.statusCode = plan(++n);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const SECRET = 'test-webhook-secret-0123456789';

describe('the agent console API: a handoff from queue to resolution', () => {
  let h: ConsoleHarness;
  let hook: Awaited<ReturnType<typeof receiver>>;
  let alice: Awaited<ReturnType<ConsoleHarness['user']>>;
  let bob: Awaited<ReturnType<ConsoleHarness['user']>>;
  let aliceCookie: string;
  let bobCookie: string;

  beforeAll(async () => {
    hook = await receiver(SECRET, (n) => (n === 1 ? 503 : 200)); // the first delivery is retried
    h = await consoleHarness({ webhooks: { urls: [hook.url], secret: SECRET, baseDelayMs: 5, maxDelayMs: 20 } });
    alice = await h.user('agent', 'Alice');
    bob = await h.user('agent', 'Bob');
    aliceCookie = await h.signIn(alice.email, alice.password);
    bobCookie = await h.signIn(bob.email, bob.password);
  });
  afterAll(async () => {
    await h?.close();
    await hook?.close();
  });

  it('shows a new handoff live, with the packet, and tells the customer their place in the queue', async () => {
    const events = await openEvents(h.url, aliceCookie);
    expect(events.status).toBe(200);
    await events.next((e) => e.event === 'hello');

    const r = await h.customer('cust-1', 'Can you recommend a lasagne recipe?');
    expect(r.handoff).toBe(true);
    expect(r.replies.map((m) => m.role)).toEqual(['bot', 'system']);
    expect(r.replies[1]!.text).toBe('You are next in the queue. Stay here: your messages go straight to the person who picks this up.');
    const queued = await events.next((e) => e.event === 'change' && e.data.type === 'queued');
    expect(queued.data.conversationId).toBe(r.conversationId);

    const second = await h.customer('cust-2', 'talk to a human please');
    expect(second.replies.at(-1)!.text).toMatch(/You are number 2 in the queue/);

    const queue = await h.call('GET', '/api/admin/queue', { cookie: aliceCookie });
    expect(queue.body.conversations.map((c: any) => [c.id, c.position, c.status])).toEqual([[r.conversationId, 1, 'queued'], [second.conversationId, 2, 'queued']]);
    expect(queue.body.conversations[0]).toMatchObject({ reason: 'low-confidence', failedQuestion: 'Can you recommend a lasagne recipe?', customerName: 'Customer cust-1', channel: 'test' });

    const detail = await h.call('GET', `/api/admin/conversations/${r.conversationId}`, { cookie: aliceCookie });
    expect(detail.status).toBe(200);
    expect(detail.body.handoff).toMatchObject({ reason: 'low-confidence', attempts: [{ entryId: 'return-an-item', confidence: 0.05 }] });
    expect(detail.body.transcript.map((m: any) => m.role)).toEqual(['customer', 'bot', 'system']);
    expect(detail.body.transcript.map((m: any) => m.botAttempt)).toEqual([false, true, false]);
    expect(detail.body.customer.channels).toEqual([{ channel: 'test', address: 'cust-1' }]);
    events.close();
  });

  it('lets exactly one of two agents claiming at once win, and tells the customer who joined', async () => {
    const r = await h.customer('cust-race', 'I need a person');
    const [a, b] = await Promise.all([
      h.call('POST', `/api/admin/conversations/${r.conversationId}/claim`, { cookie: aliceCookie, body: {} }),
      h.call('POST', `/api/admin/conversations/${r.conversationId}/claim`, { cookie: bobCookie, body: {} }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body.message).toMatch(/held by/);
    const winner = a.status === 200 ? alice : bob;
    const conv = await h.store.conversation(r.conversationId);
    expect(conv).toMatchObject({ status: 'agent', assignee: winner.id });
    const told = h.adapter.sent.filter((s) => s.message.conversationId === r.conversationId).map((s) => s.message.text);
    expect(told).toEqual([`${winner.name} from our team has joined the conversation.`]);
  });

  it('stores agent replies before sending them through the customer\'s channel, and keeps the bot silent', async () => {
    const r = await h.customer('cust-reply', 'a person please');
    const events = await openEvents(h.url, aliceCookie);
    await events.next((e) => e.event === 'hello');
    expect((await h.call('POST', `/api/admin/conversations/${r.conversationId}/reply`, { cookie: aliceCookie, body: { text: 'too early' } })).status).toBe(403);
    expect((await h.call('POST', `/api/admin/conversations/${r.conversationId}/claim`, { cookie: aliceCookie, body: {} })).status).toBe(200);

    let storedFirst = false;
    h.adapter.beforeSend = async (m) => {
      if (m.role === 'agent') storedFirst = (await h.store.message(m.id))?.text === m.text;
    };
    const reply = await h.call('POST', `/api/admin/conversations/${r.conversationId}/reply`, { cookie: aliceCookie, body: { text: 'Hi, I am **Alice**. How can I help?' } });
    h.adapter.beforeSend = undefined;
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ message: { role: 'agent', html: '<p>Hi, I am <strong>Alice</strong>. How can I help?</p>' }, delivery: { ok: true } });
    expect(storedFirst).toBe(true);
    expect(h.adapter.sent.at(-1)).toMatchObject({ ref: { channel: 'test', userId: 'cust-reply' }, message: { role: 'agent' } });

    // Bob cannot answer Alice's customer.
    expect((await h.call('POST', `/api/admin/conversations/${r.conversationId}/reply`, { cookie: bobCookie, body: { text: 'me too' } })).status).toBe(403);

    // The customer's answer reaches the console live; the bot says nothing.
    const answer = await h.customer('cust-reply', 'How do I return an item?');
    expect(answer.replies).toEqual([]);
    const live = await events.next((e) => e.event === 'change' && e.data.type === 'message' && e.data.actor === 'customer');
    expect(live.data).toMatchObject({ conversationId: r.conversationId, messageId: answer.inbound!.id, status: 'agent' });
    events.close();
  });

  it('keeps internal notes away from the customer and escapes what customers type', async () => {
    const r = await h.customer('cust-xss', '<img src=x onerror=alert(1)> I want an agent');
    await h.call('POST', `/api/admin/conversations/${r.conversationId}/claim`, { cookie: aliceCookie, body: {} });
    const sentBefore = h.adapter.sent.length;
    const note = await h.call('POST', `/api/admin/conversations/${r.conversationId}/notes`, { cookie: aliceCookie, body: { text: 'VIP <b>customer</b>' } });
    expect(note.status).toBe(201);
    expect(h.adapter.sent.length).toBe(sentBefore);
    const d = await h.call('GET', `/api/admin/conversations/${r.conversationId}`, { cookie: bobCookie });
    expect(d.body.notes[0]).toMatchObject({ text: 'VIP <b>customer</b>', html: 'VIP &lt;b&gt;customer&lt;/b&gt;', authorName: 'Alice' });
    expect(d.body.transcript[0].html).toBe('&lt;img src=x onerror=alert(1)&gt; I want an agent');
    expect((await h.store.transcript(r.conversationId)).some((m) => m.text.includes('VIP'))).toBe(false);
  });

  it('says plainly when there is no knowledge base to take answers from (503), and refuses a signed-out caller', async () => {
    const r = await h.customer('cust-answers', 'I want an agent');
    const answers = await h.call('GET', `/api/admin/conversations/${r.conversationId}/answers`, { cookie: aliceCookie });
    expect(answers.status).toBe(503);
    expect(answers.body).toMatchObject({ error: 'not_configured' });
    expect((await h.call('GET', `/api/admin/conversations/${r.conversationId}/answers`)).status).toBe(401);
  });

  it('shows the agent the photos and files a customer sent, in the transcript and the handoff packet', async () => {
    const photo = { kind: 'image' as const, url: 'https://api.twilio.com/media/ME1', mime: 'image/jpeg' };
    const shown = await h.customer('cust-photo', '', [photo]);
    expect(shown.replies[0]!.text).toMatch(/can't look at photos/);
    const r = await h.customer('cust-photo', 'I want an agent');
    const d = await h.call('GET', `/api/admin/conversations/${r.conversationId}`, { cookie: aliceCookie });
    expect(d.body.transcript[0]).toMatchObject({ role: 'customer', text: '', attachments: [photo] });
    const packet = (await h.store.handoffs(r.conversationId))[0]!.packet as HandoffPacket;
    const activities = (packet.event.attachments![0]!.content as { activities: unknown[] }).activities;
    expect(activities[0]).toMatchObject({ text: '', attachments: [{ contentType: 'image/jpeg', contentUrl: photo.url }] });
  });

  it('opens media the channel keeps by id through the server: photos inline, anything else as a sandboxed download', async () => {
    const kept: Record<string, { bytes: Buffer; contentType: string }> = {
      'wa-photo': { bytes: Buffer.from('JPEG'), contentType: 'image/jpeg' },
      'wa-page': { bytes: Buffer.from('<script>alert(1)</script>'), contentType: 'text/html' },
    };
    h.adapter.media = async (ref) => {
      if (ref === 'wa-down') throw new Error('Graph API answered 502');
      return kept[ref];
    };
    try {
      const r = await h.customer('cust-media', 'see these', [{ kind: 'image', ref: 'wa-photo' }, { kind: 'file', ref: 'wa-page', name: 'order <1>.html' }, { kind: 'image', ref: 'wa-gone' }, { kind: 'image', ref: 'wa-down' }]);
      const get = (ref: string, cookie?: string) => fetch(`${h.url}/api/admin/conversations/${r.conversationId}/media/${ref}`, { headers: cookie ? { cookie } : {} });
      const photo = await get('wa-photo', aliceCookie);
      expect(photo.status).toBe(200);
      expect(Buffer.from(await photo.arrayBuffer()).toString()).toBe('JPEG');
      expect(photo.headers.get('content-type')).toBe('image/jpeg');
      expect(photo.headers.get('content-disposition')).toMatch(/^inline/);
      expect(photo.headers.get('content-security-policy')).toMatch(/sandbox/);
      const page = await get('wa-page', aliceCookie);
      expect(page.headers.get('content-type')).toBe('application/octet-stream');
      expect(page.headers.get('content-disposition')).toBe('attachment; filename="order_1_.html"');
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
      expect((await get('wa-gone', aliceCookie)).status).toBe(404);
      const down = await get('wa-down', aliceCookie);
      expect([down.status, (await down.json()).error, down.headers.get('retry-after')]).toEqual([503, 'provider_unavailable', '30']);
      // Only media of this conversation, and only for agents.
      expect((await get('wa-other', aliceCookie)).status).toBe(404);
      expect((await get('wa-photo')).status).toBe(401);
    } finally {
      delete h.adapter.media;
    }
  });

  it('sees a queued customer\'s messages live, and the conversation leave the queue when the customer cancels', async () => {
    const events = await openEvents(h.url, aliceCookie);
    await events.next((e) => e.event === 'hello');
    const r = await h.customer('cust-cancel', 'talk to a human please');
    await events.next((e) => e.event === 'change' && e.data.type === 'queued' && e.data.conversationId === r.conversationId);
    const waiting = await h.customer('cust-cancel', 'are you there?');
    expect(waiting.replies.map((m) => m.role)).toEqual(['system']);
    const seen = await events.next((e) => e.event === 'change' && e.data.type === 'message' && e.data.messageId === waiting.inbound!.id);
    expect(seen.data).toMatchObject({ conversationId: r.conversationId, status: 'queued' });
    const left = await h.customer('cust-cancel', 'never mind');
    expect(left.handoff).toBe(false);
    const returned = await events.next((e) => e.event === 'change' && e.data.type === 'returned' && e.data.conversationId === r.conversationId);
    expect(returned.data).toMatchObject({ status: 'bot', actor: 'customer' });
    const queue = await h.call('GET', '/api/admin/queue', { cookie: aliceCookie });
    expect(queue.body.conversations.map((c: any) => c.id)).not.toContain(r.conversationId);
    events.close();
  });

  it('transfers to a colleague, then resolves with a rating question; the bot answers again', async () => {
    const r = await h.customer('cust-life', 'agent please');
    await h.call('POST', `/api/admin/conversations/${r.conversationId}/claim`, { cookie: aliceCookie, body: {} });
    const t = await h.call('POST', `/api/admin/conversations/${r.conversationId}/transfer`, { cookie: aliceCookie, body: { agentId: bob.id, note: 'Bob knows billing' } });
    expect(t).toMatchObject({ status: 200, body: { status: 'agent', assignee: bob.id } });
    expect((await h.call('POST', `/api/admin/conversations/${r.conversationId}/resolve`, { cookie: aliceCookie, body: {} })).status).toBe(403);
    const res = await h.call('POST', `/api/admin/conversations/${r.conversationId}/resolve`, { cookie: bobCookie, body: { askRating: true } });
    expect(res).toMatchObject({ status: 200, body: { status: 'resolved' } });
    const told = h.adapter.sent.filter((s) => s.message.conversationId === r.conversationId).map((s) => s.message.text);
    // Changed: on resolution the customer is told they are back with the assistant, then asked for the rating.
    expect(told).toEqual(['Alice from our team has joined the conversation.', 'Bob from our team has joined the conversation.',
      phrase('backWithAssistant', 'en').text, 'How did we do? Reply with a number from 1 (poor) to 5 (excellent).']);
    // Resolving twice is refused with a clear error.
    const again = await h.call('POST', `/api/admin/conversations/${r.conversationId}/resolve`, { cookie: bobCookie, body: {} });
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/"resolved"/);

    const rating = await h.customer('cust-life', '5');
    expect(rating.replies[0]!.text).toMatch(/Thank you for your rating/);
    expect(await h.store.ratings(r.conversationId)).toMatchObject([{ score: 5, agentId: bob.id }]);
    const next = await h.customer('cust-life', 'How do I return an item?');
    expect(next.replies[0]).toMatchObject({ role: 'bot', entryId: 'return-an-item' });

    const d = await h.call('GET', `/api/admin/conversations/${r.conversationId}`, { cookie: aliceCookie });
    expect(d.body.history.map((e: any) => `${e.from}>${e.to}:${e.actorName}`)).toEqual([
      'bot>queued:bot', 'queued>agent:Alice', 'agent>agent:Alice', 'agent>resolved:Bob', 'resolved>bot:customer',
    ]);
    expect(d.body.notes.map((n: any) => n.text)).toEqual(['Bob knows billing']);
  });

  it('sends signed handoff.initiate and handoff.status events, retrying a failed delivery', async () => {
    await h.admin.webhooks!.idle();
    const byEvent = (name: string) => hook.received.filter((x) => x.event === name);
    expect(hook.received.every((x) => x.signatureOk)).toBe(true);
    const initiate = byEvent('handoff.initiate');
    expect(initiate.length).toBeGreaterThanOrEqual(5);
    expect(initiate[0]!.body).toMatchObject({ type: 'event', name: 'handoff.initiate', value: { reason: 'low-confidence' } });
    expect(initiate[0]!.body.attachments[0].content.activities.map((a: any) => a.text)).toEqual(['Can you recommend a lasagne recipe?', expect.stringMatching(/colleague/)]);
    const states = byEvent('handoff.status').map((x) => x.body.value.state);
    expect(states).toEqual(expect.arrayContaining(['accepted', 'completed']));
    // The first answer was 503: the same delivery id came again and is recorded as delivered on attempt 2.
    const firstId = hook.received[0]!.delivery;
    expect(hook.received.filter((x) => x.delivery === firstId)).toHaveLength(2);
    const conversationId = hook.received[0]!.body.conversation.id;
    const deliveries = await h.admin.webhooks!.deliveries(conversationId);
    expect(deliveries.find((d) => d.id === firstId)).toMatchObject({ status: 'delivered', attempts: 2, lastStatus: 200 });
  });
});

describe('the console when things go wrong', () => {
  let h: ConsoleHarness;
  let clock = new Date('2030-01-07T10:00:00Z'); // a Monday
  let cookie: string;
  const cleanups: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    h = await consoleHarness({
      now: () => clock, capabilities: { messagingWindowHours: 24 }, claimTimeoutSeconds: 120, sessionTtlHours: 24 * 30,
      businessHours: 'mon-fri 09:00-17:00', timeZone: 'Europe/Warsaw', sweepIntervalMs: 3_600_000,
    });
    const agent = await h.user('agent', 'Carol');
    cookie = await h.signIn(agent.email, agent.password);
  });
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('tells a customer outside opening hours to leave a message for the next shift', async () => {
    clock = new Date('2030-01-07T18:30:00Z'); // Monday 19:30 in Warsaw
    const r = await h.customer('late-1', 'I want to talk to a person');
    expect(r.handoff).toBe(true);
    expect(r.replies.at(-1)!.text).toMatch(/^Our team is away right now \(opening hours: Mon–Fri 09:00–17:00 \(Europe\/Warsaw\)\)\. Leave your message here: .* from Tuesday.*09:00/);
    expect((await h.store.conversation(r.conversationId))!.status).toBe('queued');
    // Nobody is nagged while the team is away.
    clock = new Date('2030-01-08T06:00:00Z');
    expect(await h.admin.desk.sweep()).toEqual([]);
    await h.call('POST', `/api/admin/conversations/${r.conversationId}/claim`, { cookie, body: {} });
  });

  it('tells the customer again and flags the conversation when nobody claims in time (counted from the opening)', async () => {
    const r = await h.customer('slow-1', 'a human please');
    // Queued before the shift began: the wait counts from Tuesday 09:00 in Warsaw (08:00 UTC).
    clock = new Date('2030-01-08T08:01:00Z');
    expect(await h.admin.desk.sweep()).toEqual([]);
    clock = new Date('2030-01-08T08:02:01Z');
    expect(await h.admin.desk.sweep()).toEqual([r.conversationId]);
    expect(await h.admin.desk.sweep()).toEqual([]); // told once, not on every sweep
    const told = h.adapter.sent.filter((s) => s.message.conversationId === r.conversationId).map((s) => s.message.text);
    expect(told).toEqual([expect.stringMatching(/^Sorry for the wait: .* still number 1 in the queue/)]);
    const queue = await h.call('GET', '/api/admin/queue', { cookie });
    expect(queue.body.conversations.find((c: any) => c.id === r.conversationId)).toMatchObject({ flagged: true });
    await h.call('POST', `/api/admin/conversations/${r.conversationId}/claim`, { cookie, body: {} });
    expect((await h.store.conversation(r.conversationId))!.flaggedAt).toBeUndefined();
  });

  it('shows when the channel window closes; a reply the channel then refuses is kept, flagged and explained', async () => {
    clock = new Date();
    const r = await h.customer('window-1', 'agent please');
    await h.call('POST', `/api/admin/conversations/${r.conversationId}/claim`, { cookie, body: {} });
    const lastCustomer = (await h.store.transcript(r.conversationId)).filter((m) => m.role === 'customer').at(-1)!;
    const closesAt = new Date(lastCustomer.createdAt.getTime() + 24 * 3600_000).toISOString();
    const d = await h.call('GET', `/api/admin/conversations/${r.conversationId}`, { cookie });
    expect(d.body.window).toEqual({ channel: 'test', hours: 24, open: true, closesAt });

    clock = new Date(lastCustomer.createdAt.getTime() + 25 * 3600_000);
    expect((await h.call('GET', `/api/admin/conversations/${r.conversationId}`, { cookie })).body.window).toEqual({ channel: 'test', hours: 24, open: false, closesAt });
    // The adapter decides (Messenger would still take an agent's reply; WhatsApp refuses a free-form one).
    const refusal = 'test: refused to send a free-form message outside the 24-hour customer service window';
    h.adapter.failResult = refusal;
    cleanups.push(async () => { h.adapter.failResult = undefined; });
    const res = await h.call('POST', `/api/admin/conversations/${r.conversationId}/reply`, { cookie, body: { text: 'Are you still there?' } });
    expect(res.status).toBe(201);
    expect(res.body.delivery).toMatchObject({ ok: false, code: 'window_closed', error: refusal });
    expect((await h.store.transcript(r.conversationId)).at(-1)).toMatchObject({ role: 'agent', text: 'Are you still there?' });
    const after = await h.call('GET', `/api/admin/conversations/${r.conversationId}`, { cookie });
    expect(after.body.notes.at(-1)).toMatchObject({ authorName: 'System', text: `Not delivered on test: ${refusal}` });

    // An adapter that throws is reported the same way, never as a crash.
    h.adapter.failResult = undefined;
    h.adapter.failWith = Object.assign(new Error('test: the customer opted out (STOP); message not sent'), { name: 'OptedOutError' });
    cleanups.push(async () => { h.adapter.failWith = undefined; });
    const thrown = await h.call('POST', `/api/admin/conversations/${r.conversationId}/reply`, { cookie, body: { text: 'Hello?' } });
    expect(thrown).toMatchObject({ status: 201, body: { delivery: { ok: false, code: 'opted_out' } } });
  });

  it('records a webhook that keeps failing, after its retries', async () => {
    const hook = await receiver(SECRET, () => 500);
    cleanups.push(hook.close);
    const pg = await consoleHarness({ webhooks: { urls: [hook.url], secret: SECRET, retries: 2, baseDelayMs: 1, maxDelayMs: 2 } });
    cleanups.push(pg.close);
    const r = await pg.customer('hook-1', 'a person please');
    await pg.admin.webhooks!.idle();
    expect(hook.received).toHaveLength(3);
    expect(await pg.admin.webhooks!.deliveries(r.conversationId)).toMatchObject([{ eventName: 'handoff.initiate', status: 'failed', attempts: 3, lastStatus: 500, lastError: 'HTTP 500' }]);
  });
});
