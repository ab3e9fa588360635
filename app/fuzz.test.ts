import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { memoryLogger, metaJson, metaSignature, post, twilioSigned, type FakeProvider } from '../adapters/test-support.ts';
import { seededRandom } from '../knowledge/index.ts';
import type { RunningApp } from './app.ts';
import { CHANNEL_ENV, connectChat, startChannelsApp } from './test-support.ts';

const ENV = CHANNEL_ENV;
const ACCOUNT = CHANNEL_ENV.TWILIO_ACCOUNT_SID;
const PUBLIC_URL = CHANNEL_ENV.PUBLIC_URL;
/** Inputs per entry point; each loop also stops after BUDGET_MS so a slow machine cannot hang CI. */
const INPUTS = 500;
const BUDGET_MS = 90_000;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Values of every JSON type, and strings that have broken parsers, dates, databases and pages. */
const ODD: Json[] = [
  null, true, false, 0, -1, 1.5, 1e308, -1e308, '', ' ', '\u0000', 'a\u0000b', 'x'.repeat(5000), 'NaN', '-1', '1e999',
  '2026-13-45T99:99:99Z', '<script>alert(1)</script>', '😀', '١٢٣', '\ud800', [], {}, [null], [1, 'two'], { nested: { deeper: [] } },
];

/** Every path to a value inside `root` (object keys and array indexes). */
function paths(root: Json, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (root === null || typeof root !== 'object') return [prefix];
  const children = Array.isArray(root) ? root.map((v, i) => [i, v] as const) : Object.entries(root);
  return [prefix, ...children.flatMap(([k, v]) => paths(v, [...prefix, k]))];
}

/** `root` with one to three random changes: a value of another type, a key removed, an element added. */
function mutate(root: Json, rnd: () => number): Json {
  let out: Json = structuredClone(root);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  // A copy: later changes may push into the value picked, and ODD must stay as it is.
  const odd = () => structuredClone(pick(ODD));
  for (let n = 1 + Math.floor(rnd() * 3); n > 0; n--) {
    const at = pick(paths(out));
    if (at.length === 0) {
      out = rnd() < 0.5 ? odd() : out;
      continue;
    }
    const parent = at.slice(0, -1).reduce<Json>((v, k) => (v as Record<string, Json>)[k as string]!, out) as Record<string, Json> | Json[];
    const key = at[at.length - 1]!;
    const r = rnd();
    if (r < 0.6) (parent as Record<string, Json>)[key as string] = odd();
    else if (r < 0.8) Array.isArray(parent) ? parent.splice(Number(key), 1) : delete (parent as Record<string, Json>)[key as string];
    else if (Array.isArray(parent)) parent.push(odd());
    else (parent as Record<string, Json>)[`extra${Math.floor(rnd() * 100)}`] = odd();
  }
  return out;
}

