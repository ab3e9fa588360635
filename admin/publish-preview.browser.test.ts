import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ARTIFACTS, launchChromium, signInAt, type TestBrowser } from '../app/browser-test-support.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../app/app.ts';
import { loadConfig } from '../app/config.ts';
import { templateDataDir, tempDir } from '../app/test-support.ts';
import { compareRuns, httpTarget, parseSuite, renderReport, runSuites, historyPoint } from '../eval/suite/index.ts';
import { serializeEntryMarkdown } from '../knowledge/index.ts';
import { FIXTURE_ENTRIES } from '../knowledge/test-fixtures.ts';

const ADMIN = { email: 'root@example.test', password: 'root-preview-password' };

/** Each fixture entry asked three ways in both languages. */
const SUITE_YAML = `suite: Fixture
tests:
${FIXTURE_ENTRIES.flatMap((e) => e.variants.flatMap((v) => [v.question, ...v.alternates.slice(0, 2)].map((text, i) => `  - name: ${e.id} ${v.lang} ${i}
    turns:
      - say: ${JSON.stringify(text)}
        expect: { entry: ${e.id}, zone: answer }`))).join('\n')}
`;

/**
 * "What changes if I publish" in the knowledge editor, with the gate blocking: a draft that
 * deletes an entry shows its questions moving, the publish is refused, an admin overrides (audited)
 * and publishes; then the suite's HTML report of the change is opened in chromium. And the
 * unanswered inbox, which needs an app at the default thresholds: the suggestion a customer pressed.
 */
