import path from 'node:path';
import { ARTIFACTS, launchChromium, type TestBrowser } from '../../app/browser-test-support.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../app/app.ts';
import { loadConfig } from '../../app/config.ts';
import { tempDir, templateDataDir, TEST_APP } from '../../app/test-support.ts';


/** The smallest PNG there is (one transparent pixel). */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

describe('the web chat widget in a real browser', () => {
  let data: Awaited<ReturnType<typeof tempDir>>;
  let app: RunningApp;
  let browser: TestBrowser;

  beforeAll(async () => {
    data = await templateDataDir('sample', 'faqbot-browser-');
    app = await startApp(loadConfig({ PORT: '0', LOG_LEVEL: 'silent' }, data.dir), TEST_APP);
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await data.cleanup();
  });

  it('opens, asks, shows the answer and a suggestion button, and restores history on reload', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    await page.goto(`${app.url}/`);
    const panel = page.getByTestId('kc-panel');
    await expect.poll(() => panel.isVisible()).toBe(true);
    const log = page.getByTestId('kc-log');
    expect(await log.getAttribute('role')).toBe('log');
    expect(await log.getAttribute('aria-live')).toBe('polite');

    await page.getByTestId('kc-input').fill('How do I return an item?');
    await page.getByTestId('kc-input').press('Enter');
    const answer = page.getByTestId('kc-msg-bot').last();
    await answer.waitFor({ timeout: 30_000 });
    expect(await answer.innerText()).toMatch(/30 days/i);
    const suggestion = page.getByTestId('kc-suggestion').first();
    await suggestion.waitFor({ timeout: 10_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'webchat-answer.png') });

    const title = await suggestion.innerText();
    await suggestion.click();
    await expect.poll(() => page.getByTestId('kc-msg-bot').count(), { timeout: 30_000 }).toBe(2);
    expect(await page.getByTestId('kc-msg-customer').last().innerText()).toContain(title.trim());

    await page.reload();
    await expect.poll(() => page.getByTestId('kc-msg-bot').count(), { timeout: 30_000 }).toBe(2);
    expect(await page.getByTestId('kc-msg-customer').count()).toBe(2);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('sends a photo with words at phone width: the bot answers the words, the agent can open the photo', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    await page.goto(`${app.url}/`);
    await expect.poll(() => page.getByTestId('kc-panel').isVisible()).toBe(true);
    expect(await page.getByTestId('kc-attach').getAttribute('aria-label')).toBe('Attach a photo or PDF');
    await page.getByTestId('kc-input').fill('How do I return an item?');
    // A slow network: while the photo uploads, the paperclip says so.
    const uploads = (url: URL) => url.pathname === '/webchat/uploads';
    await page.route(uploads, async (route) => {
      await new Promise((r) => setTimeout(r, 1500));
      await route.continue();
    });
    await page.getByTestId('kc-file').setInputFiles({ name: 'parcel.png', mimeType: 'image/png', buffer: PNG });
    const attach = page.getByTestId('kc-attach');
    await expect.poll(() => attach.getAttribute('aria-busy')).toBe('true');
    expect(await attach.getAttribute('aria-label')).toBe('Uploading…');
    const mine = page.getByTestId('kc-msg-customer').last();
    await expect.poll(() => mine.innerText()).toBe('How do I return an item?');
    expect([await attach.getAttribute('aria-busy'), await attach.getAttribute('aria-label')]).toEqual(['false', 'Attach a photo or PDF']);
    await page.unroute(uploads);
    // The customer sees their photo itself, loaded from the chat server, before and after a reload.
    const photoLoaded = () => mine.getByTestId('kc-photo').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0);
    await expect.poll(photoLoaded).toBe(true);
    const answer = page.getByTestId('kc-msg-bot').last();
    await answer.waitFor({ timeout: 30_000 });
    expect(await answer.innerText()).toMatch(/30 days/i);
    expect(await page.getByTestId('kc-input').inputValue()).toBe('');
    await page.screenshot({ path: path.join(ARTIFACTS, 'webchat-photo-390.png') });
    await page.reload();
    await expect.poll(() => page.getByTestId('kc-msg-bot').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await mine.innerText()).toBe('How do I return an item?');
    await expect.poll(photoLoaded).toBe(true);
    expect(await mine.getByTestId('kc-photo').locator('xpath=..').getAttribute('aria-label')).toBe('Photo');

    const [stored] = await app.store.db.query<{ attachments: Array<{ ref: string; kind: string; name: string }> }>(
      "select attachments from messages where role = 'customer' and text = 'How do I return an item?' and attachments is not null");
    expect(stored!.attachments).toEqual([expect.objectContaining({ kind: 'image', mime: 'image/png', name: 'parcel.png' })]);
    const media = await app.adapters.get('webchat')!.media!(stored!.attachments[0]!.ref);
    expect(media?.bytes.equals(PNG)).toBe(true);

    // A screenshot pasted into the message box is sent as the paperclip's files are, with the words typed.
    const sent = await page.getByTestId('kc-msg-customer').count();
    await page.getByTestId('kc-input').fill('this error');
    await page.getByTestId('kc-input').evaluate((box, b64) => {
      const data = new DataTransfer();
      data.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], 'error.png', { type: 'image/png' }));
      box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, PNG.toString('base64'));
    await expect.poll(() => page.getByTestId('kc-msg-customer').count()).toBe(sent + 1);
    expect(await page.getByTestId('kc-msg-customer').last().innerText()).toBe('this error');
    await expect.poll(() => page.getByTestId('kc-msg-customer').last().getByTestId('kc-photo').count()).toBe(1);

    // A file of another kind is refused in the customer's words, and nothing is sent.
    const before = await page.getByTestId('kc-msg-customer').count();
    await page.getByTestId('kc-file').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
    await expect.poll(() => page.getByTestId('kc-notice').innerText()).toBe('Only photos and PDF files of up to 10 MB can be attached');
    expect(await page.getByTestId('kc-msg-customer').count()).toBe(before);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('lays Arabic answers out right to left', async () => {
    const page = await browser.newPage({ viewport: { width: 420, height: 800 } });
    await page.goto(`${app.url}/`);
    await page.getByTestId('kc-input').fill('كيف أقوم بإرجاع منتج اشتريته؟');
    await page.getByTestId('kc-send').click();
    const answer = page.getByTestId('kc-msg-bot').last();
    await answer.waitFor({ timeout: 30_000 });
    expect(await answer.getAttribute('dir')).toBe('rtl');
    await page.screenshot({ path: path.join(ARTIFACTS, 'webchat-arabic-phone.png') });
    await page.close();
  });
});