/** Run `make(i)` for i < INPUTS, a few at a time, within the time budget; returns how many ran. */
async function fuzz(make: (i: number) => Promise<number>, statuses: number[]): Promise<number> {
  const started = Date.now();
  let i = 0;
  const worker = async () => {
    while (i < INPUTS && Date.now() - started < BUDGET_MS) statuses.push(await make(i++));
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  return statuses.length;
}

/**
 * Every entry point takes 500 generated malformed inputs (seeded): answered with a 2xx or 4xx,
 * never a 5xx, nothing logged as an error, and the server still answers a good message after.
 */
describe('fuzzing every entry point', () => {
  let fake: FakeProvider;
  let app: RunningApp;
  let log: ReturnType<typeof memoryLogger>;
  let running: Awaited<ReturnType<typeof startChannelsApp>>;
  let n = 0;

  beforeAll(async () => {
    running = await startChannelsApp('faqbot-fuzz-');
    ({ app, fake, log } = running);
  }, 300_000);
  afterAll(async () => {
    await running?.close();
  });

  // Each test looks only at what was logged since it started.
  let mark = 0;
  beforeEach(() => {
    mark = log.lines.length;
  });
  const errorsLogged = () => log.lines.slice(mark).filter((l) => l.level === 'error');
  const stillAnswers = async () => {
    const res = await fetch(`${app.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: `after-fuzz-${++n}`, text: 'How do I return an item?' }) });
    expect(res.status).toBe(200);
    expect((await res.json()).replies[0].text).toMatch(/30 days/);
  };
  const check = async (statuses: number[]) => {
    expect(statuses.length).toBeGreaterThanOrEqual(Math.min(INPUTS, 100));
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    // Both paths were exercised: inputs refused at the door, and inputs that reached the bot.
    expect(statuses.some((s) => s >= 400)).toBe(true);
    expect(statuses.some((s) => s < 300)).toBe(true);
    await app.channels.runtime.idle();
    expect(errorsLogged()).toEqual([]);
    await stillAnswers();
  };

  it('the chat API', async () => {
    const rnd = seededRandom(101);
    const valid: Json = { userId: 'fuzz-api', text: 'Where is my order?', messageId: 'm-1', lang: 'en' };
    const statuses: number[] = [];
    await fuzz(async (i) => {
      const body = i % 10 === 0 ? '{"userId": ' : JSON.stringify(mutate(valid, rnd));
      return (await post(`${app.url}/api/chat`, body, { 'content-type': 'application/json' })).status;
    }, statuses);
    await check(statuses);
  });

  it('signed Twilio webhooks', async () => {
    const rnd = seededRandom(202);
    const valid = { MessageSid: `SM${'4'.repeat(32)}`, AccountSid: ACCOUNT, From: '+48601000333', To: '+14155550100', Body: 'Where is my order?', NumMedia: '0' };
    const statuses: number[] = [];
    await fuzz(async () => {
      const mutated = mutate(valid as Json, rnd);
      const params = Object.fromEntries(Object.entries(mutated && typeof mutated === 'object' && !Array.isArray(mutated) ? mutated : {}).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
      const { body, signature } = twilioSigned(ENV.TWILIO_AUTH_TOKEN, `${PUBLIC_URL}/webhooks/twilio`, params);
      return (await post(`${app.url}/webhooks/twilio`, body, { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature })).status;
    }, statuses);
    await check(statuses);
  });

  it('signed WhatsApp webhooks', async () => {
    const rnd = seededRandom(303);
    const valid: Json = { object: 'whatsapp_business_account', entry: [{ id: 'waba', changes: [{ field: 'messages', value: {
      messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: ENV.WHATSAPP_PHONE_NUMBER_ID },
      contacts: [{ profile: { name: 'Zoë' }, wa_id: '48601000444' }],
      messages: [{ from: '48601000444', id: 'wamid.FUZZ-1', timestamp: '1767225600', type: 'text', text: { body: 'Where is my order?' } }],
      statuses: [{ id: 'wamid.OUT-1', status: 'delivered', timestamp: '1767225600', recipient_id: '48601000444' }],
    } }] }] };
    const statuses: number[] = [];
    await fuzz(async () => {
      const body = metaJson(mutate(valid, rnd));
      return (await post(`${app.url}/webhooks/whatsapp`, body, { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(ENV.WHATSAPP_APP_SECRET, body) })).status;
    }, statuses);
    await check(statuses);
  });

  it('signed Messenger webhooks', async () => {
    const rnd = seededRandom(404);
    const valid: Json = { object: 'page', entry: [{ id: 'page', time: 1767225600000, messaging: [
      { sender: { id: '7100000000000009' }, recipient: { id: 'page' }, timestamp: 1767225600000, message: { mid: 'm_FUZZ-1', text: 'Where is my order?', quick_reply: { payload: 'entry:track-order' } } },
      { sender: { id: '7100000000000009' }, recipient: { id: 'page' }, timestamp: 1767225600000, delivery: { mids: ['m_OUT-1'], watermark: 1767225600000 } },
      { sender: { id: '7100000000000009' }, recipient: { id: 'page' }, timestamp: 1767225600000, postback: { title: 'Get started', payload: 'GET_STARTED' } },
    ] }] };
    const statuses: number[] = [];
    await fuzz(async () => {
      const body = metaJson(mutate(valid, rnd));
      return (await post(`${app.url}/webhooks/messenger`, body, { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(ENV.MESSENGER_APP_SECRET, body) })).status;
    }, statuses);
    await check(statuses);
  });

  it('Bot Framework activities (Emulator mode, no app id)', async () => {
    const rnd = seededRandom(505);
    const valid: Json = {
      type: 'message', id: 'fuzz-1', channelId: 'emulator', serviceUrl: fake.url, timestamp: '2026-12-05T10:00:00Z', locale: 'en-US',
      from: { id: 'fuzz-user', role: 'user' }, recipient: { id: 'bot' }, conversation: { id: 'fuzz-conv' }, text: 'Where is my order?', value: { entryId: 'track-order' },
    };
    const statuses: number[] = [];
    await fuzz(async () => (await post(`${app.url}/api/messages`, JSON.stringify(mutate(valid, rnd)), { 'content-type': 'application/json' })).status, statuses);
    await check(statuses);
  });

  it('the web chat socket: every frame gets an answer or an error, and the socket stays usable', async () => {
    const rnd = seededRandom(606);
    const socket = await connectChat(app.url);
    socket.send({ type: 'hello', userId: 'fuzz-socket-user' });
    await socket.next((f) => f.type === 'history');
    const frames: Json[] = [
      { type: 'message', clientId: 'c-1', text: 'Where is my order?' },
      { type: 'choose', clientId: 'c-2', entryId: 'track-order', title: 'Where is my order?' },
      { type: 'feedback', messageId: 'm-1', helpful: true },
      { type: 'hello', userId: 'fuzz-socket-user', lang: 'en' },
    ];
    for (let i = 0; i < INPUTS; i++) {
      const frame = mutate(frames[i % frames.length]!, rnd);
      socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
    }
    socket.send({ type: 'ping' });
    await socket.next((f) => f.type === 'pong', 60_000);
    const internal = socket.frames.filter((f) => f.type === 'error' && f.code === 'internal');
    expect(internal).toEqual([]);
    socket.close();
    await app.channels.runtime.idle();
    expect(errorsLogged()).toEqual([]);
    await stillAnswers();
  });
});
