import { describe, expect, it } from 'vitest';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { chartsRouter, inlineChartScripts } from './index.ts';

describe('charts', () => {
  it('serves Chart.js and the helpers from the app, no CDN', async () => {
    const app = express().use(chartsRouter());
    const server = app.listen(0);
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const lib = await fetch(`${base}/vendor/chart.js`);
      expect(lib.status).toBe(200);
      expect(lib.headers.get('content-type')).toMatch(/javascript/);
      expect(await lib.text()).toMatch(/Chart/);
      const helpers = await (await fetch(`${base}/vendor/charts.js`)).text();
      expect(helpers).toContain('root.FaqCharts');
    } finally {
      server.close();
    }
  });

  it('inlines both scripts for an offline page without ending the script early', () => {
    const html = inlineChartScripts();
    expect(html.match(/<script>/g)).toHaveLength(2);
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(html).not.toMatch(/src=/);
  });
});
