import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { compiledServer } from './compiled-server.ts';
import { tempDir } from './test-support.ts';

const run = promisify(execFile);

function* jsFiles(dir: string): Generator<string> {
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    if (d.name === 'node_modules') continue;
    const full = path.join(dir, d.name);
    if (d.isDirectory()) yield* jsFiles(full);
    // Compiled from TypeScript (public/ folders also hold browser scripts served as they are).
    else if (d.name.endsWith('.js') && existsSync(full.slice(0, -3) + '.ts')) yield full;
  }
}

describe('the compiled server (npm run build, the first step of npm start)', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanups) await c();
  });

  it('compiles every module so that the server loads on plain Node, its worker entries included', async () => {
    const out = await tempDir('faqbot-build-');
    cleanups.push(() => out.cleanup());
    const dist = path.join(out.dir, 'dist');
    const { command, args } = await compiledServer(dist);
    expect(command).toBe('sh');
    expect(args).toEqual([expect.stringMatching(/app\/run\.sh$/), dist]);
    expect(existsSync(path.join(dist, 'app', 'main.js'))).toBe(true);
    expect(existsSync(path.join(dist, 'app', 'build.test.ts'))).toBe(false);

    // Every relative import of the compiled files names a compiled file that exists.
    const specifier = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["'](\.\.?\/[^"'\n]+)["']/g;
    let imports = 0;
    for (const file of jsFiles(dist)) {
      for (const [, spec] of readFileSync(file, 'utf8').matchAll(specifier)) {
        imports++;
        expect(spec, `${path.relative(dist, file)} imports ${spec}`).not.toMatch(/\.ts$/);
        expect(existsSync(path.resolve(path.dirname(file), spec!)), `${path.relative(dist, file)} imports ${spec}`).toBe(true);
      }
    }
    expect(imports).toBeGreaterThan(500);

    // The app's whole module graph loads without a TypeScript loader, and a worker's entry is its .js.
    const probe = `
      const { startApp } = await import(${JSON.stringify(pathToFileURL(path.join(dist, 'app', 'app.js')).href)});
      const { tsxWorkerSource } = await import(${JSON.stringify(pathToFileURL(path.join(dist, 'knowledge', 'tsx-worker.js')).href)});
      const source = tsxWorkerSource(new URL('./embedding-worker.ts', ${JSON.stringify(pathToFileURL(path.join(dist, 'knowledge', 'x.js')).href)}));
      // A real worker: training at publish falls back to this thread, silently, when its worker cannot start.
      const { trainInBackground } = await import(${JSON.stringify(pathToFileURL(path.join(dist, 'knowledge', 'background-train.js')).href)});
      const example = { indices: Int32Array.of(0), values: Float32Array.of(1) };
      const { ranOn } = await trainInBackground([example, example], [0, 1], 2, 1, 0, { epochs: 1 });
      console.log(JSON.stringify({ startApp: typeof startApp, source, ranOn }));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', probe], { cwd: out.dir });
    const result = JSON.parse(stdout.trim().split('\n').pop()!) as { startApp: string; source: string; ranOn: string };
    expect(result.startApp).toBe('function');
    expect(result.source).toContain('embedding-worker.js');
    expect(result.source).not.toContain('tsx');
    expect(result.ranOn).toBe('worker');
  }, 60_000);
});
