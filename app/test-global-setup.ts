/**
 * Vitest global set-up: once per `npm test`, builds in the background what most test files used
 * to build for themselves (tens of seconds each on 2 cores):
 *
 * - `fixture`: a template folder whose data folder has the fixture entries
 *   (knowledge/test-fixtures.ts) published, a migrated, empty PGlite database, and an embedding
 *   cache holding the fixture texts and the bundled off-topic questions;
 * - `sample`: the same with the sample knowledge base (knowledge/sample-kb);
 * - `fixtureKb`: a knowledge-base folder alone (no app), the fixture entries published into it
 *   with KnowledgeBase's defaults, as the test harnesses that serve the fixture publish it
 *   (app/test-support.ts: publishedKnowledge);
 * - `empty`: a dump of a fresh, empty cluster, built first: `fixture` and `sample` start their database
 *   from it, and app/test-support.ts's freshPglite loads it, instead of each running initdb.
 *
 * The builds run in one child process, one after the other, while the tests that need none of
 * them run.
 * Test files wait for the one they need and copy it (app/test-support.ts: templateDataDir,
 * warmEmbeddingCache), so a test's writes stay its own and a text new to the cache is still
 * embedded, and counted, by the test that brings it. The folder reaches the test processes
 * through vitest's provide/inject, not the environment.
 *
 * Templates are kept in node_modules/.cache/faqbot-test-templates/<hash>, the hash of every
 * source file that can change what a template holds (the code, the bundled knowledge, the lock
 * file). A later run on the same sources finds them ready; any change to those files builds
 * afresh. A clean checkout (CI) has no cache and builds them during the run.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { access, mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Folder of the templates built by app/test-global-setup.ts. */
    testTemplates: string;
  }
}

/** The templates, in build order. `empty` is a dump of a fresh cluster (EMPTY_DUMP), which the app templates start from. */
export const TEMPLATES = ['empty', 'fixtureKb', 'fixture', 'sample'] as const;
export type TemplateName = (typeof TEMPLATES)[number];
/** The dump inside the `empty` template's folder. */
export const EMPTY_DUMP = 'pglite.tar';
/** The training cache's folder inside the templates' folder (app/test-setup.ts). */
export const TRAINING_CACHE_DIR = 'training';
/** The knowledge-base folder inside the `fixtureKb` template's folder. */
export const PUBLISHED_FIXTURE_DIR = 'knowledge';

/**
 * A dump for PGlite's `loadDataDir`, held as bytes: `arrayBuffer()` is one copy of them. PGlite
 * reads a dump with `arrayBuffer()` alone; Node 20's Blob serves that through a stream, chunk by
 * chunk, a large part of the CPU of loading a fresh cluster (eval/HISTORY.md). Only `size` and
 * `arrayBuffer()` serve the bytes (`slice`, `stream` and `text` see an empty Blob).
 */
export class BytesBlob extends Blob {
  readonly #bytes: Uint8Array;
  constructor(bytes: Uint8Array) {
    super([], { type: 'application/x-tar' });
    this.#bytes = bytes;
  }
  override get size(): number {
    return this.#bytes.byteLength;
  }
  override arrayBuffer(): Promise<ArrayBuffer> {
    // A copy for each load: no two databases ever hold views of one buffer.
    return Promise.resolve(this.#bytes.slice().buffer);
  }
}

/** Written beside a template when it is complete, or when its build failed (with the output). */
export const readyMarker = (root: string, name: TemplateName) => path.join(root, `${name}.ready`);
export const failedMarker = (root: string, name: TemplateName) => path.join(root, `${name}.failed`);

const builder = fileURLToPath(new URL('./test-template-build.ts', import.meta.url));
const repo = fileURLToPath(new URL('../', import.meta.url));
const cacheRoot = path.join(repo, 'node_modules', '.cache', 'faqbot-test-templates');
/** Folders whose every file is bundled content a template publishes. */
const CONTENT_DIRS = ['knowledge/sample-kb', 'knowledge/conversation', 'knowledge/outliers'];
const SKIPPED_DIRS = new Set(['node_modules', 'data', 'test-artifacts', 'coverage', 'dist', 'models']);
const exists = (file: string) => access(file).then(() => true, () => false);

/** The hash of the sources that decide what a template holds: non-test TypeScript, bundled content, the lock file. */
async function sourceHash(): Promise<string> {
  const files: string[] = [];
  const walk = async (dir: string, everything: boolean) => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      if (e.name.startsWith('.') || SKIPPED_DIRS.has(e.name)) continue;
      const full = path.join(dir, e.name);
      const rel = path.relative(repo, full);
      if (e.isDirectory()) await walk(full, everything || CONTENT_DIRS.includes(rel));
      else if (everything || (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))) files.push(rel);
    }
  };
  await walk(repo, false);
  files.push('package-lock.json');
  const hash = createHash('sha256');
  for (const rel of files.sort()) hash.update(rel).update('\0').update(await readFile(path.join(repo, rel))).update('\0');
  return hash.digest('hex').slice(0, 16);
}

