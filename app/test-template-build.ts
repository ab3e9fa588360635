/**
 * Builds the template folders for the test run (spawned once by test-global-setup.ts), one after
 * the other in this one process: each build in a process of its own loaded the app's modules and
 * models again (seconds of CPU each). A folder is what tests pass to `loadConfig(env, cwd)` as
 * `cwd`, so the data folder is `<folder>/data`. It starts the real app once, so the knowledge base
 * is published exactly as a test's first start would publish it, then swaps in a freshly migrated
 * database with no accounts (a first start creates one, and tests rely on starting without any).
 *
 * Usage: node --import tsx app/test-template-build.ts <root> <suffix> <name>...
 * Each `<name>` (empty, fixtureKb, fixture or sample, in the order given) is built into `<root>/<name><suffix>`,
 * and `built <name>` is printed once it is complete. `empty` writes a dump of a fresh cluster to
 * `<folder>/<EMPTY_DUMP>`; the others start their database from `<root>/empty/<EMPTY_DUMP>`, or
 * from the one this process just built. `sample` publishes the default KB_DIR
 * (knowledge/sample-kb); `fixture` publishes the fixture entries (knowledge/test-fixtures.ts)
 * from a folder of their Markdown (`<folder>-kb`), as the tests that use them do. `fixtureKb`
 * publishes the fixture entries into `<folder>/<PUBLISHED_FIXTURE_DIR>` with KnowledgeBase alone.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { migrate, openPglite } from '../bot/index.ts';
import { CachedEmbeddings, FileEmbeddingCache, KnowledgeBase, serializeEntryMarkdown, UseLiteEmbeddings, useTrainingCache } from '../knowledge/index.ts';
import { FIXTURE_ENTRIES } from '../knowledge/test-fixtures.ts';
import { startApp } from './app.ts';
import { loadConfig } from './config.ts';
import { BytesBlob, EMPTY_DUMP, PUBLISHED_FIXTURE_DIR, TEMPLATES, TRAINING_CACHE_DIR, type TemplateName } from './test-global-setup.ts';

const [root, suffix, ...names] = process.argv.slice(2);
if (!root || suffix === undefined || names.length === 0 || !names.every((n) => (TEMPLATES as readonly string[]).includes(n))) {
  throw new Error('usage: test-template-build.ts <root> <suffix> empty|fixtureKb|fixture|sample...');
}

// What the templates train, the tests that publish the same entries find trained (app/test-setup.ts).
useTrainingCache(path.join(root, TRAINING_CACHE_DIR));

let emptyDump: Blob | undefined;

async function build(name: TemplateName, folder: string): Promise<void> {
  if (name === 'empty') {
    // A fresh cluster, written out whole: the one initdb of the run.
    const fresh = await openPglite();
    emptyDump = await fresh.dump();
    await fresh.close();
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, EMPTY_DUMP), Buffer.from(await emptyDump.arrayBuffer()));
    return;
  }
  if (name === 'fixtureKb') {
    // What the harnesses' own publish makes: KnowledgeBase's defaults, the fixture entries, the
    // note they give. Its embedding cache stays beside it (tests copy the `fixture` one).
    const knowledge = await KnowledgeBase.open({ dir: path.join(folder, PUBLISHED_FIXTURE_DIR), embeddings: new CachedEmbeddings(new UseLiteEmbeddings(), new FileEmbeddingCache(path.join(folder, 'embeddings'))) });
    await knowledge.publish(FIXTURE_ENTRIES, { note: 'fixture' });
    return;
  }
  emptyDump ??= new BytesBlob(await readFile(path.join(root!, 'empty', EMPTY_DUMP)));
  let kbDir: string | undefined;
  if (name === 'fixture') {
    kbDir = `${folder}-kb`;
    await mkdir(kbDir, { recursive: true });
    for (const e of FIXTURE_ENTRIES) await writeFile(path.join(kbDir, `${e.id}.md`), serializeEntryMarkdown(e));
  }
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...(kbDir ? { KB_DIR: kbDir } : {}) }, folder);
  const dbDir = path.join(config.dataDir, 'db');
  // The migrated database with no accounts is made first and kept as a dump: restoring it after the
  // app's start skips a second initdb and migration.
  const seed = await openPglite(dbDir, { loadDataDir: emptyDump });
  await migrate(seed);
  const migrated = await seed.dump();
  await seed.close();
  // The generated first admin's password is random: a low scrypt cost is as safe, and the test
  // apps started from the template sign in with it cheaply (app/test-support.ts: TEST_APP).
  const app = await startApp(config, { admin: { passwordHashing: { N: 1024 } } });
  await app.close();
  await rm(dbDir, { recursive: true, force: true });
  const db = await openPglite(dbDir, { loadDataDir: migrated });
  await db.close();
}

for (const name of names as TemplateName[]) {
  await build(name, path.join(root, `${name}${suffix}`));
  console.log(`built ${name}`);
}
// Model runtimes keep timers and threads alive; the folders are complete, so end here.
process.exit(0);
