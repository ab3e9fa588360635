import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

let tsxApi: string | undefined;

/** True when this module runs as the JavaScript `npm run build` wrote into dist/, not as TypeScript. */
const COMPILED = import.meta.url.endsWith('.js');

/**
 * Source for `new Worker(source, { eval: true })` that runs a TypeScript module as the main
 * program does. As TypeScript (tsx, vitest), it registers tsx's loader (a dependency) from
 * inside the worker, which works under `tsx`, vitest and plain Node alike, where inherited
 * loader flags do not reach a worker. Compiled (`npm start`), it imports the entry's .js beside
 * it, with no loader: tsx's loader thread would cost the worker about 20 MB.
 */
export function tsxWorkerSource(entry: URL): string {
  if (COMPILED) return `await import(${JSON.stringify(entry.href.replace(/\.ts$/, '.js'))});`;
  if (!tsxApi) {
    // tsx's ES-module API, as its package's export map names it (resolving it with require would give the CommonJS build).
    const require = createRequire(import.meta.url);
    const manifest = require.resolve('tsx/package.json');
    const { exports } = require(manifest) as { exports: Record<string, { import: { default: string } }> };
    tsxApi = new URL(exports['./esm/api']!.import.default, pathToFileURL(manifest)).href;
  }
  return `const { register } = await import(${JSON.stringify(tsxApi)}); register(); await import(${JSON.stringify(entry.href)});`;
}
