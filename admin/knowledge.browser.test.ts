import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, launchChromium, signInAt, type TestBrowser } from '../app/browser-test-support.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../app/app.ts';
import { loadConfig } from '../app/config.ts';
import { templateDataDir, tempDir } from '../app/test-support.ts';
import { loadConversationEntries, serializeEntryMarkdown } from '../knowledge/index.ts';
import { FIXTURE_ENTRIES } from '../knowledge/test-fixtures.ts';

const ADMIN = { email: 'root@example.test', password: 'root-knowledge-password' };
const EDITOR = { email: 'edith@example.test', password: 'edith-editor-password', name: 'Edith Editor', role: 'editor' };
const ANALYST = { email: 'anna@example.test', password: 'anna-analyst-password', name: 'Anna Analyst', role: 'analyst' };
/** Everything a page must not do with the payloads below: run them. */
const PAYLOADS = {
  question: 'XSS probe <img src=x onerror="window.__pwned=1;alert(1)">',
  alternate: '<script>window.__pwned=2;alert(2)</script> probe',
  answer: 'Probe answer **bold** <img src=x onerror="window.__pwned=3;alert(3)"> <script>alert(4)</script> [link](javascript:alert(5))',
  tag: '<b onmouseover=alert(6)>',
  customer: 'Where is <img src=x onerror="window.__pwned=7;alert(7)"> the <script>alert(8)</script> flux capacitor?',
};

interface Chat { entryId?: string; text: string; lang: string; handoff?: boolean }

/**
 * The knowledge editor with the real app behind it: drafts, publishing (embeddings, training),
 * versions, the test console and the unanswered inbox, in Debian's chromium. The app starts on
 * the small bilingual fixture knowledge base. Thresholds of 0.5/0.5 make every question the
 * knowledge base cannot answer a handoff (no "did you mean" step), as in the console test.
 */
