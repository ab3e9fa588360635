/**
 * Channel latency: from an inbound webhook (signed, over HTTP) to the provider API call that
 * carries the answer, per channel, against local fakes of the providers on 127.0.0.1 and the real
 * bot on the fixture knowledge base. Also how fast the webhook itself is answered (providers time
 * out within seconds). Percentiles measured on this machine; nothing is asserted.
 *
 * `npx tsx bench/channels.ts [messages per channel]`
 */
import { pathToFileURL } from 'node:url';
import type express from 'express';
import { botFrameworkChannel } from '../adapters/botframework/adapter.ts';
import type { ChannelStore } from '../adapters/core/channel-store.ts';
import { webhookRouter } from '../adapters/core/express.ts';
import { ChannelRuntime } from '../adapters/core/runtime.ts';
import { messengerChannel } from '../adapters/messenger/adapter.ts';
import { twilioChannel } from '../adapters/twilio/adapter.ts';
import { metaJson, metaSignature, startFakeProvider, startTestBot, startWebhookServer, twilioSigned, type FakeProvider, type RecordedRequest } from '../adapters/test-support.ts';
import type { ChannelAdapter } from '../adapters/types.ts';
import { whatsappChannel } from '../adapters/whatsapp/adapter.ts';

export interface ChannelBenchResult {
  channel: string;
  messages: number;
  /** Webhook received → answer's provider call received, ms. */
  p50: number;
  p95: number;
  /** Webhook arrival → its HTTP response flushed, ms (measured in the server). */
  ackP50: number;
  ackP95: number;
}

export const CHANNEL_BENCH_HEADER = 'channel        | msgs | webhook→send p50 | p95      | webhook ack p50 | p95';

const QUESTIONS = ['How do I return an item?', 'Where is my order?', 'How much does delivery cost?', 'Jak zresetować hasło?', 'Which payment methods do you accept?', 'When will I get my refund?'];

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** One channel as the bench drives it: how to sign an inbound message and spot the answer's call. */
interface Subject {
  name: string;
  adapters: ChannelAdapter[];
  mount(app: express.Express, runtime: ChannelRuntime): void;
  request(user: string, id: string, text: string): { path: string; headers: Record<string, string>; body: string };
  isAnswer(r: RecordedRequest, user: string): boolean;
}

function subjects(fake: FakeProvider, channels: ChannelStore): Subject[] {
  const deps = { channels };
  const graph = { base: fake.url, version: 'v23.0' };
  const publicUrl = 'https://bot.example.com';
  const tw = twilioChannel({ accountSid: `AC${'b'.repeat(32)}`, authToken: 'bench-token', from: '+14155550100', apiBase: fake.url }, deps);
  const wa = whatsappChannel({ verifyToken: 'v', appSecret: 'bench-wa', accessToken: 't', phoneNumberId: '106540352242922', graph }, deps);
  const ms = messengerChannel({ verifyToken: 'v', appSecret: 'bench-ms', pageAccessToken: 't', graph }, deps);
  const bf = botFrameworkChannel({}, deps);
  const meta = (path: string, secret: string, payload: unknown) => {
    const body = metaJson(payload);
    return { path, headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(secret, body) }, body };
  };
  return [
    {
      name: 'sms (Twilio)', adapters: tw.adapters,
      mount: (app, runtime) => app.use(webhookRouter(tw.endpoint, runtime, { publicUrl })),
      request: (user, id, text) => {
        const { body, signature } = twilioSigned('bench-token', `${publicUrl}/webhooks/twilio`, { MessageSid: id, AccountSid: `AC${'b'.repeat(32)}`, From: `+1${user}`, To: '+14155550100', Body: text, NumMedia: '0' });
        return { path: '/webhooks/twilio', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, body };
      },
      isAnswer: (r, user) => r.form?.To === `+1${user}`,
    },
    {
      name: 'whatsapp', adapters: wa.adapters,
      mount: (app, runtime) => app.use(webhookRouter(wa.endpoint, runtime)),
      request: (user, id, text) => meta('/webhooks/whatsapp', 'bench-wa', { object: 'whatsapp_business_account', entry: [{ id: 'waba', changes: [{ field: 'messages', value: {
        messaging_product: 'whatsapp', metadata: { display_phone_number: '1', phone_number_id: '106540352242922' }, contacts: [{ profile: { name: 'B' }, wa_id: user }],
        messages: [{ from: user, id, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: text } }],
      } }] }] }),
      isAnswer: (r, user) => r.json?.to === user,
    },
    {
      name: 'messenger', adapters: ms.adapters,
      mount: (app, runtime) => app.use(webhookRouter(ms.endpoint, runtime)),
      request: (user, id, text) => meta('/webhooks/messenger', 'bench-ms', { object: 'page', entry: [{ id: 'page', time: Date.now(), messaging: [{ sender: { id: user }, recipient: { id: 'page' }, timestamp: Date.now(), message: { mid: id, text } }] }] }),
      isAnswer: (r, user) => r.json?.recipient?.id === user && Boolean(r.json?.message),
    },
    {
      name: 'botframework', adapters: bf.adapters,
      mount: (app, runtime) => app.use(webhookRouter(bf.endpoint, runtime)),
      request: (user, id, text) => ({
        path: '/api/messages', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', id, channelId: 'emulator', serviceUrl: fake.url, from: { id: user }, recipient: { id: 'bot' }, conversation: { id: `c-${user}` }, text, locale: 'en-US' }),
      }),
      isAnswer: (r, user) => r.path === `/v3/conversations/c-${user}/activities` && r.json?.type === 'message',
    },
  ];
}

