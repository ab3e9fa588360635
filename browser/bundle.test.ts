import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WIDGET_ENTRY } from '../adapters/index.ts';
import { CONSOLE_ENTRY } from '../admin/admin.ts';
import { textDirection } from '../shared/text-direction.ts';
import { bundleScript, FAQ_DOM_ENTRY, scriptRoute, SHARED_BROWSER_ENTRY } from './index.ts';

/** The shared browser module as the knowledge editor gets it, loaded into Node. */
type Shared = typeof import('./shared/index.ts');

describe('#bundleScript', () => {
  it('bundles the widget and the console into scripts with nothing left to import', async () => {
    for (const entry of [WIDGET_ENTRY, CONSOLE_ENTRY]) {
      const { code, etag } = await bundleScript({ entry });
      expect(code.length).toBeGreaterThan(1000);
      expect(code).not.toMatch(/(^|[;}])\s*import[\s{*"']/);
      expect(etag).toMatch(/^"[\w-]{27}"$/);
    }
    // The embedding notes stay at the top of the widget.
    expect((await bundleScript({ entry: WIDGET_ENTRY })).code).toContain('Host-page API: window.KestrelChat');
  });
});

describe('window.FaqDom (served as /assets/dom.js)', () => {
  it('gives the plain-script pages the server\'s right-to-left list and answers', async () => {
    const { code } = await bundleScript({ entry: FAQ_DOM_ENTRY });
    const window: { FaqDom?: { textDirection(lang: string): string; el: unknown } } = {};
    new Function('window', code)(window);
    expect(typeof window.FaqDom!.el).toBe('function');
    for (const lang of ['ar-EG', 'iw', 'ckb', 'pa-Arab', 'en', 'th-TH', 'zh_Hant', 'arn']) expect(window.FaqDom!.textDirection(lang), lang).toBe(textDirection(lang));
  });
});

describe('the shared browser module (served as /admin/shared.js)', () => {
  let dir: string;
  let shared: Shared;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'faqbot-shared-'));
    const file = path.join(dir, 'shared.mjs');
    await writeFile(file, (await bundleScript({ entry: SHARED_BROWSER_ENTRY, format: 'esm' })).code);
    shared = await import(file);
    server = createServer((req, res) => {
      const status = req.url === '/gone' || req.url === '/login' ? 401 : req.url === '/text' ? 500 : 200;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(req.url === '/text' ? 'plain failure' : JSON.stringify(status === 200 ? { method: req.method, type: req.headers['content-type'] ?? null } : { error: 'unauthenticated', message: 'sign in first' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    if (server) await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('knows which languages are written right to left', () => {
    expect(['ar', 'ar-EG', 'he', 'iw', 'fa', 'ur', 'ckb', 'pa-Arab', 'ug'].map(shared.isRtl)).toEqual(Array(9).fill(true));
    expect(['en', 'pl', 'zh-TW', 'th', '', null].map(shared.dirOf)).toEqual(Array(6).fill('ltr'));
  });

  it('sends JSON, reads JSON, and turns refusals into ApiErrors', async () => {
    expect(await shared.requestJson('POST', `${base}/ok`, { a: 1 })).toEqual({ method: 'POST', type: 'application/json' });
    const plain = await shared.requestJson('GET', `${base}/text`).catch((e: unknown) => e);
    expect(plain).toBeInstanceOf(shared.ApiError);
    expect(plain).toMatchObject({ status: 500, message: 'plain failure' });
  });

  it('reports a session that ended, but not a refused sign-in', async () => {
    const told: string[] = [];
    const api = shared.apiClient(base, { onSignedOut: (m) => told.push(m) });
    await expect(api('GET', '/gone')).rejects.toMatchObject({ status: 401, code: 'unauthenticated', message: 'sign in first' });
    await expect(api('POST', '/login', {})).rejects.toMatchObject({ status: 401 });
    expect(told).toEqual(['Your session ended. Please sign in again.']);
  });
});

describe('#scriptRoute', () => {
  it('serves the bundle with an ETag and answers 304 when the browser has it', async () => {
    const route = scriptRoute({ entry: SHARED_BROWSER_ENTRY, format: 'esm' });
    await route.ready;
    const app = express().get('/shared.js', route.handler);
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/shared.js`;
      const first = await fetch(url);
      expect(first.status).toBe(200);
      expect(first.headers.get('content-type')).toMatch(/^application\/javascript/);
      expect(await first.text()).toContain('"ckb"');
      // node:http, not fetch: fetch adds "Cache-Control: no-cache" to a conditional request.
      const again = await new Promise<number | undefined>((resolve, reject) => {
        get(url, { headers: { 'if-none-match': first.headers.get('etag')! } }, (res) => { res.resume(); resolve(res.statusCode); }).on('error', reject);
      });
      expect(again).toBe(304);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