describe('publish preview and gate (chromium)', () => {
  let data: Awaited<ReturnType<typeof tempDir>>;
  let kb: Awaited<ReturnType<typeof tempDir>>;
  let suites: Awaited<ReturnType<typeof tempDir>>;
  let app: RunningApp;
  let browser: TestBrowser;

  beforeAll(async () => {
    data = await templateDataDir('fixture', 'faqbot-preview-browser-');
    kb = await tempDir('faqbot-preview-browser-kb-');
    suites = await tempDir('faqbot-preview-browser-suites-');
    for (const e of FIXTURE_ENTRIES) await writeFile(path.join(kb.dir, `${e.id}.md`), serializeEntryMarkdown(e));
    await writeFile(path.join(suites.dir, 'fixture.yml'), SUITE_YAML);
    app = await startApp(loadConfig({
      PORT: '0', LOG_LEVEL: 'silent', KB_DIR: kb.dir, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, PUBLISH_GATE: 'block', SUITES_DIR: suites.dir,
    }, data.dir), { admin: { passwordHashing: { N: 1024 } } });
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await data?.cleanup();
    await kb?.cleanup();
    await suites?.cleanup();
  });

  it('shows the transitions of a breaking draft, blocks its publish until an admin overrides, and the report of the change opens offline', async () => {
    const suite = parseSuite(SUITE_YAML, 'fixture.yml');
    const before = await runSuites([suite], httpTarget({ url: app.url }));
    expect(before.aggregates.all!.answeredRight).toBeGreaterThan(0.9);

    // The draft change: the returns entry is deleted.
    const editing = app.admin.editing!;
    const admin = (await app.admin.users.byEmail(ADMIN.email))!;
    await editing.drafts.remove('return-an-item', (await editing.drafts.get('return-an-item'))!.revision, { id: admin.id, email: admin.email });

    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    await signInAt(page, `${app.url}/admin/knowledge.html`, ADMIN);
    await page.getByTestId('entry-list').waitFor();

    await page.getByTestId('preview-publish').click();
    const panel = page.getByTestId('publish-preview');
    await panel.getByTestId('preview-gate').waitFor({ timeout: 120_000 });
    expect(await panel.getByTestId('preview-asked').innerText()).toMatch(/36 from suites/);
    // The six returns questions now land elsewhere: each listed with live → drafts.
    const moved = panel.locator('[data-testid="preview-item"]');
    expect(await moved.count()).toBeGreaterThanOrEqual(6);
    const returns = panel.locator('[data-testid="preview-item"]', { hasText: 'expects return-an-item' });
    expect(await returns.count()).toBe(6);
    expect(await returns.first().locator('td').nth(3).innerText()).toMatch(/^answer · return-an-item/);
    // With its entry gone a returns question is answered from another entry, not understood, or
    // clarified with other entries' suggestions (`other`): never from return-an-item again.
    expect(await returns.first().getAttribute('data-change')).toMatch(/^(newly-wrong|newly-unanswered|other)$/);
    expect(await returns.first().locator('td').nth(4).innerText()).not.toMatch(/return-an-item/);
    expect(await panel.getByTestId('preview-gate').getAttribute('data-blocked')).toBe('true');
    expect(await panel.getByTestId('preview-gate').innerText()).toMatch(/^Publishing is blocked: 6 suite questions would no longer be answered right/);
    expect(await panel.locator('[data-testid="preview-transitions"] td.moved').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'publish-preview-blocked.png'), fullPage: true });

    // Publishing is refused while blocked.
    await page.getByTestId('publish').click();
    await expect.poll(() => page.getByTestId('alert').innerText()).toMatch(/publishing is blocked/);
    expect(app.knowledge.entry('return-an-item')).toBeDefined();

    // The admin overrides, with a reason; it is audited, and the publish goes through.
    await panel.getByTestId('preview-override').click();
    await page.getByTestId('confirm-input').fill('returns move to the help center');
    await page.getByTestId('confirm-ok').click();
    await expect.poll(() => panel.getByTestId('preview-gate').innerText()).toMatch(/an admin overrode the gate/);
    const audit = await editing.drafts.audit.list({ limit: 5 });
    expect(audit.find((e) => e.action === 'publish.gate-override')).toMatchObject({ actor: { email: ADMIN.email }, after: { reason: 'returns move to the help center' } });
    await page.getByTestId('publish').click();
    await expect.poll(() => app.knowledge.entry('return-an-item'), { timeout: 120_000 }).toBeUndefined();
    expect(problems).toEqual([]);
    await page.close();

    // The suite against the published change, compared with the run before it: the report.
    const after = await runSuites([suite], httpTarget({ url: app.url }));
    const gate = compareRuns(before, after);
    expect(gate.ok).toBe(false);
    const file = path.join(ARTIFACTS, 'suite-report.html');
    await writeFile(file, renderReport({ run: after, gate, history: [historyPoint(before), historyPoint(after)] }));
    const report = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const requests: string[] = [];
    report.on('request', (r) => requests.push(r.url()));
    report.on('pageerror', (err) => problems.push(err.message));
    await report.goto(`file://${file}`);
    await report.waitForFunction(() => document.querySelectorAll('canvas').length === 3 && Array.from(document.querySelectorAll('canvas')).every((c) => c.width > 0));
    expect(await report.locator('#transitions h2').innerText()).toMatch(/gate failed/);
    expect(await report.locator('#failing details.test').count()).toBe(6);
    expect(await report.locator('#transitions table.transitions td.bad').count()).toBeGreaterThan(0);
    // Nothing but the file itself was loaded: no network.
    expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
    await report.screenshot({ path: path.join(ARTIFACTS, 'suite-report.png'), fullPage: true });
    expect(problems).toEqual([]);
    await report.close();
  }, 300_000);
  // The app runs at the default thresholds, so a question can be clarified here.
  it('shows in the inbox which suggestion a customer pressed after a clarification, and offers that entry first', async () => {
    const question = 'Can I visit your office in Berlin?';
    const chat = (body: Record<string, string>) => fetch(`${app.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'preview-choice', ...body }) })
      .then(async (r) => ({ status: r.status, body: await r.json() as { handoff: boolean; replies: Array<{ entryId?: string; suggestions?: Array<{ entryId: string; title: string }> }> } }));
    const asked = await chat({ text: question });
    expect(asked.body.handoff).toBe(false);
    const offered = asked.body.replies[0]!.suggestions!;
    expect(offered.length).toBeGreaterThan(1);
    // The customer presses the last suggestion, not the bot's closest.
    const pressed = offered.at(-1)!;
    expect((await chat({ entryId: pressed.entryId, text: pressed.title })).status).toBe(200);

    const page = await browser.newPage({ viewport: { width: 375, height: 800 } });
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    await signInAt(page, `${app.url}/admin/knowledge.html#inbox`, ADMIN);
    const group = page.getByTestId('group').filter({ hasText: question });
    await group.waitFor();
    expect(await group.getByTestId('chosen').innerText()).toContain(pressed.title);
    expect(await group.getByTestId('suggested').innerText()).toContain(offered[0]!.title);
    await group.getByTestId('add-alternate').click();
    expect(await group.getByTestId('add-entry-select').inputValue()).toBe(pressed.entryId);
    await page.screenshot({ path: path.join(ARTIFACTS, 'inbox-customer-choice.png'), fullPage: true });
    // The inbox links the questions customers labelled, as an eval dataset, with the editor's session.
    const link = page.getByTestId('labeled-download');
    const labeled = await page.request.get(new URL((await link.getAttribute('href'))!, app.url).href);
    expect(labeled.status()).toBe(200);
    expect((await labeled.text()).split('\n').filter(Boolean).map((l) => JSON.parse(l))).toContainEqual({ text: question, label: pressed.entryId, lang: 'en', split: 'test', source: 'customer-choice' });
    expect(problems).toEqual([]);
    await page.close();
  });
});
