import path from 'node:path';
import { ARTIFACTS, launchChromium, signInAt, type TestBrowser } from '../app/browser-test-support.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEvents } from '../analytics/index.ts';
import { startApp, type RunningApp } from '../app/app.ts';
import { loadConfig } from '../app/config.ts';
import { tempDir, templateDataDir, TEST_APP } from '../app/test-support.ts';
import { CATALOGUE_LANGUAGES, CATALOGUES, type CatalogueKey } from '../bot/index.ts';

const ADMIN = { email: 'helen@example.test', password: 'helen-console-password' };

/**
 * The help center in a real browser on the sample knowledge base: a Polish reader searches,
 * opens an article, says it did not help and continues in the chat; an agent in the console
 * sees which article failed. Screenshots of the help center in English, Arabic and Chinese.
 */
describe('the help center in chromium', () => {
  let data: Awaited<ReturnType<typeof tempDir>>;
  let app: RunningApp;
  let browser: TestBrowser;

  beforeAll(async () => {
    data = await templateDataDir('sample', 'faqbot-help-browser-');
    app = await startApp(loadConfig({ PORT: '0', LOG_LEVEL: 'silent', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password }, data.dir), TEST_APP);
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await data?.cleanup();
  });

  it('a Polish reader searches, opens an article, votes "no", continues in chat, and the agent sees the article', async () => {
    const problems: string[] = [];
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, locale: 'pl-PL' });
    const reader = await context.newPage();
    reader.on('pageerror', (err) => problems.push(`reader: ${err.message}`));
    await reader.goto(`${app.url}/help`);
    expect(new URL(reader.url()).pathname).toBe('/help/pl');
    expect(await reader.locator('html').getAttribute('lang')).toBe('pl');

    // Results as the reader types.
    await reader.getByTestId('help-search-input').pressSequentially('jak zwrócić produkt', { delay: 20 });
    const live = reader.getByTestId('help-live-link').first();
    await live.waitFor({ timeout: 30_000 });
    // A pause between keystrokes on a busy machine can show a shorter query's results first.
    await expect.poll(() => live.innerText(), { timeout: 30_000 }).toBe('Jak zwrócić produkt?');
    await live.click();
    await reader.waitForURL(/\/help\/pl\/returns\/jak-zwrocic-produkt$/);
    expect(await reader.getByTestId('help-article-title').innerText()).toBe('Jak zwrócić produkt?');

    // "No" asks what was missing; the form posts and comes back with thanks and the chat.
    await reader.getByTestId('help-vote-no').click();
    await reader.getByTestId('help-vote-reason').fill('Nic o zwrocie przez paczkomat');
    await reader.getByTestId('help-vote-send').click();
    await reader.getByTestId('help-vote-done').waitFor();
    expect(await reader.getByTestId('help-vote-done').innerText()).toBe(CATALOGUES.pl!['help.thanks']);
    const votes = await readEvents(app.store.db, ['help.vote'], new Date(0), new Date(Date.now() + 60_000));
    expect(votes.filter((v) => v.entryId === 'return-an-item')).toMatchObject([{ lang: 'pl', data: { helpful: false, reason: 'Nic o zwrocie przez paczkomat' } }]);

    await reader.getByTestId('help-continue-chat').click();
    await reader.getByTestId('kc-panel').waitFor({ state: 'visible', timeout: 30_000 });
    const notice = reader.getByTestId('kc-msg-system').filter({ hasText: 'Jak zwrócić produkt?' });
    await notice.waitFor({ timeout: 30_000 });
    expect(await notice.innerText()).toContain('Nic o zwrocie przez paczkomat');
    await reader.getByTestId('kc-input').fill('Chcę porozmawiać z konsultantem');
    await reader.getByTestId('kc-input').press('Enter');
    await expect.poll(() => reader.getByTestId('kc-msg-system').count(), { timeout: 30_000 }).toBeGreaterThan(1);
    await reader.screenshot({ path: path.join(ARTIFACTS, 'help-center-pl-chat.png') });

    // The agent opens the conversation from the queue and sees which article failed, and why.
    const agent = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    agent.on('pageerror', (err) => problems.push(`console: ${err.message}`));
    await signInAt(agent, `${app.url}/admin/`, ADMIN);
    const item = agent.locator('[data-testid="queue-item"][data-status="queued"]').first();
    await item.waitFor({ timeout: 30_000 });
    await item.locator('button').click();
    const transcript = agent.getByTestId('transcript');
    await transcript.waitFor();
    await expect.poll(() => transcript.innerText(), { timeout: 15_000 }).toContain('Jak zwrócić produkt?');
    const text = await transcript.innerText();
    expect(text).toContain('/help/pl/returns/jak-zwrocic-produkt');
    expect(text).toContain('Nic o zwrocie przez paczkomat');
    expect(await agent.getByTestId('help-article').innerText()).toContain('return-an-item');
    await agent.screenshot({ path: path.join(ARTIFACTS, 'help-center-agent-sees-article.png'), fullPage: true });
    // The handoff packet's transcript (what a webhook or email receives) carries it too.
    const [handoff] = await app.store.handoffs((await app.store.listConversations('queued'))[0]!.id);
    expect(JSON.stringify(handoff!.packet)).toContain('jak-zwrocic-produkt');
    expect(problems).toEqual([]);
    await context.close();
    await agent.close();
  }, 300_000);

  it('frames every page in every shipped language from the catalogue, right to left for Arabic', async () => {
    const frameKeys: CatalogueKey[] = ['help.title', 'help.intro', 'help.searchLabel', 'help.searchPlaceholder', 'help.searchButton', 'help.languages',
      'help.popular', 'help.categories', 'help.stillNeedHelp', 'help.askChat', 'category.returns', 'category.payments'];
    const articleKeys: CatalogueKey[] = ['help.helpfulQuestion', 'help.yes', 'help.no', 'help.whatMissing', 'help.sendFeedback', 'help.continueChat', 'help.related', 'help.breadcrumbs'];
    const escape = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
    for (const lang of CATALOGUE_LANGUAGES) {
      const c = CATALOGUES[lang]!;
      const home = await (await fetch(`${app.url}/help/${lang}`)).text();
      expect(home).toContain(`<html lang="${lang}" dir="${lang === 'ar' ? 'rtl' : 'ltr'}">`);
      for (const key of frameKeys) expect(home, `${lang} ${key}`).toContain(escape(c[key]));
      // An entry with related entries, so the whole article frame is there.
      const orders = await (await fetch(`${app.url}/help/${lang}/orders`)).text();
      const href = orders.match(/href="([^"]+)" data-testid="help-article-link" data-entry-id="cancel-an-order"/)![1]!;
      const article = await (await fetch(`${app.url}${href}`)).text();
      for (const key of articleKeys) expect(article, `${lang} ${key}`).toContain(escape(c[key]));
      if (lang === 'en') continue;
      // No English frame words on the page.
      for (const key of [...frameKeys, ...articleKeys]) {
        if (CATALOGUES.en![key] !== c[key]) expect(home + article, `${lang} has English ${key}`).not.toContain(`>${escape(CATALOGUES.en![key])}<`);
      }
      if (lang === 'pl') continue;
      // In a non-Latin script, nothing of the frame is left in English at all (the switcher names each language in itself; articles are content).
      for (const page of [home, article]) {
        const frame = page.replace(/<head>[\s\S]*?<\/head>/, '').replace(/<script[\s\S]*?<\/script>/g, '')
          .replace(/<a [^>]*data-testid="help-article-link"[^>]*>[\s\S]*?<\/a>/g, '').replace(/<div class="answer"[\s\S]*?<\/div>\n<\/article>/, '')
          .replace(/<h1 data-testid="help-article-title">[\s\S]*?<\/h1>/, '').replace(/<span aria-current="page">[^<]*<\/span>/, '')
          .replace(/<[^>]+>/g, ' ').replace(/English|Polski/g, '');
        expect(frame, lang).not.toMatch(/[A-Za-z]{3,}/);
      }
    }
  });

  it('shows the categories in the order an editor sets (the admin API the knowledge editor uses)', async () => {
    const login = await fetch(`${app.url}/api/admin/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(ADMIN) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const put = await fetch(`${app.url}/api/admin/help/categories`, {
      method: 'PUT', headers: { 'Content-Type': 'application/json', Cookie: cookie, Origin: app.url }, body: JSON.stringify({ order: ['returns', 'payments'] }),
    });
    expect(put.status).toBe(200);
    const body = await put.json();
    expect(body.order).toEqual(['returns', 'payments']);
    expect(body.categories[0]).toMatchObject({ id: 'returns', names: { pl: CATALOGUES.pl!['category.returns'] } });
    const home = await (await fetch(`${app.url}/help/pl`)).text();
    expect([...home.matchAll(/data-category="([^"]+)"/g)].map((m) => m[1]).slice(0, 2)).toEqual(['returns', 'payments']);
    expect((await fetch(`${app.url}/api/admin/help/categories`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: '{"order":[]}' })).status).toBe(401);
  });

  it('searches without JavaScript: the plain form and the results page', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${app.url}/help/en`);
    await page.getByTestId('help-search-input').fill('how long do refunds take');
    await page.getByTestId('help-search-button').click();
    await page.waitForURL(/\/help\/search\?/);
    expect(await page.getByTestId('help-results-title').innerText()).toContain('how long do refunds take');
    expect(await page.getByTestId('help-results').locator('a').count()).toBeGreaterThan(0);
    await context.close();
  }, 120_000);

  it('is laid out in each language, right to left in Arabic (screenshots)', async () => {
    for (const [lang, dir] of [['en', 'ltr'], ['ar', 'rtl'], ['zh', 'ltr']] as const) {
      const page = await browser.newPage({ viewport: { width: 1100, height: 1000 } });
      await page.goto(`${app.url}/help/${lang}`);
      expect(await page.locator('html').getAttribute('dir')).toBe(dir);
      expect(await page.locator('h1').innerText()).toBe(CATALOGUES[lang]!['help.title']);
      await page.screenshot({ path: path.join(ARTIFACTS, `help-center-${lang}.png`), fullPage: true });
      // The widget links to the most asked articles that are not already starter topics.
      await page.getByTestId('kc-launcher').click();
      const help = page.getByTestId('kc-help-link').first();
      await help.waitFor({ timeout: 30_000 });
      expect(new URL((await help.getAttribute('href'))!).pathname).toMatch(new RegExp(`^/help/${lang}/`));
      await page.screenshot({ path: path.join(ARTIFACTS, `help-center-${lang}-widget.png`) });
      await page.getByTestId('kc-close').click();
      await page.getByTestId('help-category-link').first().click();
      await page.getByTestId('help-article-link').first().click();
      await page.getByTestId('help-article-title').waitFor();
      await page.screenshot({ path: path.join(ARTIFACTS, `help-center-${lang}-article.png`), fullPage: true });
      await page.close();
    }
  }, 120_000);
});