/** A set used this recently is kept: another checkout sharing node_modules may be copying from it. */
const IN_USE_MS = 2 * 60 * 60 * 1000;

/** Drop the template sets of older sources: keep the few newest, and any used in the last two hours. */
async function pruneCache(): Promise<void> {
  const sets = await Promise.all((await readdir(cacheRoot)).map(async (name) => ({ name, at: (await stat(path.join(cacheRoot, name))).mtimeMs })));
  const now = Date.now();
  for (const old of sets.sort((a, b) => b.at - a.at).slice(4)) {
    if (now - old.at > IN_USE_MS) await rm(path.join(cacheRoot, old.name), { recursive: true, force: true });
  }
}

/** Half-built templates of runs that were killed (their process is gone). */
async function removeAbandonedBuilds(root: string): Promise<void> {
  for (const name of await readdir(root)) {
    const pid = Number(/\.building-(\d+)/.exec(name)?.[1]);
    if (!pid) continue;
    let alive = true;
    try {
      process.kill(pid, 0);
    } catch {
      alive = false;
    }
    if (!alive) await rm(path.join(root, name), { recursive: true, force: true });
  }
}

export default async function setup(project: TestProject) {
  const root = path.join(cacheRoot, await sourceHash());
  await mkdir(root, { recursive: true });
  // Marks the set as in use (pruneCache goes by this time).
  const now = new Date();
  await utimes(root, now, now);
  await pruneCache().catch(() => undefined);
  await removeAbandonedBuilds(root).catch(() => undefined);
  const missing: TemplateName[] = [];
  for (const name of TEMPLATES) {
    if (await exists(readyMarker(root, name))) continue;
    // A failure of an earlier run is built again, not reported again.
    await rm(failedMarker(root, name), { force: true });
    missing.push(name);
  }
  // Built under a name of its own, then renamed: a template folder is complete or absent, and of
  // two runs building the same sources at once, the first rename wins.
  const suffix = `.building-${process.pid}`;
  const partials = missing.flatMap((name) => [path.join(root, `${name}${suffix}`), path.join(root, `${name}${suffix}-kb`)]);
  let stopped = false;
  let child: ReturnType<typeof spawn> | undefined;
  // One process builds them all, `empty` first (TEMPLATES' order): initdb once (seconds of CPU),
  // whose dump the other templates and every test process's empty databases
  // (app/test-support.ts: freshPglite) load; and the app's modules and models loaded once.
  const done = missing.length === 0 ? Promise.resolve() : new Promise<void>((resolve) => {
    const started = performance.now();
    const built = new Set<TemplateName>();
    let marking = Promise.resolve();
    const spawned = spawn(process.execPath, ['--import', 'tsx', builder, root, suffix, ...missing], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = spawned;
    let output = '';
    let pending = '';
    spawned.stdout!.on('data', (d) => {
      output += d;
      pending += d;
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        const name = /^built (\w+)$/.exec(line)?.[1] as TemplateName | undefined;
        if (!name || !missing.includes(name)) continue;
        built.add(name);
        const ms = Math.round(performance.now() - started);
        marking = marking.then(async () => {
          await rename(path.join(root, `${name}${suffix}`), path.join(root, name)).catch(() => undefined);
          await writeFile(readyMarker(root, name), `${ms} ms after the build started\n`);
        });
      }
    });
    spawned.stderr!.on('data', (d) => { output += d; });
    spawned.on('close', async (code, signal) => {
      await marking;
      if (!stopped) {
        for (const name of missing.filter((n) => !built.has(n))) {
          await writeFile(failedMarker(root, name), `test template "${name}" failed to build (${signal ?? `exit ${code}`}):\n${output}`);
        }
      }
      resolve();
    });
  });
  project.provide('testTemplates', root);
  return async () => {
    stopped = true;
    if (child && child.exitCode === null) child.kill();
    await done;
    for (const partial of partials) await rm(partial, { recursive: true, force: true });
  };
}
