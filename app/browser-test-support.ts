/**
 * What every browser test shares: Debian's chromium driven by playwright-core (which never
 * downloads a browser), and the folder its screenshots go to.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Screenshots and reports the browser tests save for people to look at (not committed). */
export const ARTIFACTS = path.resolve('test-artifacts');

/**
 * Headless, as root, and quiet on the network: without the background-networking flags chromium
 * keeps trying hosts this closed machine refuses.
 */
const HEADLESS_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Start Debian's chromium (/usr/bin/chromium), with the artifacts folder ready. */
export async function launchChromium(): Promise<Browser> {
  await mkdir(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: HEADLESS_ARGS });
}

/**
 * Open `pageUrl` (a console page) and submit its sign-in form as `who`. The caller waits for what
 * it expects next: each screen shows something else once signed in.
 */
export async function signInAt(page: Page, pageUrl: string, who: { email: string; password: string }): Promise<void> {
  await page.goto(pageUrl);
  await page.getByTestId('login-email').fill(who.email);
  await page.getByTestId('login-password').fill(who.password);
  await page.getByTestId('login-submit').click();
}