/**
 * Drive `messages` inbound messages through each channel one at a time (after a short warm-up)
 * and report latency percentiles. `log` gets one table row per channel.
 */
export async function runChannelBench(options: { messages?: number; warmup?: number; log?: (line: string) => void } = {}): Promise<ChannelBenchResult[]> {
  const { messages = 40, warmup = 5, log = () => undefined } = options;
  const tb = await startTestBot();
  let n = 0;
  const fake = await startFakeProvider((r) => {
    if (r.path.endsWith('/Messages.json')) return { status: 201, body: { sid: `SM${String(++n).padStart(32, '0')}`, status: 'queued' } };
    if (r.path.endsWith('/me/messages')) return { status: 200, body: { recipient_id: r.json?.recipient?.id, message_id: `m_${++n}` } };
    if (r.path.startsWith('/v3/')) return { status: 200, body: { id: `act-${++n}` } };
    return { status: 200, body: r.json?.status === 'read' ? { success: true } : { messaging_product: 'whatsapp', messages: [{ id: `wamid.${++n}` }] } };
  });
  const results: ChannelBenchResult[] = [];
  try {
    for (const s of subjects(fake, tb.channels)) {
      const runtime = new ChannelRuntime({ bot: tb.bot, channels: tb.channels, adapters: s.adapters });
      const latencies: number[] = [];
      const acks: number[] = [];
      let warm = 0;
      // The ack is timed inside the server, from arrival to the response handed to the socket
      // (res.end): the bench's client and fakes share the event loop with the bot, so a clock on
      // the client side, or the 'finish' event, would include the bot's work that follows the ack.
      const timeAck: express.RequestHandler = (_req, res, next) => {
        const start = performance.now();
        const end = res.end.bind(res) as (...args: unknown[]) => express.Response;
        res.end = ((...args: unknown[]) => {
          if (warm++ >= warmup) acks.push(performance.now() - start);
          return end(...args);
        }) as typeof res.end;
        next();
      };
      const server = await startWebhookServer(runtime, [], { mount: (app) => { app.use(timeAck); s.mount(app, runtime); } });
      try {
        for (let i = 0; i < warmup + messages; i++) {
          const user = `${4000000000 + results.length * 100000 + i}`;
          const r = s.request(user, `bench-${s.name}-${i}-${Date.now()}`, QUESTIONS[i % QUESTIONS.length]!);
          const answered = fake.waitFor((x) => s.isAnswer(x, user), 30_000);
          const t0 = performance.now();
          const res = await fetch(`${server.url}${r.path}`, { method: 'POST', headers: r.headers, body: r.body });
          await res.arrayBuffer();
          if (res.status !== 200) throw new Error(`${s.name}: webhook answered ${res.status}`);
          const call = await answered;
          if (i >= warmup) latencies.push(call.at - t0);
          await runtime.idle();
        }
      } finally {
        await server.close();
        await runtime.close();
      }
      const row: ChannelBenchResult = {
        channel: s.name, messages, p50: percentile(latencies, 50), p95: percentile(latencies, 95), ackP50: percentile(acks, 50), ackP95: percentile(acks, 95),
      };
      results.push(row);
      const ms = (v: number) => `${v.toFixed(1)} ms`.padEnd(8);
      log(`${row.channel.padEnd(14)} | ${String(messages).padEnd(4)} | ${ms(row.p50).padEnd(16)} | ${ms(row.p95)} | ${ms(row.ackP50).padEnd(15)} | ${ms(row.ackP95)}`);
    }
  } finally {
    await fake.close();
    await tb.cleanup();
  }
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const messages = Number(process.argv[2] ?? 40);
  console.log(`\nChannel latency: inbound webhook → outbound provider call (${messages} messages per channel, one at a time, fake providers on 127.0.0.1)\n`);
  console.log(CHANNEL_BENCH_HEADER);
  runChannelBench({ messages, log: (line) => console.log(line) }).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
