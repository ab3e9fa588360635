import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, launchChromium, signInAt, type TestBrowser } from '../app/browser-test-support.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, startFakeProvider, twilioSigned, type FakeProvider } from '../adapters/test-support.ts';
import { startApp, type RunningApp } from '../app/app.ts';
import { loadConfig } from '../app/config.ts';
import { connectChat, tempDir, templateDataDir, TEST_APP } from '../app/test-support.ts';

const ADMIN = { email: 'alice@example.test', password: 'alice-console-password' };
/** The smallest PNG there is (one transparent pixel). */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
const TWILIO = { TWILIO_ACCOUNT_SID: `AC${'7'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'handoff-twilio-token', TWILIO_FROM: '+14155550100', PUBLIC_URL: 'https://bot.example.com' };

/** Sign in to the console in a page and wait for the queue. */
async function signIn(page: Page, url: string) {
  await signInAt(page, `${url}/admin/`, ADMIN);
  await page.getByTestId('queue-waiting').waitFor();
  await expect.poll(() => page.evaluate(() => document.body.getAttribute('data-live'))).toBe('on');
}

/**
 * The whole product with a real browser on each side: a customer in the web chat widget and
 * an agent in the console. Thresholds put everything the knowledge base cannot answer
 * straight to a person (no "did you mean" step).
 */
describe('human handoff end to end (web chat customer, agent in chromium)', () => {
  let data: Awaited<ReturnType<typeof tempDir>>;
  let app: RunningApp;
  let browser: TestBrowser;
  let twilio: FakeProvider;
  let sid = 0;
  const config = () => loadConfig({
    // MAX_FAILED_ATTEMPTS 1: a first unanswered question is no longer handed off by default.
    PORT: '0', LOG_LEVEL: 'silent', ANSWER_THRESHOLD: '0.5', CLARIFY_THRESHOLD: '0.5', MAX_FAILED_ATTEMPTS: '1',
    ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, ...TWILIO, TWILIO_API_BASE: twilio.url,
  }, data.dir);

  beforeAll(async () => {
    data = await templateDataDir('sample', 'faqbot-handoff-');
    twilio = await startFakeProvider(() => ({ status: 201, body: { sid: `SM${String(++sid).padStart(32, '0')}`, status: 'queued' } }));
    app = await startApp(config(), TEST_APP);
    browser = await launchChromium();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await twilio?.close();
    await data?.cleanup();
  });

  it('hands off a low-confidence question; the agent sees it live, claims, replies; after resolution the bot answers again', async () => {
    const problems: string[] = [];
    const agent = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    agent.on('pageerror', (err) => problems.push(`console: ${err.message}`));
    await signIn(agent, app.url);
    expect(await agent.getByTestId('me').innerText()).toContain('Administrator');

    const customer = await browser.newPage({ viewport: { width: 420, height: 800 } });
    customer.on('pageerror', (err) => problems.push(`widget: ${err.message}`));
    await customer.goto(`${app.url}/`);
    const input = customer.getByTestId('kc-input');
    await input.fill('Can you recommend a good recipe for lasagne?');
    await input.press('Enter');
    // The customer is told they are passed to a person, and where they are in the queue.
    await customer.getByTestId('kc-msg-system').first().waitFor({ timeout: 30_000 });
    expect(await customer.getByTestId('kc-msg-bot').last().innerText()).toMatch(/colleague/);
    expect(await customer.getByTestId('kc-msg-system').first().innerText()).toMatch(/next in the queue/);
    const botAnswersBefore = await customer.getByTestId('kc-msg-bot').count();

    // The agent's queue updates without a reload.
    const item = agent.locator('[data-testid="queue-item"][data-status="queued"]').filter({ hasText: 'lasagne' });
    await item.waitFor({ timeout: 15_000 });
    expect(await agent.getByTestId('waiting-count').innerText()).toBe('1');
    await item.locator('button').click();
    await agent.getByTestId('detail').waitFor();
    expect(await agent.getByTestId('p-reason').innerText()).toMatch(/not confident/);
    expect(await agent.getByTestId('p-question').innerText()).toBe('Can you recommend a good recipe for lasagne?');
    const attempts = await agent.getByTestId('attempt').allInnerTexts();
    expect(attempts.length).toBeGreaterThan(0);
    for (const a of attempts) expect(a).toMatch(/\d+%$/);
    expect(await agent.locator('[data-testid="transcript"] .attempt').count()).toBe(1);
    await agent.screenshot({ path: path.join(ARTIFACTS, 'console-handoff-packet.png'), fullPage: true });

    await agent.getByTestId('claim').click();
    await expect.poll(() => agent.getByTestId('detail').getAttribute('data-status')).toBe('agent');
    await customer.getByText('Administrator from our team has joined the conversation.').waitFor({ timeout: 15_000 });

    await agent.getByTestId('reply-text').fill('Hi, I am Alice. I can help with recipes another time, but what about your order?');
    await agent.getByTestId('reply-send').click();
    const agentBubble = customer.getByTestId('kc-msg-agent').last();
    await agentBubble.waitFor({ timeout: 15_000 });
    expect(await agentBubble.innerText()).toContain('Hi, I am Alice.');

    // The customer answers; it reaches the agent live, and the bot stays silent. What they type is shown as text.
    await input.fill('My order <img src=x onerror="window.__pwned=1"> never came, and I know how to return an item.');
    await input.press('Enter');
    const last = agent.getByTestId('msg-customer').last();
    await expect.poll(() => last.innerText(), { timeout: 15_000 }).toContain('never came');
    expect(await last.innerText()).toContain('<img src=x onerror="window.__pwned=1">');
    expect(await agent.locator('[data-testid="transcript"] img').count()).toBe(0);
    expect(await agent.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await customer.getByTestId('kc-msg-bot').count()).toBe(botAnswersBefore);

    // A photo from the widget's paperclip reaches the agent, who opens it through the server.
    await customer.getByTestId('kc-file').setInputFiles({ name: 'label.png', mimeType: 'image/png', buffer: PNG });
    const photo = agent.getByTestId('attachment').last();
    await expect.poll(() => photo.count(), { timeout: 15_000 }).toBe(1);
    expect(await photo.innerText()).toBe('Photo: label.png');
    // The agent sees the photo itself, small, without opening it.
    await expect.poll(() => photo.getByTestId('attachment-thumb').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    const opened = await agent.request.get(new URL((await photo.getAttribute('href'))!, app.url).href);
    expect(opened.status()).toBe(200);
    expect(opened.headers()['content-type']).toBe('image/png');
    expect(Buffer.from(await opened.body()).equals(PNG)).toBe(true);
    expect(await customer.getByTestId('kc-msg-bot').count()).toBe(botAnswersBefore);

    // The agent sends a return label and a photo back: the customer sees the photo itself and a link to the label.
    const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');
    await agent.getByTestId('reply-file').setInputFiles([{ name: 'return label.pdf', mimeType: 'application/pdf', buffer: PDF }, { name: 'right-part.png', mimeType: 'image/png', buffer: PNG }]);
    await expect.poll(() => agent.getByTestId('reply-file-chip').count(), { timeout: 15_000 }).toBe(2);
    await agent.getByTestId('reply-text').fill('Here is your return label.');
    await agent.getByTestId('reply-send').click();
    const withFiles = customer.getByTestId('kc-msg-agent').last();
    await expect.poll(() => withFiles.innerText(), { timeout: 15_000 }).toContain('Here is your return label.');
    await expect.poll(() => withFiles.getByTestId('kc-photo').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    const label = withFiles.getByTestId('kc-document');
    expect(await label.innerText()).toBe('return label.pdf');
    const fetched = await customer.request.get((await label.getAttribute('href'))!);
    expect(Buffer.from(await fetched.body()).equals(PDF)).toBe(true);
    expect(await agent.getByTestId('reply-file-chip').count()).toBe(0);
    await expect.poll(() => agent.getByTestId('msg-agent').last().getByTestId('attachment').count(), { timeout: 15_000 }).toBe(2);
    await customer.screenshot({ path: path.join(ARTIFACTS, 'webchat-agent-files.png') });
    // A screenshot pasted into the reply box is attached too; the agent can take it out again.
    await agent.getByTestId('reply-text').evaluate((box, b64) => {
      const data = new DataTransfer();
      data.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], 'screenshot.png', { type: 'image/png' }));
      box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, PNG.toString('base64'));
    await expect.poll(() => agent.getByTestId('reply-file-chip').count(), { timeout: 15_000 }).toBe(1);
    expect(await agent.getByTestId('reply-file-chip').innerText()).toContain('screenshot.png');
    await agent.getByTestId('reply-file-chip').getByRole('button').click();
    expect(await agent.getByTestId('reply-file-chip').count()).toBe(0);
    // A file over the server's limit (from the conversation view) is refused before it is uploaded.
    await agent.getByTestId('reply-file').setInputFiles({ name: 'huge.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(5 * 1024 * 1024 + 1) });
    await expect.poll(() => agent.locator('#d-alert').innerText()).toBe('huge.pdf is over 5 MB.');
    expect(await agent.getByTestId('reply-file-chip').count()).toBe(0);

    await agent.getByTestId('note-text').fill('Asked about a missing order; check the courier.');
    await agent.getByTestId('note-add').click();
    await agent.getByTestId('note').first().waitFor();
    await agent.screenshot({ path: path.join(ARTIFACTS, 'console-conversation.png'), fullPage: true });
    await agent.setViewportSize({ width: 390, height: 844 });
    await agent.screenshot({ path: path.join(ARTIFACTS, 'console-phone.png'), fullPage: true });
    expect(await agent.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await agent.setViewportSize({ width: 1280, height: 900 });

    // Resolve, asking for a rating: the customer rates, then the bot answers again.
    await agent.getByTestId('resolve').click();
    await expect.poll(() => agent.getByTestId('detail').getAttribute('data-status')).toBe('resolved');
    await customer.getByText(/Reply with a number from 1 \(poor\) to 5/).waitFor({ timeout: 15_000 });
    expect(await customer.getByTestId('kc-msg-bot').count()).toBe(botAnswersBefore);
    await input.fill('5');
    await input.press('Enter');
    await expect.poll(() => customer.getByTestId('kc-msg-bot').count(), { timeout: 30_000 }).toBe(botAnswersBefore + 1);
    expect(await customer.getByTestId('kc-msg-bot').last().innerText()).toMatch(/Thank you for your rating/);
    await input.fill('How do I return an item?');
    await input.press('Enter');
    await expect.poll(() => customer.getByTestId('kc-msg-bot').count(), { timeout: 30_000 }).toBe(botAnswersBefore + 2);
    expect(await customer.getByTestId('kc-msg-bot').last().innerText()).toMatch(/30 days/);
    await customer.screenshot({ path: path.join(ARTIFACTS, 'webchat-after-handoff.png') });

    const conversationId = (await app.store.listConversations('bot')).find(() => true)!.id;
    expect(await app.store.ratings(conversationId)).toMatchObject([{ score: 5 }]);
    expect(problems).toEqual([]);
    await agent.close();
    await customer.close();
  });

  it('does the same for an SMS customer: handoff, claim, reply by SMS, resolve, the bot answers again', async () => {
    const phone = '+48601000222';
    let n = 0;
    const text = async (body: string) => {
      const messageSid = `SM${String(++n).padStart(4, '0')}${'c'.repeat(28)}`;
      const params = { MessageSid: messageSid, AccountSid: TWILIO.TWILIO_ACCOUNT_SID, From: phone, To: TWILIO.TWILIO_FROM, Body: body, NumMedia: '0' };
      const signed = twilioSigned(TWILIO.TWILIO_AUTH_TOKEN, `${TWILIO.PUBLIC_URL}/webhooks/twilio`, params);
      const res = await post(`${app.url}/webhooks/twilio`, signed.body, { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signed.signature });
      expect(res.status).toBe(200);
      await app.channels.runtime.idle();
    };
    const texts = () => twilio.requests.filter((r) => r.form?.To === phone).map((r) => r.form!.Body!);

    const agent = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(agent, app.url);
    await text('Can you recommend a good recipe for lasagne?');
    expect(texts().join('\n')).toMatch(/colleague[\s\S]*in the queue/);

    const item = agent.locator('[data-testid="queue-item"][data-status="queued"]').filter({ hasText: 'sms' });
    await item.waitFor({ timeout: 15_000 });
    await item.locator('button').click();
    await agent.getByTestId('claim').click();
    await expect.poll(() => agent.getByTestId('detail').getAttribute('data-status')).toBe('agent');
    await expect.poll(() => texts().at(-1)).toBe('Administrator from our team has joined the conversation.');
    await agent.getByTestId('reply-text').fill('Hello, this is Alice replying by text message.');
    await agent.getByTestId('reply-send').click();
    await expect.poll(() => texts().at(-1), { timeout: 15_000 }).toBe('Hello, this is Alice replying by text message.');

    // A file goes as MMS: Twilio fetches it from the server's public address.
    await agent.getByTestId('reply-file').setInputFiles({ name: 'label.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
    await expect.poll(() => agent.getByTestId('reply-file-chip').count(), { timeout: 15_000 }).toBe(1);
    await agent.getByTestId('reply-send').click();
    const media = () => twilio.requests.filter((r) => r.form?.To === phone && r.form.MediaUrl).map((r) => r.form!.MediaUrl!);
    await expect.poll(() => media().length, { timeout: 15_000 }).toBe(1);
    expect(media()[0]).toMatch(new RegExp(`^${TWILIO.PUBLIC_URL}/files/af_`));
    const served = await fetch(app.url + new URL(media()[0]!).pathname);
    expect([served.status, (await served.text()).startsWith('%PDF-')]).toEqual([200, true]);

    const before = texts().length;
    await text('Thanks. And how do I return an item?');
    await expect.poll(() => agent.getByTestId('msg-customer').last().innerText(), { timeout: 15_000 }).toContain('how do I return an item');
    expect(texts().length).toBe(before); // the bot stayed silent

    // An admin goes from the conversation to the customer's data, and back.
    await agent.getByTestId('p-customer-data').click();
    await expect.poll(() => agent.getByTestId('customer').count()).toBe(1);
    expect(await agent.getByTestId('customer').innerText()).toContain(`sms ${phone}`);
    await agent.locator('[data-testid="queue-item"]').filter({ hasText: 'sms' }).locator('button').click();
    await expect.poll(() => agent.getByTestId('detail').isVisible()).toBe(true);
    expect(await agent.getByTestId('customers').isVisible()).toBe(false);

    // The agent takes the knowledge base's answer to the customer's last message, adapts and sends it.
    await agent.getByTestId('answers-find').click();
    const answer = agent.getByTestId('answer').first();
    await answer.waitFor({ timeout: 15_000 });
    expect(await answer.innerText()).toMatch(/return an item/i);
    await answer.getByTestId('answer-insert').click();
    const inserted = await agent.getByTestId('reply-text').inputValue();
    expect(inserted).toMatch(/30 days/);
    await agent.getByTestId('reply-send').click();
    await expect.poll(() => texts().at(-1), { timeout: 15_000 }).toMatch(/30 days/);
    // A search of the agent's own.
    await agent.getByTestId('answers-q').fill('jak zapłacić kartą');
    await agent.getByTestId('answers-find').click();
    await expect.poll(() => agent.getByTestId('answer').first().innerText(), { timeout: 15_000 }).toMatch(/pay|card/i);

    await agent.getByTestId('ask-rating').uncheck();
    await agent.getByTestId('resolve').click();
    await expect.poll(() => agent.getByTestId('detail').getAttribute('data-status')).toBe('resolved');
    await expect.poll(() => texts().at(-1)).toMatch(/closed this conversation/);
    await text('How do I return an item?');
    expect(texts().at(-1)).toMatch(/30 days/);
    await agent.close();
  });

  it('shows admins the signed webhooks it refused as malformed, with the body, and leaves unsigned ones out', async () => {
    const params = { AccountSid: TWILIO.TWILIO_ACCOUNT_SID, From: '+48601000999', To: '+14155550100', Body: 'no message sid here' };
    const signed = twilioSigned(TWILIO.TWILIO_AUTH_TOKEN, `${TWILIO.PUBLIC_URL}/webhooks/twilio`, params);
    expect((await post(`${app.url}/webhooks/twilio`, signed.body, { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signed.signature })).status).toBe(400);
    const unsigned = new URLSearchParams({ ...params, Body: 'forged and malformed' }).toString();
    expect((await post(`${app.url}/webhooks/twilio`, unsigned, { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(401);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, app.url);
    await page.getByTestId('problems-button').click();
    const rejected = page.getByTestId('rejected-list');
    await expect.poll(() => rejected.innerText()).toMatch(/twilio.*MessageSid is missing/s);
    expect(await rejected.innerText()).toContain('no+message+sid+here');
    expect(await rejected.innerText()).not.toContain('forged');
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-channel-problems.png') });
    await page.close();
  });

  it('lets an admin find a customer by their number, download their data and erase it, at phone width', async () => {
    const params = { MessageSid: `SM${'e'.repeat(32)}`, AccountSid: TWILIO.TWILIO_ACCOUNT_SID, From: '+48601000777', To: '+14155550100', Body: 'Hi, this is Ewa Kowalczyk, where is my parcel?', NumMedia: '0' };
    const signed = twilioSigned(TWILIO.TWILIO_AUTH_TOKEN, `${TWILIO.PUBLIC_URL}/webhooks/twilio`, params);
    expect((await post(`${app.url}/webhooks/twilio`, signed.body, { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signed.signature })).status).toBe(200);
    await app.channels.runtime.idle();
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await signIn(page, app.url);
    await page.getByTestId('customers-button').click();
    await page.getByTestId('c-query').fill('+48 601-000-777');
    await page.getByTestId('c-query').press('Enter');
    const found = page.getByTestId('customer');
    await expect.poll(() => found.count()).toBe(1);
    expect(await found.innerText()).toMatch(/sms \+48601000777/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-customer-data-390.png'), fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('customer-export').click()]);
    const exported = JSON.parse(await readFile((await download.path())!, 'utf8')) as { tables: { messages: Array<{ text: string }> } };
    expect(exported.tables.messages.map((m) => m.text)).toContain(params.Body);

    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('customer-erase').click();
    await expect.poll(() => page.getByTestId('customers-message').innerText()).toMatch(/^Erased: \d+ stored row\(s\) about/);
    await expect.poll(() => found.count()).toBe(0);
    const left = await app.store.db.query("select 1 from messages where text = $1", [params.Body]);
    expect(left).toEqual([]);
    await page.close();
  });

  it('keeps the queue, the assignment and every message across a server restart mid-handoff', async () => {
    const login = await fetch(`${app.url}/api/admin/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const api = async (method: string, p: string, body?: unknown) => {
      const res = await fetch(`${app.url}/api/admin${p}`, { method, headers: { cookie, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: res.status, body: await res.json() };
    };

    const waiting = await connectChat(app.url);
    waiting.send({ type: 'hello', userId: 'restart-waiting-0001' });
    const waitingHistory = await waiting.next((f) => f.type === 'history');
    waiting.send({ type: 'message', clientId: crypto.randomUUID(), text: 'I want to talk to a person' });
    await waiting.next((f) => f.type === 'message' && f.message.role === 'system');

    const held = await connectChat(app.url);
    held.send({ type: 'hello', userId: 'restart-held-0001' });
    const heldHistory = await held.next((f) => f.type === 'history');
    held.send({ type: 'message', clientId: crypto.randomUUID(), text: 'Please put me through to an agent' });
    await held.next((f) => f.type === 'message' && f.message.role === 'system');
    expect((await api('POST', `/conversations/${heldHistory.conversationId}/claim`, {})).status).toBe(200);
    expect((await api('POST', `/conversations/${heldHistory.conversationId}/reply`, { text: 'Before the restart' })).status).toBe(201);
    await held.next((f) => f.type === 'message' && f.message.role === 'agent');
    waiting.close();
    held.close();

    const snapshot = async () => ({
      queue: (await api('GET', '/queue')).body.conversations.map((c: any) => [c.id, c.status, c.assignee?.id ?? null, c.position ?? null]),
      waiting: await app.store.transcript(waitingHistory.conversationId),
      held: await app.store.transcript(heldHistory.conversationId),
      history: await app.store.ownershipHistory(heldHistory.conversationId),
      packet: (await app.store.handoffs(waitingHistory.conversationId)).map((h) => h.packet),
    });
    const before = await snapshot();
    expect(before.queue).toContainEqual([waitingHistory.conversationId, 'queued', null, 1]);
    expect(before.queue).toContainEqual([heldHistory.conversationId, 'agent', expect.any(String), null]);

    await app.close();
    app = await startApp(config(), TEST_APP);

    // The agent's session survives too (sessions live in the database).
    const after = await snapshot();
    expect(after).toEqual(before);

    // The conversation carries on where it stopped: the customer's words go to the agent, not the bot.
    const again = await connectChat(app.url);
    again.send({ type: 'hello', userId: 'restart-held-0001' });
    const history = await again.next((f) => f.type === 'history');
    expect(history.messages.map((m: any) => m.id)).toEqual(before.held.map((m) => m.id));
    const clientId = crypto.randomUUID();
    again.send({ type: 'message', clientId, text: 'Are you still there?' });
    await again.next((f) => f.type === 'ack' && f.clientId === clientId);
    expect((await api('POST', `/conversations/${heldHistory.conversationId}/reply`, { text: 'Yes, still here after the restart' })).status).toBe(201);
    const reply = await again.next((f) => f.type === 'message' && f.message.role !== 'customer');
    expect(reply.message).toMatchObject({ role: 'agent', text: 'Yes, still here after the restart' });
    again.close();
    const transcript = await app.store.transcript(heldHistory.conversationId);
    expect(transcript.slice(-2).map((m) => m.role)).toEqual(['customer', 'agent']);
  });
});
