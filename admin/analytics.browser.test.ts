import path from 'node:path';
import { ARTIFACTS, launchChromium, signInAt, type TestBrowser } from '../app/browser-test-support.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleHarness, type ConsoleHarness } from './test-support.ts';


/**
 * The console with the real bot (on a stub knowledge base: "return" questions are answered):
 * customers on two channels, one handed to a person who answers and resolves it; then an
 * analyst opens the dashboard in chromium, filters by channel and clicks through to that
 * conversation.
 */
describe('analytics dashboard (analyst in chromium)', () => {
  let h: ConsoleHarness;
  let browser: TestBrowser;
  let analyst: { email: string; password: string };
  let n = 0;
  const say = (channel: string, userId: string, text: string) =>
    h.bot.handle({ type: 'message', conversation: { channel, userId }, externalId: `m-${++n}`, from: { id: userId }, text });

  beforeAll(async () => {
    h = await consoleHarness();
    analyst = { email: 'ana@example.test', password: 'ana-analyst-password' };
    await h.admin.users.create({ ...analyst, name: 'Ana Analyst', role: 'analyst' });
    const agent = await h.admin.users.create({ email: 'tom@example.test', password: 'tom-agent-password', name: 'Tom Agent', role: 'agent' });

    await say('test', 'w1', 'How do I return an item?');
    await say('test', 'w2', 'Can I return shoes?');
    await say('sms', '+48500100200', 'Returns of a gift?');
    const handed = await say('test', 'w3', 'I want to talk to a person');
    expect(handed.handoff).toBe(true);
    await h.admin.desk.claim(handed.conversationId, agent);
    await h.admin.desk.reply(handed.conversationId, agent, 'Hi, Tom here. Let me look into it.');
    await h.admin.desk.resolve(handed.conversationId, agent);

    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it('an analyst opens the dashboard, filters by channel and clicks through to a conversation', async () => {
    const problems: string[] = [];
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    page.on('pageerror', (err) => problems.push(err.message));
    // Failed requests, except the sign-in check before signing in and the browser's favicon probe.
    page.on('response', (r) => {
      if (r.status() >= 400 && !/\/api\/admin\/me$|favicon/.test(r.url())) problems.push(`${r.status()} ${r.url()}`);
    });

    // Signing in at the console sends an analyst to the dashboard.
    await signInAt(page, `${h.url}/admin/`, analyst);
    await page.waitForURL(/analytics\.html/);
    await expect.poll(() => page.evaluate(() => document.body.getAttribute('data-loaded')), { timeout: 30_000 }).toBe('report');
    expect(await page.getByTestId('me').innerText()).toContain('(analyst)');

    expect(await page.getByTestId('tile-link-conversations').innerText()).toBe('4');
    expect(await page.getByTestId('tile-link-containment').innerText()).toBe('75 %');
    // Four conversations: a small sample, marked as such; every figure carries its definition.
    expect(await page.getByTestId('tile-containment').getByTestId('small-sample').count()).toBe(1);
    expect(await page.getByTestId('tile-durable_containment').getAttribute('title')).toMatch(/24 hours/);
    expect(await page.locator('#c-daily').evaluate((c) => (c as HTMLCanvasElement).width)).toBeGreaterThan(100);
    await page.screenshot({ path: path.join(ARTIFACTS, 'analytics-dashboard.png'), fullPage: true });

    // Filter by channel: SMS has one conversation, contained.
    await page.getByTestId('f-channel').selectOption('sms');
    await page.evaluate(() => document.body.removeAttribute('data-loaded'));
    await page.getByTestId('f-apply').click();
    await expect.poll(() => page.evaluate(() => document.body.getAttribute('data-loaded'))).toBe('report');
    expect(await page.getByTestId('tile-link-conversations').innerText()).toBe('1');
    expect(await page.getByTestId('tile-link-handoff_rate').innerText()).toBe('0 %');
    await page.screenshot({ path: path.join(ARTIFACTS, 'analytics-dashboard-sms.png'), fullPage: true });

    // Back to all channels, then from "handed to a person" to the conversation and its transcript.
    await page.getByTestId('f-channel').selectOption('');
    await page.evaluate(() => document.body.removeAttribute('data-loaded'));
    await page.getByTestId('f-apply').click();
    await expect.poll(() => page.evaluate(() => document.body.getAttribute('data-loaded'))).toBe('report');
    await page.getByTestId('tile-link-handoff_rate').click();
    await expect.poll(() => page.evaluate(() => document.body.getAttribute('data-loaded'))).toBe('list');
    expect(await page.getByTestId('list-title').innerText()).toBe('Handed to a person');
    const links = page.getByTestId('conversation-link');
    expect(await links.count()).toBe(1);
    await links.first().click();
    await expect.poll(() => page.evaluate(() => document.body.getAttribute('data-loaded'))).toBe('conversation');
    expect(await page.getByTestId('transcript-customer').first().innerText()).toContain('talk to a person');
    expect(await page.getByTestId('transcript-agent').first().innerText()).toContain('Tom here');
    expect(await page.getByTestId('detail-facts').innerText()).toMatch(/Asked for a person/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'analytics-conversation.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });
});
