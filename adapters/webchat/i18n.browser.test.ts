import path from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, launchChromium, type TestBrowser } from '../../app/browser-test-support.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../app/app.ts';
import { loadConfig } from '../../app/config.ts';
import { templateDataDir, tempDir } from '../../app/test-support.ts';
import { CATALOGUES, type Catalogue } from '../../bot/index.ts';
import { chineseScript } from '../../knowledge/index.ts';

const PHONE = { width: 390, height: 844 };
const LATIN = /[A-Za-z]/;

/**
 * Every word of the widget's own chrome (not the customer's text, not the knowledge base's
 * answers): visible text, placeholders, and the labels screen readers and tooltips use.
 */
async function chromeWords(page: Page): Promise<Array<{ where: string; text: string }>> {
  return page.evaluate(() => {
    const root = document.querySelector('.kc-root')!;
    const out: Array<{ where: string; text: string }> = [];
    const content = '.kc-msg--customer, .kc-msg--bot:not([data-kc-t]), .kc-suggestion';
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const parent = n.parentElement!;
      if (parent.closest(content) || parent.closest('[hidden]') || !n.textContent!.trim()) continue;
      out.push({ where: parent.className || parent.tagName, text: n.textContent!.trim() });
    }
    for (const e of Array.from(root.querySelectorAll('[aria-label], [title], [placeholder]'))) {
      if (e.closest(content) && !e.matches('.kc-suggestions, .kc-starters')) continue;
      for (const a of ['aria-label', 'title', 'placeholder']) {
        const v = e.getAttribute(a);
        if (v && !(e.classList.contains('kc-msg') && a === 'title')) out.push({ where: `${e.className} @${a}`, text: v });
      }
    }
    return out;
  });
}

