import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

let tsxApi: string | undefined;

/**
 * Source for `new Worker(source, { eval: true })` that runs a TypeScript module as the main
 * program does: it registers tsx's loader (a dependency) from inside the worker, which works
 * under `tsx`, vitest and plain Node alike, where inherited loader flags do not reach a worker.
 */
export function tsxWorkerSource(entry: URL): string {
  if (!tsxApi) {
    // tsx's ES-module API, as its package's export map names it (resolving it with require would give the CommonJS build).
    const require = createRequire(import.meta.url);
    const manifest = require.resolve('tsx/package.json');
    const { exports } = require(manifest) as { exports: Record<string, { import: { default: string } }> };
    tsxApi = new URL(exports['./esm/api']!.import.default, pathToFileURL(manifest)).href;
  }
  return `const { register } = await import(${JSON.stringify(tsxApi)}); register(); await import(${JSON.stringify(entry.href)});`;
}
