import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../bot/index.ts';
import { createHttpApp } from './server.ts';

describe('createHttpApp', () => {
  let url = '';
  let close = () => {};
  beforeAll(async () => {
    const http = createHttpApp(silentLogger);
    http.app.get('/hello', (_req, res) => res.json({ ok: true }));
    const server = http.finish();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  afterAll(() => close());

  it('answers the browser\'s favicon request with "no icon", not a 404', async () => {
    const res = await fetch(`${url}/favicon.ico`);
    expect(res.status).toBe(204);
    expect(res.headers.get('cache-control')).toMatch(/max-age/);
  });

  it('answers routes it has, and a JSON 404 for the rest', async () => {
    expect(await (await fetch(`${url}/hello`)).json()).toEqual({ ok: true });
    const missing = await fetch(`${url}/nope`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/json/);
  });
});
