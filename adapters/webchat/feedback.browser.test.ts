import path from 'node:path';
import { ARTIFACTS, launchChromium, type TestBrowser } from '../../app/browser-test-support.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureApp, type FixtureApp } from '../../admin/unanswered/test-support.ts';


/** The helpful / not helpful buttons under bot answers, in Debian's chromium, on the small fixture knowledge base. */
describe('web chat answer feedback in a real browser', () => {
  let f: FixtureApp;
  let browser: TestBrowser;

  beforeAll(async () => {
    f = await fixtureApp();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await f?.close();
  });

  it('rates an answer with labelled buttons; "not helpful" puts the question in the inbox, every tab shows the rating, and so does the history after a reload', async () => {
    const context = await browser.newContext({ viewport: { width: 420, height: 800 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    await page.goto(`${f.app.url}/`);
    await page.getByTestId('kc-input').fill('How do I return an item?');
    await page.getByTestId('kc-input').press('Enter');
    const answer = page.getByTestId('kc-msg-bot').last();
    await answer.waitFor({ timeout: 30_000 });
    expect(await answer.innerText()).toMatch(/30 days/i);

    const group = page.getByRole('group', { name: 'Was this answer helpful?' });
    await group.waitFor();
    const helpful = group.getByRole('button', { name: 'Helpful', exact: true });
    const unhelpful = group.getByRole('button', { name: 'Not helpful' });
    expect(await helpful.getAttribute('aria-pressed')).toBe('false');
    await unhelpful.click();
    expect(await unhelpful.getAttribute('aria-pressed')).toBe('true');

    await expect.poll(async () => (await f.app.admin.unanswered.list()).find((g) => g.text === 'How do I return an item?')?.reasons.unhelpful, { timeout: 15_000 }).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'webchat-feedback.png') });

    // Another tab of the same customer (same localStorage) sees the change of mind live.
    const other = await context.newPage();
    await other.goto(`${f.app.url}/`);
    const otherGroup = other.getByRole('group', { name: 'Was this answer helpful?' });
    await otherGroup.waitFor({ timeout: 30_000 });
    await helpful.click();
    await expect.poll(() => otherGroup.getByRole('button', { name: 'Helpful', exact: true }).getAttribute('aria-pressed'), { timeout: 15_000 }).toBe('true');
    await expect.poll(async () => (await f.app.admin.unanswered.list()).find((g) => g.text === 'How do I return an item?'), { timeout: 15_000 }).toBeUndefined();
    // After a reload the history says how the answer was rated.
    await other.reload();
    await otherGroup.waitFor({ timeout: 30_000 });
    expect(await otherGroup.getByRole('button', { name: 'Helpful', exact: true }).getAttribute('aria-pressed')).toBe('true');
    expect(await otherGroup.getByRole('button', { name: 'Not helpful' }).getAttribute('aria-pressed')).toBe('false');
    // Small talk is answered but not rated: "thanks!" gets a reply without buttons.
    await other.getByTestId('kc-input').fill('thanks!');
    await other.getByTestId('kc-input').press('Enter');
    // The rows of a message (bubble, then its buttons) are added together.
    await other.getByTestId('kc-msg-bot').filter({ hasText: /welcome/i }).waitFor({ timeout: 30_000 });
    expect(await other.getByRole('group', { name: 'Was this answer helpful?' }).count()).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  });
});
