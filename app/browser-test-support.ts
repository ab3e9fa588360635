/**
 * What every browser test shares: Debian's chromium driven by playwright-core (which never
 * downloads a browser), and the folder its screenshots go to.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Screenshots and reports the browser tests save for people to look at (not committed). */
export const ARTIFACTS = path.resolve('test-artifacts');

/**
 * Headless, as root, and quiet on the network: without the background-networking flags chromium
 * keeps trying hosts this closed machine refuses.
 */
const HEADLESS_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** What a test file gets of the browser: pages and contexts of its own, closed together. */
export interface TestBrowser {
  newPage: Browser['newPage'];
  newContext: Browser['newContext'];
  /** Close this file's contexts and pages (the browser itself stays for the next file). */
  close(): Promise<void>;
}

let shared: Promise<Browser> | undefined;

/**
 * Debian's chromium (/usr/bin/chromium), with the artifacts folder ready: one browser per test
 * process (files run one after another in a worker and share it: a launch costs about a second),
 * each file in contexts of its own, so no cookie or storage crosses from one file to the next.
 */
export async function launchChromium(): Promise<TestBrowser> {
  await mkdir(ARTIFACTS, { recursive: true });
  const current = shared && await shared.catch(() => undefined);
  if (!current?.isConnected()) shared = chromium.launch({ executablePath: '/usr/bin/chromium', args: HEADLESS_ARGS });
  const browser = await shared!;
  const contexts: BrowserContext[] = [];
  const newContext: Browser['newContext'] = async (options) => {
    const context = await browser.newContext(options);
    contexts.push(context);
    return context;
  };
  return {
    newContext,
    // As Browser.newPage: a page in a context of its own.
    newPage: async (options) => (await newContext(options)).newPage(),
    async close() {
      await Promise.all(contexts.splice(0).map((c) => c.close().catch(() => undefined)));
    },
  };
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
