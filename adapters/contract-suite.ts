/**
 * The contract every channel adapter must meet, run against each implementation by
 * contract.test.ts (hono's `runTest({ newRouter, skip })` pattern). An implementation that cannot
 * meet a clause skips it by name, with the reason written down.
 */
import type express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationRef, StoredMessage } from '../bot/index.ts';
import type { ChannelStore } from './core/channel-store.ts';
import { MalformedPayloadError } from './core/errors.ts';
import type { RetryOptions } from './core/http.ts';
import { ChannelRuntime } from './core/runtime.ts';
import { post, startFakeProvider, startTestBot, startWebhookServer, type FakeProvider, type FakeResponse, type RecordedRequest } from './test-support.ts';
import type { ChannelAdapter, WebhookEndpoint, WebhookItem, WebhookRequest } from './types.ts';

/** An HTTP request as the provider would send it. */
export interface ProviderRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** What an implementation hands the suite. */
export interface ContractSubject {
  adapter: ChannelAdapter;
  endpoint: WebhookEndpoint;
  /** Mount the endpoint's routes the way the app does. */
  mount(app: express.Express, runtime: ChannelRuntime): void;
  /** A signed inbound text message from `userId`. */
  inbound(o: { userId: string; messageId: string; text: string }): ProviderRequest;
  /** The same request without its signature header (or token). */
  unsigned(r: ProviderRequest): ProviderRequest;
  /** The same request signed with the wrong secret. */
  forged(r: ProviderRequest): ProviderRequest;
  /** A body that does not parse, signed where the signature can be computed without parsing. */
  malformed(): ProviderRequest;
  /** Real payload fixtures and the kinds of items each must turn into, in order. */
  fixtures: Array<{ name: string; body: Buffer; kinds: Array<WebhookItem['kind']> }>;
  /** The fake provider's normal answer. */
  respond(r: RecordedRequest): FakeResponse;
  /** True for provider calls that carry a message (not typing, read receipts or key fetches). */
  isMessage(r: RecordedRequest): boolean;
  /** Text bodies in a message call, and how many tappable choices it carries. */
  texts(r: RecordedRequest): string[];
  choices(r: RecordedRequest): number;
  /** The links of the photos and files a message call carries. */
  files(r: RecordedRequest): string[];
  /** Where `userId` is reached (recording whatever the channel needs to reply there). */
  prepare(userId: string): Promise<ConversationRef>;
}

export interface ContractEnv {
  fake: FakeProvider;
  channels: ChannelStore;
  retry: RetryOptions;
  /** Base URL the provider signs (Twilio). */
  publicUrl: string;
}

export const CONTRACT_TESTS = [
  'parses every fixture into the expected items',
  'refuses a malformed body as MalformedPayloadError',
  'verify accepts a correctly signed request',
  'rejects a missing signature with 401 and stores nothing',
  'rejects a forged signature with 403 and stores nothing',
  'answers 400 to a malformed body',
  'keeps every outbound message within the channel limits',
  'declares capabilities that match what it does',
  'answers the same delivery twice only once',
  'answers and stores a message with U+0000 in its text, without it',
  'retries 5xx, then gives up and records the failure',
  'sends the photos and files an agent attaches, by their link',
] as const;
export type ContractTest = (typeof CONTRACT_TESTS)[number];

// One bot for every implementation in a file: building it (knowledge base, PGlite) is the slow part.
let sharedBot: ReturnType<typeof startTestBot> | undefined;
let cleanupRegistered = false;
function testBot(): ReturnType<typeof startTestBot> {
  sharedBot ??= startTestBot();
  return sharedBot;
}

/** Customers made by the suites so far (see `ids`). */
let contractCustomers = 0;

