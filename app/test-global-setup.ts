/**
 * Vitest global set-up: once per `npm test`, builds in the background what most test files used
 * to build for themselves (tens of seconds each on 2 cores):
 *
 * - `fixture`: a template folder whose data folder has the fixture entries
 *   (knowledge/test-fixtures.ts) published, a migrated, empty PGlite database, and an embedding
 *   cache holding the fixture texts and the bundled off-topic questions;
 * - `sample`: the same with the sample knowledge base (knowledge/sample-kb);
 * - `pglite`: an empty, unmigrated PGlite database (its initdb took 29 s of a test's set-up at
 *   load 14; a copy opens in about 4 s).
 *
 * The builds run in child processes, side by side, while the tests that need neither run (one
 * after the other, the sample one finished too late for its tests' hooks on a loaded machine).
 * Test files wait for the one they need and copy it (app/test-support.ts: templateDataDir,
 * warmEmbeddingCache), so a test's writes stay its own and a text new to the cache is still
 * embedded, and counted, by the test that brings it. The folder reaches the test processes
 * through vitest's provide/inject, not the environment.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Folder of the templates built by app/test-global-setup.ts. */
    testTemplates: string;
  }
}

/** The templates. */
export const TEMPLATES = ['pglite', 'fixture', 'sample'] as const;
export type TemplateName = (typeof TEMPLATES)[number];

/** Written beside a template when it is complete, or when its build failed (with the output). */
export const readyMarker = (root: string, name: TemplateName) => path.join(root, `${name}.ready`);
export const failedMarker = (root: string, name: TemplateName) => path.join(root, `${name}.failed`);

const builder = fileURLToPath(new URL('./test-template-build.ts', import.meta.url));

export default async function setup(project: TestProject) {
  const root = await mkdtemp(path.join(os.tmpdir(), 'kestrel-test-templates-'));
  const children: Array<ReturnType<typeof spawn>> = [];
  let stopped = false;
  const build = (name: TemplateName) => new Promise<void>((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', builder, path.join(root, name), name], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let output = '';
    child.stdout!.on('data', (d) => { output += d; });
    child.stderr!.on('data', (d) => { output += d; });
    child.on('close', async (code, signal) => {
      if (code === 0) {
        await writeFile(readyMarker(root, name), `${Math.round(performance.now() - started)} ms\n`);
      } else if (!stopped) {
        await writeFile(failedMarker(root, name), `test template "${name}" failed to build (${signal ?? `exit ${code}`}):\n${output}`);
      }
      resolve();
    });
  });
  const done = Promise.all(TEMPLATES.map(build));
  project.provide('testTemplates', root);
  return async () => {
    stopped = true;
    for (const child of children) if (child.exitCode === null) child.kill();
    await done;
    await rm(root, { recursive: true, force: true });
  };
}
