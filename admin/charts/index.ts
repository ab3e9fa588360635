/**
 * admin/charts: the one charting library of the product (Chart.js, from node_modules, never a
 * CDN) and the small drawing helpers on top of it (public/charts.js). The analytics screen loads
 * both from `/vendor/`; a self-contained HTML report (the evaluation suites) inlines both with
 * `inlineChartScripts()`, so the page draws without a network.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Router } from 'express';

const require = createRequire(import.meta.url);

/** Chart.js's UMD build: one file that defines `window.Chart`. */
// The package's exports map hides dist/, so resolve the main entry and look beside it.
export const CHART_JS_FILE = join(dirname(require.resolve('chart.js')), 'chart.umd.min.js');
/** The project's helpers (`window.FaqCharts`): line, bars, funnel, reliability diagram, histogram. */
export const CHART_HELPERS_FILE = fileURLToPath(new URL('./public/charts.js', import.meta.url));

/** `GET /vendor/chart.js` and `GET /vendor/charts.js`, cached for a day. */
export function chartsRouter(): Router {
  const router = express.Router();
  const send = (file: string) => (_req: express.Request, res: express.Response) => {
    res.set('Cache-Control', 'public, max-age=86400');
    res.type('application/javascript').sendFile(file);
  };
  router.get('/vendor/chart.js', send(CHART_JS_FILE));
  router.get('/vendor/charts.js', send(CHART_HELPERS_FILE));
  return router;
}

/** Both scripts as `<script>` elements, for a page that must work offline. */
export function inlineChartScripts(): string {
  // "</script" inside a script would end it early; Chart.js has none, but be sure.
  const safe = (code: string) => code.replace(/<\/script/gi, '<\\/script');
  return [CHART_JS_FILE, CHART_HELPERS_FILE]
    .map((f) => `<script>${safe(readFileSync(f, 'utf8'))}</script>`)
    .join('\n');
}
