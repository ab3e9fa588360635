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
  /**
   * A page in a context of its own. Closing it hands it back, cleared (see `cleared`), for the
   * next `newPage` with the same context options, of this file or a later one in the process.
   */
  newPage: Browser['newPage'];
  newContext: Browser['newContext'];
  /**
   * Close this file's contexts and pages but the ones its tests closed (kept for the next file);
   * the browser itself stays for the next file.
   */
  close(): Promise<void>;
}

let shared: Promise<Browser> | undefined;

/** A closed page kept for reuse, with what tells it apart from another (its context's options). */
interface Parked { page: Page; key: string }

/**
 * Closed pages, cleared, for any file of this process: each file's first page was a new one
 * (about 1.6 s of chromium CPU) before they were kept from one file to the next. At most
 * MAX_PARKED: pages of rarer context options (a locale) are closed for real beyond it.
 */
const parked: Parked[] = [];
const MAX_PARKED = 4;

/** Playwright's default viewport, for a reused page asked for without one. */
const DEFAULT_VIEWPORT = { width: 1280, height: 720 };

/**
 * Make a page its test has closed as a new one would be; false when that fails (it is then closed
 * for real). Every new page starts a renderer process: about 1.6 s of chromium CPU on a 2-core
 * test machine, against 0.4 s for a navigation in a kept page, which stays in the process it has.
 * What a test can leave behind is undone: its listeners and routes, the storage of every origin
 * it visited (local and session storage, cleared from a page of that origin that runs no script
 * of the app), cookies, permissions and the HTTP cache; its document is left for about:blank.
 */
async function cleared(page: Page, origins: Set<string>): Promise<boolean> {
  try {
    await page.removeAllListeners();
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    const context = page.context();
    await context.unrouteAll({ behavior: 'ignoreErrors' });
    for (const origin of origins) {
      // A path the app does not serve: its "not found" answer runs no script and costs the app nothing.
      await page.goto(`${origin}/test-storage-reset-${Date.now()}`);
      await page.evaluate(() => { localStorage.clear(); sessionStorage.clear(); });
    }
    await page.goto('about:blank');
    await context.clearCookies();
    await context.clearPermissions();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.clearBrowserCache');
    await cdp.detach();
    return true;
  } catch {
    return false;
  }
}

/**
 * Debian's chromium (/usr/bin/chromium), with the artifacts folder ready: one browser per test
 * process (files run one after another in a worker and share it: a launch costs about a second),
 * each page in a context of its own, cleared before another test or file gets it, so no cookie or
 * storage crosses from one to the next.
 */
export async function launchChromium(): Promise<TestBrowser> {
  await mkdir(ARTIFACTS, { recursive: true });
  const current = shared && await shared.catch(() => undefined);
  if (!current?.isConnected()) {
    // The pages kept were the old browser's.
    parked.splice(0);
    shared = chromium.launch({ executablePath: '/usr/bin/chromium', args: HEADLESS_ARGS });
  }
  const browser = await shared!;
  const contexts: BrowserContext[] = [];
  const newContext: Browser['newContext'] = async (options) => {
    const context = await browser.newContext(options);
    contexts.push(context);
    return context;
  };
  const newPage: Browser['newPage'] = async (options = {}) => {
    const { viewport, ...rest } = options;
    // Options a context fixes for good (locale, scripts on or off…) must match; the viewport is the page's.
    const key = JSON.stringify(rest);
    // The page closed last first: a test that closes a page and opens one gets that one back.
    for (let i; (i = parked.findLastIndex((p) => p.key === key)) >= 0;) {
      const [{ page }] = parked.splice(i, 1) as [Parked];
      // Its context may have been closed since (a test's own context.close()).
      if (page.isClosed()) continue;
      await page.setViewportSize(viewport ?? DEFAULT_VIEWPORT);
      // This file's now: closed with its contexts if its test leaves it open.
      if (!contexts.includes(page.context())) contexts.push(page.context());
      return page;
    }
    const page = await (await newContext(options)).newPage();
    const origins = new Set<string>();
    const track = () => page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame() && /^https?:/.test(frame.url())) origins.add(new URL(frame.url()).origin);
    });
    track();
    const close = page.close.bind(page);
    // A page whose scripts are off cannot clear its storage, so it is closed for real.
    const reusable = !('javaScriptEnabled' in rest && rest.javaScriptEnabled === false);
    page.close = async (closeOptions) => {
      if (page.isClosed()) return;
      if (reusable && parked.length < MAX_PARKED && await cleared(page, origins)) {
        origins.clear();
        track();
        parked.push({ page, key });
        return;
      }
      await close(closeOptions);
    };
    return page;
  };
  return {
    newContext,
    newPage,
    async close() {
      const kept = new Set(parked.map((p) => p.page.context()));
      await Promise.all(contexts.splice(0).filter((c) => !kept.has(c)).map((c) => c.close().catch(() => undefined)));
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
