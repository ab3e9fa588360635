import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeEntryMarkdown, UseLiteEmbeddings } from '../knowledge/index.ts';
import { FIXTURE_ENTRIES } from '../knowledge/test-fixtures.ts';
import { startApp, type RunningApp } from './app.ts';
import { loadConfig } from './config.ts';
import { tempDir, templateDataDir, TEST_APP } from './test-support.ts';

/** An operator switches the embedding model: the next start rebuilds the live version with it. */
describe('a server started with another embedding model', () => {
  let data: Awaited<ReturnType<typeof tempDir>>;
  let kb: Awaited<ReturnType<typeof tempDir>>;
  let app: RunningApp | undefined;
  const config = () => loadConfig({ PORT: '0', LOG_LEVEL: 'silent', KB_DIR: kb.dir }, data.dir);

  beforeAll(async () => {
    data = await templateDataDir('fixture', 'faqbot-model-change-');
    kb = await tempDir('faqbot-model-change-kb-');
    for (const e of FIXTURE_ENTRIES) await writeFile(path.join(kb.dir, `${e.id}.md`), serializeEntryMarkdown(e));
  });
  afterAll(async () => {
    await app?.close();
    await data?.cleanup();
    await kb?.cleanup();
  });

  it('re-embeds the live knowledge base, keeps its entries, and keeps answering', async () => {
    app = await startApp(config(), TEST_APP);
    const before = app.knowledge.version!;
    const entries = app.knowledge.entries().map((e) => e.id).sort();
    await app.close();
    app = undefined;
    // The same encoder under another model id stands in for an operator switching models.
    const use = new UseLiteEmbeddings();
    const renamed = { modelId: 'use-lite-renamed', languages: ['en'], embedDocuments: (t: string[]) => use.embedDocuments(t), embedQuery: (t: string) => use.embedQuery(t) };
    app = await startApp(config(), { ...TEST_APP, embeddings: renamed });
    expect(app.knowledge.version).toBe(before + 1);
    expect(app.knowledge.embedderId).toBe('use-lite-renamed');
    expect(app.knowledge.entries().map((e) => e.id).sort()).toEqual(entries);
    const res = await fetch(`${app.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'api-user-model', text: 'How do I return an item?' }) });
    expect((await res.json()).replies[0].entryId).toBe('return-an-item');
  }, 180_000);
});
