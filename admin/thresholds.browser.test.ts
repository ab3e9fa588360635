import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ARTIFACTS, launchChromium, signInAt, type TestBrowser } from '../app/browser-test-support.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../app/app.ts';
import { loadConfig } from '../app/config.ts';
import { templateDataDir, tempDir } from '../app/test-support.ts';
import { loadKnowledgeFolder, serializeEntryMarkdown } from '../knowledge/index.ts';

const ADMIN = { email: 'root@example.test', password: 'root-thresholds-password' };

/**
 * The thresholds chosen at publish, in the knowledge editor's Versions screen: the app starts on
 * the sample knowledge base in English and Polish (enough phrasings to choose on), with no
 * ANSWER_THRESHOLD in the environment and AUTO_THRESHOLDS on, so each language's own thresholds are in use.
 */
describe('answer thresholds in the knowledge editor (chromium)', () => {
  let data: Awaited<ReturnType<typeof tempDir>>;
  let kb: Awaited<ReturnType<typeof tempDir>>;
  let app: RunningApp;
  let browser: TestBrowser;

  beforeAll(async () => {
    // The sample template's warm embedding cache and migrated database; its English and Polish are published anew from `kb`.
    data = await templateDataDir('sample', 'faqbot-thr-browser-');
    kb = await tempDir('faqbot-thr-browser-kb-');
    for (const e of await loadKnowledgeFolder('knowledge/sample-kb')) {
      await writeFile(path.join(kb.dir, `${e.id}.md`), serializeEntryMarkdown({ ...e, variants: e.variants.filter((v) => v.lang === 'en' || v.lang === 'pl') }));
    }
    app = await startApp(loadConfig({ PORT: '0', LOG_LEVEL: 'silent', KB_DIR: kb.dir, AUTO_THRESHOLDS: 'true', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password }, data.dir),
      { admin: { passwordHashing: { N: 1024 } } });
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await data?.cleanup();
    await kb?.cleanup();
  });

  it('shows each language\'s chosen thresholds with their curve, and an override changes what the bot uses', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    await signInAt(page, `${app.url}/admin/knowledge.html`, ADMIN);
    await page.getByTestId('entry-list').waitFor();
    await page.getByTestId('tab-publish').click();

    const cards = page.getByTestId('threshold');
    await expect.poll(() => cards.count(), { timeout: 30_000 }).toBe(2);
    const pl = page.locator('[data-testid="threshold"][data-lang="pl"]');
    expect(await pl.getByTestId('threshold-source').innerText()).toBe('chosen at publish');
    expect(await pl.getByTestId('threshold-values').innerText()).toMatch(/^answer ≥ 0\.\d+ · clarify ≥ 0\.\d+$/);
    // The curve: two lines (coverage, precision) drawn from the stored points.
    expect(await pl.locator('[data-testid="threshold-curve"] path').count()).toBe(2);
    expect(await pl.locator('[data-testid="threshold-curve"] path[data-series="coverage"]').getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+( L[\d.]+,[\d.]+)+$/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'knowledge-thresholds.png'), fullPage: true });

    await pl.getByTestId('override-answer').fill('1');
    await pl.getByTestId('override-clarify').fill('0.9');
    await pl.getByTestId('override-save').click();
    await expect.poll(() => page.locator('[data-testid="threshold"][data-lang="pl"] [data-testid="threshold-source"]').innerText()).toBe('overridden');
    expect(await page.locator('[data-testid="threshold"][data-lang="pl"] [data-testid="threshold-values"]').innerText()).toBe('answer ≥ 1 · clarify ≥ 0.9');
    await page.screenshot({ path: path.join(ARTIFACTS, 'knowledge-thresholds-overridden.png'), fullPage: true });

    // The bot uses it: at 1, not even the entry's own question is answered outright.
    const res = await fetch(`${app.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'thr-1', text: 'Jak mogę śledzić swoje zamówienie?', lang: 'pl' }) });
    const body = await res.json() as { replies: Array<{ entryId?: string; kind?: string }> };
    expect(body.replies[0]?.entryId).toBeUndefined();

    await page.locator('[data-testid="threshold"][data-lang="pl"]').getByTestId('override-reset').click();
    await expect.poll(() => page.locator('[data-testid="threshold"][data-lang="pl"] [data-testid="threshold-source"]').innerText()).toBe('chosen at publish');
    const again = await fetch(`${app.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'thr-2', text: 'Jak mogę śledzić swoje zamówienie?', lang: 'pl' }) });
    expect(((await again.json()) as { replies: Array<{ entryId?: string }> }).replies[0]?.entryId).toBe('track-my-order');
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);
});
