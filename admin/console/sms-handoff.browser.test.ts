import path from 'node:path';
import { mkdir } from 'node:fs/promises';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelStore } from '../../adapters/core/channel-store.ts';
import { ChannelRuntime } from '../../adapters/core/runtime.ts';
import { twilioChannel } from '../../adapters/sms/index.ts';
import { post, startFakeProvider, startWebhookServer, twilioSigned, type FakeProvider } from '../../adapters/test-support.ts';
import { consoleHarness, type ConsoleHarness } from '../test-support.ts';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ARTIFACTS = path.resolve('test-artifacts');
const ACCOUNT = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'twilio-test-auth-token-0123456789';
const PUBLIC_URL = 'https://bot.example.com';
const SHOP = '+14155550100';
const CUSTOMER = '+14155550777';

/**
 * The handoff flow for an SMS customer: signed Twilio webhooks in, a local fake of Twilio's
 * Messages API out, the agent in chromium. The console knows nothing about SMS: it finds the
 * adapter by the conversation's channel.
 */
describe('human handoff for an SMS customer (fake Twilio, agent in chromium)', () => {
  let h: ConsoleHarness;
  let fake: FakeProvider;
  let runtime: ChannelRuntime;
  let hooks: Awaited<ReturnType<typeof startWebhookServer>>;
  let browser: Browser;
  let sid = 0;
  let n = 0;

  beforeAll(async () => {
    h = await consoleHarness();
    fake = await startFakeProvider(() => ({ status: 201, body: { sid: `SM${String(++sid).padStart(32, '0')}`, status: 'queued' } }));
    const channels = new ChannelStore(h.db);
    const twilio = twilioChannel({ accountSid: ACCOUNT, authToken: TOKEN, from: SHOP, apiBase: fake.url }, { channels, retry: { retries: 1, baseDelayMs: 5, maxDelayMs: 10, timeoutMs: 2000 } });
    for (const a of twilio.adapters) h.adapters.set(a.channel, a);
    runtime = new ChannelRuntime({ bot: h.bot, channels, adapters: twilio.adapters });
    hooks = await startWebhookServer(runtime, [twilio.endpoint], { publicUrl: PUBLIC_URL });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    await mkdir(ARTIFACTS, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await hooks?.close();
    await runtime?.close();
    await fake?.close();
    await h?.close();
  });

  /** The customer texts the shop, signed as Twilio signs it; waits until the bot's turn is done. */
  const text = async (body: string) => {
    const messageSid = `SM${String(++n).padStart(6, '0')}${'b'.repeat(26)}`;
    const params = { AccountSid: ACCOUNT, MessageSid: messageSid, SmsMessageSid: messageSid, From: CUSTOMER, To: SHOP, Body: body, NumMedia: '0' };
    const { body: form, signature } = twilioSigned(TOKEN, `${PUBLIC_URL}/webhooks/twilio`, params);
    const res = await post(`${hooks.url}/webhooks/twilio`, form, { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature });
    expect(res.status).toBe(200);
    await runtime.idle();
  };
  const texts = () => fake.requests.filter((r) => r.form?.To === CUSTOMER).map((r) => r.form!.Body!);

  it('hands off, the agent claims and replies by SMS, resolves, and the bot answers the next text', async () => {
    const agent = await h.user('agent', 'Dana');
    const page = await browser.newPage({ viewport: { width: 1100, height: 850 } });
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    await page.goto(`${h.url}/admin/`);
    await page.getByTestId('login-email').fill(agent.email);
    await page.getByTestId('login-password').fill(agent.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('queue-waiting').waitFor();
    await expect.poll(() => page.evaluate(() => document.body.getAttribute('data-live'))).toBe('on');

    await text('Can you recommend a lasagne recipe?');
    expect(texts().join('\n')).toMatch(/passing you to a colleague[\s\S]*next in the queue/);

    const item = page.locator('[data-testid="queue-item"][data-status="queued"]').filter({ hasText: 'lasagne' });
    await item.waitFor({ timeout: 15_000 });
    expect(await item.innerText()).toContain('sms');
    await item.locator('button').click();
    await page.getByTestId('claim').click();
    await expect.poll(() => page.getByTestId('detail').getAttribute('data-status')).toBe('agent');
    await expect.poll(() => texts().at(-1)).toBe('Dana from our team has joined the conversation.');
    expect(await page.getByTestId('d-window').isHidden()).toBe(true); // SMS has no reply window

    await page.getByTestId('reply-text').fill('Hello from Dana. Which order is it about?');
    await page.getByTestId('reply-send').click();
    await expect.poll(() => texts().at(-1), { timeout: 15_000 }).toBe('Hello from Dana. Which order is it about?');

    // The customer texts back: the agent sees it live, the bot sends nothing.
    const before = texts().length;
    await text('Order 1234, and how do I return an item?');
    await expect.poll(() => page.getByTestId('msg-customer').last().innerText(), { timeout: 15_000 }).toContain('Order 1234');
    expect(texts().length).toBe(before);
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-sms-conversation.png'), fullPage: true });

    await page.getByTestId('ask-rating').uncheck();
    await page.getByTestId('resolve').click();
    await expect.poll(() => page.getByTestId('detail').getAttribute('data-status')).toBe('resolved');
    await expect.poll(() => texts().at(-1)).toMatch(/closed this conversation/);

    await text('How do I return an item?');
    expect(texts().at(-1)).toContain('30 days');
    expect(problems).toEqual([]);
    await page.close();
  });
});
