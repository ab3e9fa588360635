import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../bot/index.ts';
import { twilioChannel } from '../twilio/adapter.ts';
import messageCreated from '../twilio/fixtures/message-created.json' with { type: 'json' };
import { memoryLogger, startFakeProvider, startTestBot, type FakeProvider } from '../test-support.ts';
import { ChannelRuntime } from './runtime.ts';

const ACCOUNT = `AC${'7'.repeat(32)}`;
const MESSAGES_PATH = `/2010-04-01/Accounts/${ACCOUNT}/Messages.json`;

/** Messages sent outside a turn (an agent's reply, a desk notice) go through the durable outbox. */
describe('ChannelRuntime.deliver', () => {
  let tb: Awaited<ReturnType<typeof startTestBot>>;
  let fake: FakeProvider;
  let runtime: ChannelRuntime;
  /** Answers the provider gives, in turn; then 201. */
  const answers: number[] = [];
  let sid = 0;

  beforeAll(async () => {
    tb = await startTestBot();
    fake = await startFakeProvider(() => {
      const status = answers.shift() ?? 201;
      return status === 201 ? { status, body: { ...messageCreated, sid: `SM${String(++sid).padStart(32, '0')}` } } : { status, body: { code: 20500, message: 'Internal Server Error' } };
    });
    const twilio = twilioChannel({ accountSid: ACCOUNT, authToken: 'deliver-test-token', from: '+14155550100', apiBase: fake.url },
      { channels: tb.channels, logger: memoryLogger(), retry: { retries: 0, baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 2000 } });
    runtime = new ChannelRuntime({ bot: tb.bot, channels: tb.channels, adapters: twilio.adapters, pollMs: 20, sendRetrySeconds: 0.05, maxSendAttempts: 3 });
    runtime.start();
  });
  afterAll(async () => {
    await runtime?.close();
    await fake?.close();
    await tb?.cleanup();
  });

  const agentReply = (id: string, text: string): StoredMessage => ({ id, conversationId: 'conv-1', seq: 3, role: 'agent', channel: 'sms', text, createdAt: new Date() });
  const until = async (check: () => Promise<boolean>) => {
    const started = Date.now();
    while (!(await check())) {
      if (Date.now() - started > 20_000) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  it('sends at once, once per message id', async () => {
    const ref = { channel: 'sms', userId: '+14155550111' };
    const [first] = await runtime.deliver(ref, [agentReply('agent-ok-1', 'Hello, this is Ann.')]);
    expect(first).toMatchObject({ messageId: 'agent-ok-1', ok: true });
    expect(await runtime.outbox.state('agent-ok-1')).toEqual({ status: 'sent', attempts: 1 });
    // The same message again (a repeated request) is not sent twice.
    const [again] = await runtime.deliver(ref, [agentReply('agent-ok-1', 'Hello, this is Ann.')]);
    expect(again).toMatchObject({ messageId: 'agent-ok-1', ok: true });
    expect(fake.requests.filter((r) => r.path === MESSAGES_PATH && r.form?.To === ref.userId)).toHaveLength(1);
  });

  it('records a failed send and sends it again from the outbox, with the same idempotency key', async () => {
    const ref = { channel: 'sms', userId: '+14155550122' };
    answers.push(503, 500);
    const [first] = await runtime.deliver(ref, [agentReply('agent-retry-1', 'Your refund is on its way.')]);
    expect(first).toMatchObject({ messageId: 'agent-retry-1', ok: false, retryable: true });
    expect((await tb.channels.failures({ messageId: 'agent-retry-1' }))[0]).toMatchObject({ channel: 'sms', retryable: true, httpStatus: 503 });
    await until(async () => (await runtime.outbox.state('agent-retry-1'))?.status === 'sent');
    expect(await runtime.outbox.state('agent-retry-1')).toEqual({ status: 'sent', attempts: 3 });
    expect(await tb.channels.failures({ messageId: 'agent-retry-1' })).toHaveLength(2);
    const calls = fake.requests.filter((r) => r.path === MESSAGES_PATH && r.form?.To === ref.userId);
    expect(calls).toHaveLength(3);
    expect(new Set(calls.map((c) => c.headers['idempotency-key']))).toEqual(new Set(['agent-retry-1:0']));
    expect(await tb.channels.deliveries('agent-retry-1')).toHaveLength(1);
  });

  it('gives up after maxSendAttempts, recorded as failed', async () => {
    const ref = { channel: 'sms', userId: '+14155550133' };
    answers.push(500, 500, 500);
    await runtime.deliver(ref, [agentReply('agent-fail-1', 'Are you still there?')]);
    await until(async () => (await runtime.outbox.state('agent-fail-1'))?.status === 'failed');
    expect(await runtime.outbox.state('agent-fail-1')).toEqual({ status: 'failed', attempts: 3 });
    expect(await tb.channels.failures({ messageId: 'agent-fail-1' })).toHaveLength(3);
  });
});