/** Run the contract for one implementation. */
export function runContractTests(o: { name: string; make(env: ContractEnv): ContractSubject | Promise<ContractSubject>; skip?: Array<{ reason: string; tests: ContractTest[] }> }): void {
  const skipped = new Map<string, string>();
  for (const s of o.skip ?? []) for (const t of s.tests) skipped.set(t, s.reason);
  if (!cleanupRegistered) {
    cleanupRegistered = true;
    afterAll(async () => (await sharedBot)?.cleanup());
  }
  const test = (name: ContractTest, fn: () => Promise<void> | void) => (skipped.has(name) ? it.skip(`${name} (skipped: ${skipped.get(name)})`, fn) : it(name, fn));

  describe(`channel contract: ${o.name}`, () => {
    let tb: Awaited<ReturnType<typeof startTestBot>>;
    let fake: FakeProvider;
    let subject: ContractSubject;
    let runtime: ChannelRuntime;
    let server: Awaited<ReturnType<typeof startWebhookServer>>;
    const retry = { retries: 2, baseDelayMs: 1, maxDelayMs: 5, timeoutMs: 2000 };
    const publicUrl = 'https://bot.example.com';
    // A customer per test across every adapter's suite: one phone number on SMS and WhatsApp is one
    // customer, who would otherwise ask the same question again (and get a pointer to the answer).
    const ids = () => ({ userId: `${100000 + ++contractCustomers}`, messageId: `contract-${o.name}-${contractCustomers}-${Date.now()}` });
    const send = (r: ProviderRequest) => post(`${server.url}${r.path}`, r.body, r.headers);
    const toWebhookRequest = (r: ProviderRequest): WebhookRequest => ({
      method: 'POST', url: `${publicUrl}${r.path}`, query: new URLSearchParams(),
      headers: Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k.toLowerCase(), v])), body: Buffer.from(r.body),
    });

    beforeAll(async () => {
      tb = await testBot();
      fake = await startFakeProvider();
      subject = await o.make({ fake, channels: tb.channels, retry, publicUrl });
      fake.respondWith((r) => subject.respond(r));
      runtime = new ChannelRuntime({ bot: tb.bot, channels: tb.channels, adapters: [subject.adapter] });
      server = await startWebhookServer(runtime, [], { publicUrl, mount: (app) => subject.mount(app, runtime) });
    });
    afterAll(async () => {
      await server?.close();
      await runtime?.close();
      await fake?.close();
    });

    test('parses every fixture into the expected items', () => {
      expect(subject.fixtures.length).toBeGreaterThan(0);
      for (const f of subject.fixtures) {
        const items = subject.endpoint.parse({ method: 'POST', url: publicUrl, headers: {}, query: new URLSearchParams(), body: f.body });
        expect(items.map((i) => i.kind), f.name).toEqual(f.kinds);
        for (const i of items) if (i.kind === 'event' || i.kind === 'control') expect(i.event.conversation.channel, f.name).toBeTruthy();
      }
    });

    test('refuses a malformed body as MalformedPayloadError', () => {
      expect(() => subject.endpoint.parse(toWebhookRequest(subject.malformed()))).toThrow(MalformedPayloadError);
    });

    test('verify accepts a correctly signed request', async () => {
      expect(await subject.endpoint.verify(toWebhookRequest(subject.inbound({ ...ids(), text: 'hello' })))).toEqual({ ok: true });
    });

    const refusedAndNothingStored = async (tamper: (r: ProviderRequest) => ProviderRequest, status: number) => {
      const { userId, messageId } = ids();
      const res = await send(tamper(subject.inbound({ userId, messageId, text: 'Where is my order?' })));
      expect(res.status).toBe(status);
      await runtime.idle();
      const stored = await tb.db.query('select 1 from inbound_events where external_id like $1', [`%${messageId}%`]);
      expect(stored).toEqual([]);
      expect(fake.requests.filter((r) => subject.isMessage(r) && JSON.stringify(r.json ?? r.form ?? '').includes(userId))).toEqual([]);
    };
    test('rejects a missing signature with 401 and stores nothing', () => refusedAndNothingStored((r) => subject.unsigned(r), 401));
    test('rejects a forged signature with 403 and stores nothing', () => refusedAndNothingStored((r) => subject.forged(r), 403));

    test('answers 400 to a malformed body', async () => {
      expect((await send(subject.malformed())).status).toBe(400);
    });

    test('keeps every outbound message within the channel limits', async () => {
      const ref = await subject.prepare(ids().userId);
      const customerId = await tb.channels.ensureIdentity(ref.channel, ref.userId);
      await tb.channels.touchWindow(customerId, ref.channel, new Date());
      const long = `${'Returns are accepted within thirty days when the item is unused and in its box. '.repeat(700)}THE END.`;
      const suggestions = Array.from({ length: 15 }, (_, i) => ({ entryId: `entry-${i}`, title: `A long suggested question number ${i} about returns` }));
      const message: StoredMessage = { id: `limits-${o.name}`, conversationId: 'c', seq: 1, role: 'bot', text: long, lang: 'en', channel: ref.channel, suggestions, createdAt: new Date() };
      fake.clear();
      const [result] = await subject.adapter.send(ref, [message]);
      expect(result!.ok).toBe(true);
      const calls = fake.requests.filter((r) => subject.isMessage(r));
      expect(calls.length).toBeGreaterThan(1);
      const { maxTextLength, maxSuggestions, suggestionStyle } = subject.adapter.capabilities;
      for (const c of calls) for (const t of subject.texts(c)) expect(t.length).toBeLessThanOrEqual(maxTextLength);
      const choices = calls.reduce((sum, c) => sum + subject.choices(c), 0);
      if (suggestionStyle === 'numbered-text') expect(choices).toBe(0);
      else expect(choices).toBe(Math.min(maxSuggestions, suggestions.length));
      const all = calls.flatMap((c) => subject.texts(c)).join(' ');
      expect(all).toContain('THE END.');
      expect(result!.providerIds).toHaveLength(calls.length);
    });

    test('declares capabilities that match what it does', () => {
      const c = subject.adapter.capabilities;
      expect(c.maxTextLength).toBeGreaterThan(0);
      expect(c.suggestionStyle === 'numbered-text').toBe(c.maxSuggestions === 0);
      expect(typeof subject.adapter.acknowledge === 'function').toBe(c.typingIndicator);
    });

    test('answers the same delivery twice only once', async () => {
      const { userId, messageId } = ids();
      const r = subject.inbound({ userId, messageId, text: 'How much does delivery cost?' });
      fake.clear();
      const [a, b] = await Promise.all([send(r), send(r)]);
      expect([a.status, b.status]).toEqual([200, 200]);
      await runtime.idle();
      expect((await send(r)).status).toBe(200);
      await runtime.idle();
      const answers = fake.requests.filter((x) => subject.isMessage(x));
      expect(answers).toHaveLength(1);
      expect(subject.texts(answers[0]!).join(' ')).toMatch(/Delivery is free over 50 EUR/);
    });

    test('answers and stores a message with U+0000 in its text, without it', async () => {
      const { userId, messageId } = ids();
      fake.clear();
      expect((await send(subject.inbound({ userId, messageId, text: 'How much does\u0000 delivery cost?' }))).status).toBe(200);
      await runtime.idle();
      const stored = await tb.db.query<{ text: string }>(
        'select m.text from inbound_events e join messages m on m.id = e.message_id where e.external_id like $1', [`%${messageId}%`]);
      expect(stored).toEqual([{ text: 'How much does delivery cost?' }]);
      const answers = fake.requests.filter((x) => subject.isMessage(x));
      expect(subject.texts(answers[0]!).join(' ')).toMatch(/Delivery is free over 50 EUR/);
    });

    test('retries 5xx, then gives up and records the failure', async () => {
      const ref = await subject.prepare(ids().userId);
      const customerId = await tb.channels.ensureIdentity(ref.channel, ref.userId);
      await tb.channels.touchWindow(customerId, ref.channel, new Date());
      fake.clear();
      fake.respondWith((r) => (subject.isMessage(r) ? { status: 503, body: { error: 'unavailable' } } : subject.respond(r)));
      const message: StoredMessage = { id: `retry-${o.name}`, conversationId: 'c', seq: 1, role: 'bot', text: 'Your parcel is on its way.', lang: 'en', channel: ref.channel, createdAt: new Date() };
      try {
        const [result] = await subject.adapter.send(ref, [message]);
        expect(result!.ok).toBe(false);
      } finally {
        fake.respondWith((r) => subject.respond(r));
      }
      expect(fake.requests.filter((r) => subject.isMessage(r))).toHaveLength(retry.retries + 1);
      expect(await tb.channels.failures({ messageId: message.id })).toMatchObject([{ httpStatus: 503, retryable: true, attempts: retry.retries + 1 }]);
    });

    test('sends the photos and files an agent attaches, by their link', async () => {
      const ref = await subject.prepare(ids().userId);
      const customerId = await tb.channels.ensureIdentity(ref.channel, ref.userId);
      await tb.channels.touchWindow(customerId, ref.channel, new Date());
      const photo = `${publicUrl}/files/af_photo-${o.name.length}`;
      const label = `${publicUrl}/files/af_label-${o.name.length}`;
      const message: StoredMessage = {
        id: `files-${o.name}`, conversationId: 'c', seq: 1, role: 'agent', text: 'Here is your return label, and a photo of the right part.', lang: 'en', channel: ref.channel, createdAt: new Date(),
        attachments: [
          { kind: 'image', ref: 'af_photo', mime: 'image/png', name: 'part.png', url: photo },
          { kind: 'file', ref: 'af_label', mime: 'application/pdf', name: 'return label.pdf', url: label },
        ],
      };
      fake.clear();
      const [result] = await subject.adapter.send(ref, [message]);
      expect(result!.ok).toBe(true);
      expect(subject.adapter.capabilities.files).toBe('link');
      const calls = fake.requests.filter((r) => subject.isMessage(r));
      expect(calls.flatMap((c) => subject.texts(c)).join(' ')).toContain('Here is your return label');
      expect(calls.flatMap((c) => subject.files(c))).toEqual([photo, label]);
      expect(result!.providerIds).toHaveLength(calls.length);
    });
  });
}
