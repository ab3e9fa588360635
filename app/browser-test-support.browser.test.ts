import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type TestBrowser } from './browser-test-support.ts';

/** A page that leaves something behind in every kind of storage, and a path that runs no script. */
const PAGE = `<!doctype html><title>storage</title><script>
  localStorage.setItem('left', 'local'); sessionStorage.setItem('left', 'session'); document.cookie = 'left=cookie; path=/';
</script>`;

describe('pages reused by the browser tests', () => {
  let server: Server;
  let origin: string;
  let browser: TestBrowser;

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/') res.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'max-age=3600' }).end(PAGE);
      else res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('come back from close() with nothing of the test before them: storage, cookies, listeners, routes, viewport', async () => {
    const first = await browser.newPage({ viewport: { width: 400, height: 500 } });
    await first.goto(`${origin}/`);
    expect(await first.evaluate(() => localStorage.getItem('left'))).toBe('local');
    let heardByTheFirstTest = 0;
    // Only its own message: chromium also logs the 404 of /favicon.ico, whenever that fetch ends.
    first.on('console', (message) => {
      if (message.text().startsWith('said in')) heardByTheFirstTest++;
    });
    await Promise.all([
      first.waitForEvent('console', (message) => message.text() === 'said in the first test'),
      first.evaluate(() => console.log('said in the first test')),
    ]);
    expect(heardByTheFirstTest).toBe(1);
    await first.route('**/routed', (route) => route.fulfill({ body: 'from the route' }));
    await first.close();

    const second = await browser.newPage();
    expect(second).toBe(first);
    expect(second.url()).toBe('about:blank');
    expect(second.viewportSize()).toEqual({ width: 1280, height: 720 });
    await second.goto(`${origin}/plain`);
    expect(await second.evaluate(() => [localStorage.getItem('left'), sessionStorage.getItem('left'), document.cookie])).toEqual([null, null, '']);
    expect(await second.context().cookies()).toEqual([]);
    // Once the second test has heard its message, a listener left from the first would have too.
    await Promise.all([
      second.waitForEvent('console', (message) => message.text() === 'said in the second test'),
      second.evaluate(() => console.log('said in the second test')),
    ]);
    expect(heardByTheFirstTest).toBe(1);
    expect((await second.goto(`${origin}/routed`))?.status()).toBe(404);
  });

  it('are given only for the same context options, and a page whose scripts are off is never kept', async () => {
    const english = await browser.newPage();
    await english.close();
    const polish = await browser.newPage({ locale: 'pl-PL' });
    expect(polish).not.toBe(english);
    expect(await polish.evaluate(() => navigator.language)).toBe('pl-PL');

    const still = await browser.newPage({ javaScriptEnabled: false });
    await still.close();
    expect(still.isClosed()).toBe(true);
    expect(await browser.newPage({ javaScriptEnabled: false })).not.toBe(still);
  });
  it('are kept from one file to the next, cleared; a page a file leaves open closes with the file', async () => {
    const earlierFile = await launchChromium();
    const closed = await earlierFile.newPage();
    await closed.goto(`${origin}/`);
    await closed.close();
    const leftOpen = await earlierFile.newPage({ locale: 'th-TH' });
    await earlierFile.close();
    expect(leftOpen.isClosed()).toBe(true);
    expect(closed.isClosed()).toBe(false);

    const laterFile = await launchChromium();
    try {
      const page = await laterFile.newPage();
      expect(page).toBe(closed);
      await page.goto(`${origin}/plain`);
      expect(await page.evaluate(() => [localStorage.getItem('left'), sessionStorage.getItem('left'), document.cookie])).toEqual([null, null, '']);
    } finally {
      await laterFile.close();
    }
  });
});
