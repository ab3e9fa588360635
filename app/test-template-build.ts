/**
 * Builds one template folder for the test run (spawned by test-global-setup.ts). The folder is
 * what tests pass to `loadConfig(env, cwd)` as `cwd`, so the data folder is `<folder>/data`.
 * It starts the real app once, so the knowledge base is published exactly as a test's first
 * start would publish it, then swaps in a freshly migrated database with no accounts (a first
 * start creates one, and tests rely on starting without any).
 *
 * Usage: node --import tsx app/test-template-build.ts <folder> empty|sample|fixture <empty dump>
 * `empty` writes a dump of a fresh cluster to `<folder>/<EMPTY_DUMP>` (the others start their
 * database from that dump, the third argument); `sample` publishes the default KB_DIR (knowledge/sample-kb); `fixture` publishes the fixture
 * entries (knowledge/test-fixtures.ts) from a folder of their Markdown, as the tests that use
 * them do.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { migrate, openPglite } from '../bot/index.ts';
import { serializeEntryMarkdown } from '../knowledge/index.ts';
import { FIXTURE_ENTRIES } from '../knowledge/test-fixtures.ts';
import { startApp } from './app.ts';
import { loadConfig } from './config.ts';
import { EMPTY_DUMP } from './test-global-setup.ts';

const [folder, kind, emptyDump] = process.argv.slice(2);
if (!folder || !emptyDump || !['empty', 'sample', 'fixture'].includes(kind!)) throw new Error('usage: test-template-build.ts <folder> empty|sample|fixture <empty dump>');
if (kind === 'empty') {
  // A fresh cluster, written out whole: the one initdb of the run.
  const fresh = await openPglite();
  const dump = await fresh.dump();
  await fresh.close();
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, EMPTY_DUMP), Buffer.from(await dump.arrayBuffer()));
  process.exit(0);
}
let kbDir: string | undefined;
if (kind === 'fixture') {
  kbDir = `${folder}-kb`;
  await mkdir(kbDir, { recursive: true });
  for (const e of FIXTURE_ENTRIES) await writeFile(path.join(kbDir, `${e.id}.md`), serializeEntryMarkdown(e));
}
const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...(kbDir ? { KB_DIR: kbDir } : {}) }, folder);
const dbDir = path.join(config.dataDir, 'db');
// The migrated database with no accounts is made first and kept as a dump: restoring it after the
// app's start skips a second initdb and migration (seconds of CPU in every test run that builds).
const seed = await openPglite(dbDir, { loadDataDir: new Blob([await readFile(emptyDump)]) });
await migrate(seed);
const migrated = await seed.dump();
await seed.close();
const app = await startApp(config);
await app.close();
await rm(dbDir, { recursive: true, force: true });
const db = await openPglite(dbDir, { loadDataDir: migrated });
await db.close();
// Model runtimes keep timers and threads alive; the folder is complete, so end here.
process.exit(0);