describe('knowledge editor in chromium', () => {
  let data: Awaited<ReturnType<typeof tempDir>>;
  let kb: Awaited<ReturnType<typeof tempDir>>;
  let app: RunningApp;
  let browser: TestBrowser;
  let chats = 0;

  /** Ask the bot through POST /api/chat as a new customer; the first reply. */
  const ask = async (text: string, lang?: string): Promise<Chat> => {
    const res = await fetch(`${app.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: `kb-browser-${++chats}`, text, lang }) });
    expect(res.status).toBe(200);
    const body = await res.json() as { replies: Chat[]; handoff?: boolean };
    return { ...body.replies[0]!, handoff: body.handoff };
  };

  /** A page that records every script error and native dialog (a payload calling alert() opens one). */
  const newPage = async (width = 1280) => {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); void d.dismiss(); });
    return { page, problems };
  };

  const signIn = async (page: Page, who: { email: string; password: string }, at = '/admin/knowledge.html') => {
    await signInAt(page, `${app.url}${at}`, who);
    await page.getByTestId('entry-list').waitFor();
  };

  const tab = async (page: Page, name: 'entries' | 'publish' | 'test' | 'inbox' | 'io') => {
    await page.getByTestId(`tab-${name}`).click();
    await expect.poll(() => page.getByTestId('screen').getAttribute('data-screen')).toBe(name);
  };

  /** Wait for `selector` to appear; fail at once with the page's alert if the UI reports an error instead. */
  const appears = async (page: Page, selector: string, timeout = 30_000) => {
    await expect.poll(async () => {
      if (await page.getByTestId('alert').isVisible()) return `alert: ${await page.getByTestId('alert').innerText()}`;
      return (await page.locator(selector).count()) > 0 ? 'shown' : 'waiting';
    }, { timeout, message: selector }).toBe('shown');
  };

  const shot = async (page: Page, name: string) => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(ARTIFACTS, `knowledge-${name}.png`), fullPage: true });
  };

  /** Publish from the bar and wait for the job to finish. */
  const publish = async (page: Page) => {
    await page.getByTestId('publish').click();
    await expect.poll(() => page.getByTestId('publish-bar').getAttribute('data-state'), { timeout: 120_000 }).toBe('done');
    expect(await page.getByTestId('publish-message').innerText()).toMatch(/Published version \d+/);
  };

  beforeAll(async () => {
    data = await templateDataDir('fixture', 'faqbot-kb-browser-');
    kb = await tempDir('faqbot-kb-browser-kb-');
    for (const e of FIXTURE_ENTRIES) await writeFile(path.join(kb.dir, `${e.id}.md`), serializeEntryMarkdown(e));
    app = await startApp(loadConfig({
      // MAX_FAILED_ATTEMPTS 1: a first unanswered question is no longer handed off by default.
      PORT: '0', LOG_LEVEL: 'silent', KB_DIR: kb.dir, ANSWER_THRESHOLD: '0.5', CLARIFY_THRESHOLD: '0.5', MAX_FAILED_ATTEMPTS: '1',
      ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password,
    }, data.dir), { admin: { passwordHashing: { N: 1024 } } });
    // The admin creates the editor's and the analyst's accounts through the console API.
    const login = await fetch(`${app.url}/api/admin/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    for (const u of [EDITOR, ANALYST]) {
      const res = await fetch(`${app.url}/api/admin/users`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(u) });
      expect(res.status).toBe(201);
    }
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await data?.cleanup();
    await kb?.cleanup();
  });

  it('an editor writes an entry with a Polish translation, publishes, the web chat answers it; after a roll back it does not', async () => {
    const { page, problems } = await newPage();
    // An editor signing in at the agent console is sent to the editor (editors have no queue).
    await signIn(page, EDITOR, '/admin/');
    expect(page.url()).toContain('/admin/knowledge.html');
    expect(await page.getByTestId('me').innerText()).toContain('Edith Editor (editor)');
    expect(await page.getByTestId('team-link').isVisible()).toBe(false);
    // The folder's entries and the bundled conversation (small talk) entries. The list is on the
    // page (empty) before its entries arrive, so wait for them.
    await expect.poll(() => page.getByTestId('entry-item').count()).toBe(FIXTURE_ENTRIES.length + (await loadConversationEntries()).length);
    await shot(page, 'entries');

    await page.getByTestId('new-entry').click();
    await page.getByTestId('editor').waitFor();
    await page.getByTestId('e-id').fill('gift-cards');
    await page.getByTestId('e-category').fill('shop');
    await page.getByTestId('tag-input').fill('gifts');
    await page.getByTestId('tag-input').press('Enter');
    const en = page.locator('[data-testid="variant"][data-lang="en"]');
    // Nothing typed yet: no advice on phrasings.
    expect(await en.getByTestId('few-phrasings').isVisible()).toBe(false);
    await en.getByTestId('v-question').fill('Do you sell gift cards?');
    // One phrasing is an entry customers rarely reach: the editor says so, and how many to aim for.
    expect(await en.getByTestId('few-phrasings').innerText()).toMatch(/^One way to ask so far\..*Aim for 5 or more/);
    const alternate = en.getByTestId('alternate-input');
    for (const a of ['Can I buy a gift voucher?', 'Gift card for a friend', 'typo to remove']) {
      await alternate.fill(a);
      await alternate.press('Enter');
    }
    expect(await en.getByTestId('few-phrasings').innerText()).toMatch(/^4 ways to ask so far/);
    // × removes one, from the keyboard too.
    await en.getByTestId('alternate-remove').last().focus();
    await page.keyboard.press('Enter');
    expect(await en.getByTestId('alternate-text').allInnerTexts()).toEqual(['Can I buy a gift voucher?', 'Gift card for a friend']);
    expect(await en.getByTestId('few-phrasings').innerText()).toMatch(/^3 ways to ask so far/);
    await en.getByTestId('v-answer').fill('Yes: gift cards from **25 EUR**, sent by email.');
    // The live preview is the web chat's own rendering.
    await expect.poll(() => en.locator('[data-testid="v-preview"] strong').textContent()).toBe('25 EUR');

    // The Polish translation, side by side.
    await page.getByTestId('pane-right').selectOption('pl');
    const pl = page.locator('[data-testid="variant"][data-lang="pl"]');
    await pl.getByTestId('add-variant').click();
    await pl.getByTestId('v-question').fill('Czy sprzedajecie karty podarunkowe?');
    await pl.getByTestId('alternate-input').fill('Chcę kupić bon podarunkowy');
    await pl.getByTestId('alternate-input').press('Enter');
    await pl.getByTestId('v-answer').fill('Tak: karty podarunkowe od **100 zł**, wysyłane e-mailem.');
    await expect.poll(() => pl.locator('[data-testid="v-preview"] strong').textContent()).toBe('100 zł');
    await shot(page, 'editor');
    // A stray click on a tab does not throw the unsaved entry away.
    await page.getByTestId('tab-publish').click();
    // The dialog is filled when the page handles the navigation, after the click returns.
    await expect.poll(() => page.getByTestId('confirm-text').innerText()).toMatch(/not saved/);
    await page.getByTestId('confirm-cancel').click();
    await expect.poll(() => page.url()).toMatch(/#new$/);
    expect(await en.getByTestId('v-question').inputValue()).toBe('Do you sell gift cards?');
    await page.getByTestId('save').click();
    await expect.poll(() => page.url()).toContain('#entry/gift-cards');
    await expect.poll(() => page.getByTestId('editor-status').innerText()).toMatch(/revision 1 .* not published yet/);
    await expect.poll(() => page.getByTestId('changes-count').innerText()).toMatch(/^1 unpublished change \(1 added\)/);

    // The list flags it for its few phrasings in both languages; the fixture entries have five.
    await tab(page, 'entries');
    await page.getByTestId('filter-few').selectOption('pl');
    await expect.poll(() => page.locator('[data-testid="entry-item"][data-id="return-an-item"]').count()).toBe(0);
    const giftCards = page.locator('[data-testid="entry-item"][data-id="gift-cards"]');
    expect(await giftCards.getByTestId('few-badge').allInnerTexts()).toEqual(['few en phrasings', 'few pl phrasings']);
    await page.getByTestId('filter-few').selectOption('');
    await expect.poll(() => page.locator('[data-testid="entry-item"][data-id="return-an-item"]').count()).toBe(1);
    expect(await page.locator('[data-testid="entry-item"][data-id="return-an-item"]').getByTestId('few-badge').count()).toBe(0);

    // Not live yet: the bot does not know it.
    expect((await ask('Do you sell gift cards?')).entryId).not.toBe('gift-cards');
    await page.getByTestId('publish-note').fill('Gift cards, in English and Polish');
    await publish(page);
    await expect.poll(() => page.getByTestId('changes-count').innerText()).toMatch(/No unpublished changes/);

    // The test console shows why: the new entry ranks first, in the answer zone.
    await tab(page, 'test');
    await page.getByTestId('test-text').fill('Can I buy a gift card?');
    await page.getByTestId('test-run').click();
    await appears(page, '[data-testid="candidate"]');
    expect(await page.getByTestId('candidate').first().getAttribute('data-entry')).toBe('gift-cards');
    expect(await page.getByTestId('zone').getAttribute('data-zone')).toBe('answer');
    expect(await page.getByTestId('candidate').first().locator('.signals').innerText()).toMatch(/dense[\s\S]*lexical[\s\S]*bm25[\s\S]*coverage[\s\S]*classifier[\s\S]*chatter/);
    await shot(page, 'test-console');

    // The customer in the web chat gets the new answer, and a Polish customer the translation.
    const customer = await browser.newPage({ viewport: { width: 420, height: 800 } });
    customer.on('pageerror', (err) => problems.push(`widget: ${err.message}`));
    await customer.goto(`${app.url}/`);
    await customer.getByTestId('kc-input').fill('Do you sell gift cards?');
    await customer.getByTestId('kc-input').press('Enter');
    await expect.poll(() => customer.getByTestId('kc-msg-bot').last().innerText().catch(() => ''), { timeout: 30_000 }).toContain('25 EUR');
    await customer.screenshot({ path: path.join(ARTIFACTS, 'knowledge-webchat-new-answer.png') });
    await customer.close();
    const polish = await ask('Czy sprzedajecie karty podarunkowe?', 'pl');
    expect(polish).toMatchObject({ entryId: 'gift-cards', lang: 'pl' });
    expect(polish.text).toContain('100 zł');

    // Roll back to the version before: the bot forgets the entry, and so do the drafts.
    await tab(page, 'publish');
    const versions = page.getByTestId('version');
    await expect.poll(() => versions.count()).toBeGreaterThanOrEqual(2);
    expect(await versions.first().getByTestId('live-badge').count()).toBe(1);
    expect(await versions.first().innerText()).toContain('Gift cards, in English and Polish');
    await shot(page, 'versions');
    await versions.nth(1).getByTestId('rollback').click();
    await expect.poll(() => page.getByTestId('confirm-text').innerText()).toMatch(/Roll back to version/);
    await page.getByTestId('confirm-ok').click();
    // A rollback rebuilds the lexical model on the training thread, which may have to start first.
    await expect.poll(() => page.getByTestId('alert').innerText(), { timeout: 30_000 }).toMatch(/Rolled back/);
    expect((await ask('Do you sell gift cards?')).entryId).not.toBe('gift-cards');
    expect((await ask('Czy sprzedajecie karty podarunkowe?', 'pl')).entryId).not.toBe('gift-cards');
    await tab(page, 'entries');
    await expect.poll(() => page.getByTestId('entry-item').count()).toBe(FIXTURE_ENTRIES.length + (await loadConversationEntries()).length);

    // Everything is in the audit log, with the editor's email.
    await tab(page, 'publish');
    await expect.poll(() => page.getByTestId('audit-event').count()).toBeGreaterThanOrEqual(3);
    const log = (await page.getByTestId('audit').innerText());
    expect(log).toContain(EDITOR.email);
    expect(log).toContain('gift-cards');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('an unanswered question appears in the inbox, is added as another phrasing of an entry, and the bot answers it', async () => {
    const question = 'I would like my cash back for the broken kettle';
    const before = await ask(question);
    expect(before.handoff).toBe(true);

    const { page, problems } = await newPage();
    await signIn(page, EDITOR);
    await tab(page, 'inbox');
    const group = page.getByTestId('group').filter({ hasText: question });
    await group.waitFor();
    expect(await group.getByTestId('group-count').innerText()).toBe('1');
    await shot(page, 'inbox');
    await group.getByTestId('add-alternate').click();
    await group.getByTestId('add-entry-select').selectOption('refund-timing');
    await group.getByTestId('add-confirm').click();
    await expect.poll(() => page.getByTestId('alert').innerText(), { timeout: 120_000 }).toMatch(/published: the bot answers it now/);
    await expect.poll(() => group.count()).toBe(0);

    const after = await ask(question);
    expect(after.entryId).toBe('refund-timing');
    expect(after.handoff).toBeFalsy();
    // The editor sees the new phrasing on the entry.
    await page.goto(`${app.url}/admin/knowledge.html#entry/refund-timing`);
    await page.getByTestId('editor').waitFor();
    expect(await page.locator('[data-testid="variant"][data-lang="en"]').getByTestId('alternate-text').allInnerTexts()).toContain(question);
    // With its five phrasings and more, no advice to add some.
    expect(await page.locator('[data-testid="variant"][data-lang="en"]').getByTestId('few-phrasings').isVisible()).toBe(false);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('an editor writes synonyms on a phone: a customer\'s word no entry uses is understood once published', async () => {
    // Slang for money: no entry says it.
    const question = 'kiedy oddacie szmal';
    expect((await ask(question, 'pl')).entryId).not.toBe('refund-timing');

    const { page, problems } = await newPage(390);
    await signIn(page, EDITOR);
    // The test console names the word no entry uses.
    await tab(page, 'test');
    await page.getByTestId('test-text').fill(question);
    await page.getByTestId('test-run').click();
    await appears(page, '[data-testid="unknown-words"]');
    expect(await page.getByTestId('unknown-words').innerText()).toMatch(/Words no entry uses: .*szmal/);
    await tab(page, 'entries');
    await page.getByTestId('new-entry').click();
    await page.getByTestId('editor').waitFor();
    expect(await page.getByTestId('kind-hint').isVisible()).toBe(false);
    await page.getByTestId('e-kind').selectOption('synonyms');
    // What the fields hold for this kind, since they read as an FAQ entry's.
    expect(await page.getByTestId('kind-hint').innerText()).toMatch(/One group a line/);
    await page.getByTestId('e-id').fill('synonyms');
    const en = page.locator('[data-testid="variant"][data-lang="en"]');
    await en.getByTestId('v-question').fill('Words customers use');
    await en.getByTestId('alternate-input').fill('parcel, packet');
    await en.getByTestId('alternate-input').press('Enter');
    await en.getByTestId('v-answer').fill('One group a line.');
    await page.getByTestId('pane-right').selectOption('pl');
    const pl = page.locator('[data-testid="variant"][data-lang="pl"]');
    await pl.getByTestId('add-variant').click();
    await pl.getByTestId('v-question').fill('Słowa klientów');
    await pl.getByTestId('alternate-input').fill('pieniądze, szmal, kasiora');
    await pl.getByTestId('alternate-input').press('Enter');
    await pl.getByTestId('v-answer').fill('Jedna grupa w linii.');
    await page.getByTestId('save').click();
    await expect.poll(() => page.url()).toContain('#entry/synonyms');
    await publish(page);

    await tab(page, 'entries');
    expect(await page.locator('[data-testid="entry-item"][data-id="synonyms"]').getByTestId('kind-badge').innerText()).toBe('synonyms');
    await tab(page, 'test');
    await page.getByTestId('test-text').fill(question);
    await page.getByTestId('test-run').click();
    await appears(page, '[data-testid="candidate"]');
    expect(await page.getByTestId('read-as').innerText()).toContain('kiedy oddacie pieniadze');
    expect(await page.getByTestId('candidate').first().getAttribute('data-entry')).toBe('refund-timing');
    await shot(page, 'synonyms-phone');

    expect((await ask(question, 'pl')).entryId).toBe('refund-timing');
    // Never an answer of its own.
    expect((await ask('Słowa klientów, jedna grupa w linii', 'pl')).entryId).not.toBe('synonyms');

    // From the inbox: the word no entry uses, read as one the entries use, in two clicks.
    const another = 'oddajcie hajs';
    expect((await ask(another, 'pl')).entryId).not.toBe('refund-timing');
    await tab(page, 'inbox');
    const group = page.getByTestId('group').filter({ hasText: another });
    await group.waitFor();
    await group.locator('[data-testid="unknown-word"][data-word="hajs"]').click();
    await group.getByTestId('synonym-same-as').fill('pieniądze');
    await shot(page, 'inbox-synonym-phone');
    await group.getByTestId('synonym-confirm').click();
    await expect.poll(() => page.getByTestId('alert').innerText(), { timeout: 60_000 }).toMatch(/“hajs” is read as “pieniądze” now/);
    expect((await ask(another, 'pl')).entryId).toBe('refund-timing');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('keeps <script> and onerror= payloads from an entry and a customer inert on every screen', async () => {
    const { page, problems } = await newPage();
    await signIn(page, EDITOR);
    await page.getByTestId('new-entry').click();
    await page.getByTestId('e-id').fill('xss-probe');
    await page.getByTestId('tag-input').fill(PAYLOADS.tag);
    await page.getByTestId('tag-input').press('Enter');
    const en = page.locator('[data-testid="variant"][data-lang="en"]');
    await en.getByTestId('v-question').fill(PAYLOADS.question);
    await en.getByTestId('alternate-input').fill(PAYLOADS.alternate);
    await en.getByTestId('alternate-input').press('Enter');
    await en.getByTestId('v-answer').fill(PAYLOADS.answer);
    await expect.poll(() => en.locator('[data-testid="v-preview"] strong').textContent()).toBe('bold');
    await page.getByTestId('save').click();
    await expect.poll(() => page.url()).toContain('#entry/xss-probe');
    expect(await ask(PAYLOADS.customer).then((r) => r.entryId)).not.toBe('xss-probe');

    /** Nothing a payload would have created exists, and none of them ran. */
    const inert = async (where: string) => {
      const found = await page.evaluate(() => ({
        pwned: (window as unknown as { __pwned?: number }).__pwned ?? null,
        handlers: document.querySelectorAll('[onerror], [onmouseover], [onload]').length,
        images: document.querySelectorAll('img').length,
        inlineScripts: document.querySelectorAll('script:not([src])').length,
        jsLinks: document.querySelectorAll('a[href^="javascript:"]').length,
      }));
      expect(found, where).toEqual({ pwned: null, handlers: 0, images: 0, inlineScripts: 0, jsLinks: 0 });
    };

    // Editor (the preview is sanitized HTML, the rest text).
    await page.reload();
    await page.getByTestId('editor').waitFor();
    await expect.poll(() => en.locator('[data-testid="v-preview"] strong').textContent()).toBe('bold');
    expect(await en.getByTestId('v-question').inputValue()).toBe(PAYLOADS.question);
    expect(await en.getByTestId('alternate-text').first().innerText()).toBe(PAYLOADS.alternate);
    await inert('editor');
    // Entries list, filtered by the search box.
    await tab(page, 'entries');
    await page.getByTestId('entry-search').fill('probe');
    await expect.poll(() => page.getByTestId('entry-item').count()).toBe(1);
    expect(await page.getByTestId('entry-item').innerText()).toContain('<img src=x onerror=');
    await inert('entries');
    // Test console on the drafts: the probe is a candidate; its title and the reply stay inert.
    await tab(page, 'test');
    await page.getByTestId('test-source-draft').check();
    await page.getByTestId('test-text').fill('XSS probe');
    await page.getByTestId('test-run').click();
    await appears(page, '[data-testid="candidate"][data-entry="xss-probe"]', 120_000);
    await inert('test console');
    // The customer's message in the inbox.
    await tab(page, 'inbox');
    const group = page.getByTestId('group').filter({ hasText: 'flux capacitor' });
    await group.waitFor();
    expect(await group.getByTestId('group-text').innerText()).toBe(PAYLOADS.customer);
    await group.getByTestId('add-alternate').click();
    await inert('inbox');
    // The audit log with every before/after opened.
    await tab(page, 'publish');
    await page.getByTestId('audit-event').first().waitFor();
    for (const d of await page.locator('.audit-diff').all()) await d.evaluate((n) => { (n as HTMLDetailsElement).open = true; });
    expect(await page.getByTestId('audit').innerText()).toContain('onerror=');
    await inert('versions and audit');
    // A confirmation quoting the customer's words.
    await tab(page, 'inbox');
    await group.getByTestId('dismiss').click();
    await expect.poll(() => page.getByTestId('confirm-text').innerText()).toContain(PAYLOADS.customer);
    await inert('dismiss dialog');
    await page.getByTestId('confirm-cancel').click();
    expect(problems).toEqual([]);
    await page.close();
  });

  it('tells an editor clearly when a colleague saved the entry first; they can overwrite, then delete it', async () => {
    const a = await newPage();
    const b = await newPage();
    for (const { page } of [a, b]) {
      await signIn(page, EDITOR);
      await page.goto(`${app.url}/admin/knowledge.html#entry/delivery-cost`);
      await page.getByTestId('editor').waitFor();
    }
    const answer = (page: Page) => page.locator('[data-testid="variant"][data-lang="en"]').getByTestId('v-answer');
    await answer(b.page).fill('Delivery is free over 40 EUR.');
    await b.page.getByTestId('save').click();
    await expect.poll(() => b.page.getByTestId('editor-status').innerText()).toMatch(/Saved \(revision 2\)/);
    await b.page.reload();
    await b.page.getByTestId('editor').waitFor();
    expect(await b.page.locator('[data-testid="variant"][data-lang="en"]').getByTestId('variant-changed').innerText()).toBe('differs from the live answer');
    expect(await b.page.locator('[data-testid="variant"][data-lang="pl"]').getByTestId('variant-changed').count()).toBe(0);

    await answer(a.page).fill('Delivery is free over 60 EUR.');
    await a.page.getByTestId('save').click();
    await a.page.getByTestId('conflict').waitFor();
    expect(await a.page.getByTestId('conflict').innerText()).toMatch(/Someone else changed this entry[\s\S]*Your edits are still in the form/);
    expect(await answer(a.page).inputValue()).toBe('Delivery is free over 60 EUR.');
    await expect.poll(() => a.page.locator('[data-testid="variant"][data-lang="en"]').getByTestId('v-preview').innerText()).toBe('Delivery is free over 60 EUR.');
    await shot(a.page, 'conflict');
    await a.page.getByTestId('conflict-overwrite').click();
    await expect.poll(() => a.page.getByTestId('editor-status').innerText()).toMatch(/Saved \(revision 3\)/);

    await a.page.getByTestId('delete').click();
    await a.page.getByTestId('confirm-ok').click();
    await expect.poll(() => a.page.getByTestId('screen').getAttribute('data-screen')).toBe('entries');
    // The new list is empty until its entries arrive (the count is filled with them): wait, or 0 proves nothing.
    await expect.poll(() => a.page.getByTestId('entry-count').innerText()).toMatch(/^\d+ entr/);
    await expect.poll(() => a.page.locator('[data-testid="entry-item"][data-id="delivery-cost"]').count()).toBe(0);
    await expect.poll(() => a.page.getByTestId('changes-count').innerText()).toMatch(/1 removed/);
    expect([...a.problems, ...b.problems]).toEqual([]);
    await a.page.close();
    await b.page.close();
  });

  it('shows an analyst no edit controls, and every screen fits a 375 px phone', async () => {
    // An editor (through the API) adds an English-only entry: a translation gap to find.
    const login = await fetch(`${app.url}/api/admin/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(EDITOR) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const created = await fetch(`${app.url}/api/admin/entries`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({
      entry: { id: 'english-only', tags: [], related: [], status: 'published', variants: [{ lang: 'en', question: 'Is this only in English?', alternates: [], answer: 'Yes.' }] } }) });
    expect(created.status).toBe(201);

    const { page, problems } = await newPage(375);
    await signIn(page, ANALYST);
    const fits = async (where: string) => {
      expect(await page.evaluate(() => document.documentElement.scrollWidth), where).toBeLessThanOrEqual(375);
    };
    /** Buttons and links that would change something, visible to the user. */
    const editControls = () => page.locator([
      '[data-testid="new-entry"]', '[data-testid="save"]', '[data-testid="delete"]', '[data-testid="publish"]', '[data-testid="rollback"]',
      '[data-testid="add-variant"]', '[data-testid="remove-variant"]', '[data-testid="alternate-remove"]', '[data-testid="alternate-input"]',
      '[data-testid="add-alternate"]', '[data-testid="new-from-group"]', '[data-testid="dismiss"]', '[data-testid="import-form"]', '.edit-only',
    ].join(', ')).filter({ visible: true }).count();

    expect(await page.getByTestId('me').innerText()).toContain('(analyst)');
    expect(await editControls()).toBe(0);
    // Analysts may read everything: the translation gaps, for instance.
    await page.getByTestId('filter-missing').selectOption('pl');
    // The English-only entry is in the unfiltered list too: wait for the translated one to leave,
    // which only the filtered list does, before reading the badges.
    await expect.poll(() => page.locator('[data-testid="entry-item"][data-id="return-an-item"]').count()).toBe(0);
    expect(await page.locator('[data-testid="entry-item"][data-id="english-only"]').count()).toBe(1);
    const gaps = page.getByTestId('entry-item');
    for (let i = 0; i < await gaps.count(); i++) expect(await gaps.nth(i).getByTestId('missing-badge').allInnerTexts()).toContain('no pl');
    await fits('entries');
    await shot(page, 'phone-entries');
    await page.getByTestId('filter-missing').selectOption('');
    await expect.poll(() => page.locator('[data-testid="entry-item"][data-id="return-an-item"]').count()).toBe(1);
    await page.getByTestId('entry-item').filter({ hasText: 'How do I return an item?' }).locator('a').click();
    await page.getByTestId('editor').waitFor();
    expect(await page.getByTestId('v-question').first().getAttribute('readonly')).not.toBeNull();
    expect(await editControls()).toBe(0);
    await fits('editor');
    await shot(page, 'phone-editor');
    // Advice to add phrasings is for those who can add them: not on a one-phrasing entry here.
    await page.goto(`${app.url}/admin/knowledge.html#entry/english-only`);
    await expect.poll(() => page.getByTestId('v-question').first().inputValue()).toBe('Is this only in English?');
    expect(await page.getByTestId('few-phrasings').count()).toBe(1);
    expect(await page.getByTestId('few-phrasings').isVisible()).toBe(false);
    for (const name of ['publish', 'test', 'inbox', 'io'] as const) {
      await tab(page, name);
      if (name === 'test') {
        await page.getByTestId('test-text').fill('How can I send something back?');
        await page.getByTestId('test-run').click();
        await appears(page, '[data-testid="candidate"]');
        expect(await page.getByTestId('zone').getAttribute('data-zone')).toBe('answer');
        expect(await page.getByTestId('thresholds').innerText()).toMatch(/answer at 50%/);
        expect(await page.getByTestId('candidate').first().getAttribute('data-entry')).toBe('return-an-item');
      }
      if (name === 'publish') await page.getByTestId('version').first().waitFor();
      expect(await editControls(), name).toBe(0);
      await fits(name);
      await shot(page, `phone-${name}`);
    }
    // The server agrees: an analyst's change is refused.
    const refused = await page.evaluate(async () => (await fetch('/api/admin/publish', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status);
    expect(refused).toBe(403);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('turns an agent\'s reply after a handoff into a new entry, from the console to the editor', async () => {
    const question = 'Can I change the delivery address after ordering?';
    expect((await ask(question)).handoff).toBe(true);
    const { page, problems } = await newPage();
    await signInAt(page, `${app.url}/admin/`, ADMIN);
    // An admin has both: the console links to the editor.
    await page.getByTestId('knowledge-link').waitFor();
    const item = page.locator('[data-testid="queue-item"][data-status="queued"]').filter({ hasText: 'delivery address' });
    await item.waitFor({ timeout: 15_000 });
    await item.locator('button').click();
    await page.getByTestId('claim').click();
    await expect.poll(() => page.getByTestId('detail').getAttribute('data-status')).toBe('agent');
    await page.getByTestId('reply-text').fill('Yes: write to us within **2 hours** of ordering and we change it.');
    await page.getByTestId('reply-send').click();
    await page.getByTestId('msg-agent').last().getByTestId('to-entry').click();

    await page.waitForURL(/knowledge\.html#new$/);
    await page.getByTestId('editor').waitFor();
    const en = page.locator('[data-testid="variant"][data-lang="en"]');
    expect(await en.getByTestId('v-question').inputValue()).toBe(question);
    expect(await en.getByTestId('v-answer').inputValue()).toContain('within **2 hours**');
    const id = await page.getByTestId('e-id').inputValue();
    expect(id).toMatch(/delivery-address/);
    await page.getByTestId('save').click();
    await expect.poll(() => page.url()).toContain(`#entry/${id}`);
    // Admins reach user management (the console's Team screen) from the editor.
    await page.getByTestId('team-link').click();
    await page.getByTestId('team').waitFor();
    await page.getByTestId('knowledge-link').click();
    await page.getByTestId('entry-list').waitFor();
    expect(problems).toEqual([]);
    await page.close();
  });

  it('keeps the list of the latest search when an earlier, slower answer comes back after it', async () => {
    const { page, problems } = await newPage();
    await signIn(page, EDITOR);
    await expect.poll(() => page.getByTestId('entry-count').innerText()).toMatch(/^\d+ entr/);
    const all = await page.getByTestId('entry-item').count();
    // The unfiltered list is held back until after the search's answer has been shown.
    let staleServed!: () => void;
    const stale = new Promise<void>((resolve) => { staleServed = resolve; });
    let searched!: () => void;
    const searchShown = new Promise<void>((resolve) => { searched = resolve; });
    await page.route(/\/api\/admin\/entries(\?|$)/, async (route) => {
      if (new URL(route.request().url()).searchParams.get('q')) return route.continue();
      const response = await route.fetch();
      await searchShown;
      await route.fulfill({ response });
      staleServed();
    });
    await page.getByTestId('entry-search').press('Enter');
    await page.getByTestId('entry-search').fill('track-order');
    await expect.poll(() => page.getByTestId('entry-item').count()).toBe(1);
    searched();
    await stale;
    // The late answer must not bring the whole list back: watch the list for a second after it.
    for (let i = 0; i < 10; i++) {
      expect(await page.getByTestId('entry-item').count()).toBe(1);
      await page.waitForTimeout(100);
    }
    expect(await page.locator('[data-testid="entry-item"][data-id="track-order"]').count()).toBe(1);
    expect(all).toBeGreaterThan(1);
    await page.unroute(/\/api\/admin\/entries(\?|$)/);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('exports and imports: an unchanged export previews as no change, an edited one is applied on confirmation, a malformed file names its line', async () => {
    const { page, problems } = await newPage();
    await signIn(page, EDITOR);
    await tab(page, 'io');
    for (const f of ['markdown', 'csv', 'json']) expect(await page.getByTestId(`export-${f}`).getAttribute('href')).toBe(`/api/admin/export?format=${f}`);
    const download = page.waitForEvent('download');
    await page.getByTestId('export-json').click();
    const file = await (await download).path();
    await page.getByTestId('import-file').setInputFiles(file!);
    await page.getByTestId('import-format').selectOption('json');
    await page.getByTestId('import-preview').click();
    await page.getByTestId('import-summary').getByText(/would make these changes/).waitFor();
    for (const part of ['added', 'changed', 'removed']) expect(await page.getByTestId(`import-${part}`).innerText()).toMatch(/\(0\)/);
    expect(await page.getByTestId('import-apply').count()).toBe(0); // nothing to apply

    // The same file with one entry more and one less: previewed, then applied on confirmation.
    const exported = JSON.parse(await readFile(file!, 'utf8')) as { entries: Array<Record<string, any>> };
    const [dropped, ...kept] = exported.entries;
    const added = { ...kept[0]!, id: 'imported-entry', variants: [
      { lang: 'en', question: 'Is this entry imported?', alternates: [], answer: 'Yes, from a JSON file.' },
      { lang: 'ar', question: 'هل هذا الإدخال مستورد؟', alternates: [], answer: 'نعم، من ملف **JSON**.' },
    ] };
    await page.getByTestId('import-file').setInputFiles({ name: 'edited.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ ...exported, entries: [...kept, added] })) });
    await page.getByTestId('import-format').selectOption('');
    await page.getByTestId('import-preview').click();
    await expect.poll(() => page.getByTestId('import-added').innerText()).toMatch(/Added \(1\)\s*imported-entry/);
    expect(await page.getByTestId('import-removed').innerText()).toMatch(new RegExp(`Removed \\(1\\)\\s*${dropped!.id}`));
    await shot(page, 'import');
    await page.getByTestId('import-apply').click();
    await page.getByTestId('confirm-ok').click();
    await expect.poll(() => page.getByTestId('import-summary').innerText()).toMatch(/^Imported/);
    await tab(page, 'entries');
    await expect.poll(() => page.getByTestId('entry-item').filter({ hasText: 'Is this entry imported?' }).count()).toBe(1);
    expect(await page.locator(`[data-testid="entry-item"][data-id="${dropped!.id}"]`).count()).toBe(0);
    // Arabic is edited right to left, side by side with English.
    await page.locator('[data-testid="entry-item"][data-id="imported-entry"] a').click();
    await page.getByTestId('pane-right').selectOption('ar');
    const ar = page.locator('[data-testid="variant"][data-lang="ar"]');
    for (const field of ['v-question', 'v-answer', 'v-preview']) expect(await ar.getByTestId(field).getAttribute('dir'), field).toBe('rtl');
    expect(await page.locator('[data-testid="variant"][data-lang="en"]').getByTestId('v-question').getAttribute('dir')).toBe('ltr');
    await expect.poll(() => ar.locator('[data-testid="v-preview"] strong').textContent()).toBe('JSON');
    await shot(page, 'arabic');
    await tab(page, 'io');

    await page.getByTestId('import-file').setInputFiles({ name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from('id,lang,question\nok-entry,en,"unterminated\n') });
    await page.getByTestId('import-format').selectOption('');
    await page.getByTestId('import-preview').click();
    await expect.poll(() => page.getByTestId('import-error').innerText()).toMatch(/malformed.*line \d+.*Nothing was imported/);
    expect(await page.getByTestId('import-apply').count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });
});