/** Waits until the widget shows `count` messages from the bot, the desk or an agent. */
async function repliesReach(page: Page, count: number) {
  await expect.poll(() => page.locator('.kc-msg--bot:not([data-kc-t]), .kc-msg--system, .kc-msg--agent').count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(count);
}

async function say(page: Page, text: string) {
  const before = await page.locator('.kc-msg--bot:not([data-kc-t]), .kc-msg--system, .kc-msg--agent').count();
  await page.getByTestId('kc-input').fill(text);
  await page.getByTestId('kc-send').click();
  // Acknowledged by the server: stored in the conversation.
  await expect.poll(() => page.locator('.kc-msg--customer').last().getAttribute('data-state'), { timeout: 60_000 }).toBe('sent');
  await expect.poll(() => page.getByTestId('kc-typing').isHidden(), { timeout: 60_000 }).toBe(true);
  return before;
}

describe('the web chat widget speaks the customer\'s language (Thai and Arabic, phone-sized)', () => {
  let data: Awaited<ReturnType<typeof tempDir>>;
  let app: RunningApp;
  let browser: TestBrowser;
  let agentId: string;

  beforeAll(async () => {
    data = await templateDataDir('sample', 'faqbot-i18n-browser-');
    // Customers see "a colleague from our support team", never the agent's (Latin) name.
    app = await startApp(loadConfig({ PORT: '0', LOG_LEVEL: 'silent', AGENT_DISPLAY_NAME: 'team' }, data.dir), { admin: { passwordHashing: { N: 1024 } } });
    agentId = (await app.admin.users.create({ email: 'agent@i18n.test', name: 'Alice Agent', role: 'agent', password: 'a long agent password' })).id;
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await data?.cleanup();
  });

  /** An agent takes the conversation over and resolves it asking for a rating, as in the console. */
  async function agentTakesOverAndAsksRating(userId: string) {
    const customer = await app.store.resolveCustomer('webchat', userId);
    const conversation = await app.store.conversationFor(customer.id, 'webchat');
    if (conversation.status === 'bot') await app.admin.desk.ownership.handoff(conversation.id, 'bot', 'asked-for-human');
    const agent = (await app.admin.users.byId(agentId))!;
    await app.admin.desk.claim(conversation.id, agent);
    return async () => app.admin.desk.resolve(conversation.id, agent, { askRating: true });
  }

  async function walk(page: Page, lang: 'th' | 'ar', words: { greeting: string; question: string; ok: string; bye: string }) {
    const c: Catalogue = CATALOGUES[lang]!;
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    const panel = page.getByTestId('kc-panel');
    await expect.poll(() => panel.isVisible(), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => page.getByTestId('kc-title').innerText()).toBe(c.botName);

    // The opening: a welcome in the customer's language and the starter topics as buttons.
    expect(await panel.getAttribute('dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
    expect(await panel.getAttribute('lang')).toBe(lang);
    expect(await page.getByTestId('kc-welcome-text').innerText()).toBe(c['widget.welcome'].replace('{name}', c.botName));
    expect(await page.getByTestId('kc-input').getAttribute('placeholder')).toBe(c['widget.placeholder']);
    expect(await page.getByTestId('kc-send').getAttribute('aria-label')).toBe(c['widget.send']);
    const starters = page.getByTestId('kc-starter');
    expect(await starters.count()).toBeGreaterThan(0);
    for (const title of await starters.allInnerTexts()) expect(title).toMatch(lang === 'th' ? /[\u0E00-\u0E7F]/ : /[\u0600-\u06FF]/);
    expect(await page.getByTestId('kc-starters').getAttribute('aria-label')).toBe(c['widget.starters']);
    await page.screenshot({ path: path.join(ARTIFACTS, `webchat-${lang}-1-welcome.png`) });

    // A starter topic is a choice, like a suggestion: its answer comes back, and the starters go.
    const starterTitle = (await starters.first().innerText()).trim();
    await starters.first().click();
    await repliesReach(page, 1);
    expect(await page.locator('.kc-msg--customer').first().innerText()).toBe(starterTitle);
    expect(await page.getByTestId('kc-starters').isHidden()).toBe(true);

    let before = await say(page, words.greeting);
    await repliesReach(page, before + 1);
    before = await say(page, words.question);
    await repliesReach(page, before + 1);
    const feedback = page.getByTestId('kc-feedback').last();
    expect(await feedback.getAttribute('aria-label')).toBe(c['widget.feedback']);
    await say(page, words.ok);
    await page.screenshot({ path: path.join(ARTIFACTS, `webchat-${lang}-2-conversation.png`) });

    // An agent joins (the notice names the team, in the customer's language), then resolves and asks for a rating.
    const userId = await page.evaluate(() => localStorage.getItem('kc.userId'));
    const resolve = await agentTakesOverAndAsksRating(userId!);
    await expect.poll(() => page.locator('.kc-msg--system').allInnerTexts(), { timeout: 30_000 }).toContain(c.agentJoinedTeam);
    await resolve();
    const rating = page.getByTestId('kc-rating');
    await rating.waitFor({ timeout: 30_000 });
    expect(await page.locator('.kc-msg--system').last().innerText()).toBe(c.ratingPrompt);
    expect(await rating.getAttribute('aria-label')).toBe(c['widget.rating']);
    const stars = rating.getByTestId('kc-star');
    expect(await stars.count()).toBe(5);
    expect(await stars.nth(3).getAttribute('aria-label')).toBe(c['widget.ratingStar'].replace('{n}', '4'));
    await page.screenshot({ path: path.join(ARTIFACTS, `webchat-${lang}-3-rating.png`) });
    await stars.nth(3).click();
    await expect.poll(() => page.locator('.kc-msg--bot:not([data-kc-t])').last().innerText(), { timeout: 30_000 }).toBe(c.ratingThanks);
    const customer = await app.store.resolveCustomer('webchat', userId!);
    const conversation = await app.store.conversationFor(customer.id, 'webchat');
    expect((await app.store.ratings(conversation.id)).map((r) => r.score)).toEqual([4]);
    expect(await stars.nth(0).isDisabled()).toBe(true);

    await say(page, words.bye);
    await page.screenshot({ path: path.join(ARTIFACTS, `webchat-${lang}-4-bye.png`) });

    // Every word of the widget's own chrome is in the customer's language.
    const chrome = await chromeWords(page);
    expect(chrome.length).toBeGreaterThan(15);
    expect(chrome.filter((w) => LATIN.test(w.text.replace(/\{n\}/g, '')))).toEqual([]);
    // Every answer and notice is in the conversation's language too.
    for (const l of await page.locator('.kc-msg--bot:not([data-kc-t]), .kc-msg--system').evaluateAll((els) => els.map((e) => e.getAttribute('lang')))) expect(l).toBe(lang);
    expect(problems).toEqual([]);
  }

  it('walks a Thai conversation in a Thai browser on the demo page (English page, no data-lang)', async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'th-TH', isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.goto(`${app.url}/`);
    await walk(page, 'th', { greeting: 'สวัสดีครับ', question: 'อยากคืนสินค้าที่ซื้อไป ต้องทำอย่างไร', ok: 'โอเค', bye: 'บายครับ' });
    await context.close();
  }, 240_000);

  it('walks an Arabic conversation on the Arabic help center (data-lang="ar"), right to left', async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'en-US', isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.goto(`${app.url}/help?lang=ar`);
    await page.getByTestId('kc-launcher').click();
    await walk(page, 'ar', { greeting: 'مرحبا', question: 'كيف أقوم بإرجاع منتج اشتريته؟', ok: 'حسنا', bye: 'مع السلامة' });
    await context.close();
  }, 240_000);

  it('answers "你好" in a Taiwanese browser in Traditional characters: the widget tells the server the browser\'s language', async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'zh-TW' });
    const page = await context.newPage();
    await page.goto(`${app.url}/`);
    await page.getByTestId('kc-input').fill('你好');
    await page.getByTestId('kc-send').click();
    const reply = page.locator('.kc-msg--bot:not([data-kc-t])').last();
    await reply.waitFor({ timeout: 60_000 });
    expect(chineseScript(await reply.innerText())).toBe('traditional');
    await context.close();
  }, 240_000);

  it('follows the conversation\'s language: a Polish page whose customer writes Thai gets Thai words', async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'pl-PL' });
    const page = await context.newPage();
    await page.goto(`${app.url}/`);
    await expect.poll(() => page.getByTestId('kc-title').innerText(), { timeout: 30_000 }).toBe(CATALOGUES.pl!.botName);
    expect(await page.getByTestId('kc-input').getAttribute('placeholder')).toBe(CATALOGUES.pl!['widget.placeholder']);
    await page.getByTestId('kc-input').fill('อยากคืนสินค้าที่ซื้อไป ต้องทำอย่างไร');
    await page.getByTestId('kc-send').click();
    await expect.poll(() => page.getByTestId('kc-input').getAttribute('placeholder'), { timeout: 60_000 }).toBe(CATALOGUES.th!['widget.placeholder']);
    expect(await page.getByTestId('kc-title').innerText()).toBe(CATALOGUES.th!.botName);
    // After a reload the history says which language the conversation is in.
    await page.reload();
    await expect.poll(() => page.getByTestId('kc-input').getAttribute('placeholder'), { timeout: 30_000 }).toBe(CATALOGUES.th!['widget.placeholder']);
    await context.close();
  }, 240_000);
});
