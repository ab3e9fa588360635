import { afterAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { KnowledgeBase } from '../knowledge/index.ts';
import { FIXTURE_ENTRIES } from '../knowledge/test-fixtures.ts';
import { cachedTestEmbeddings, publishedKnowledge, tempDir } from './test-support.ts';

/**
 * The harnesses take the fixture knowledge base from the run's template instead of publishing it:
 * the copy must be what their own publish would have made, or every test on it checks something else.
 */
describe('publishedKnowledge', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => { for (const c of cleanups) await c(); });

  it('gives the knowledge base a publish of the fixture entries gives: same version, entries, models and answers', async () => {
    const t = await tempDir('faqbot-published-fixture-');
    cleanups.push(t.cleanup);
    const copied = await publishedKnowledge(`${t.dir}/copied`, await cachedTestEmbeddings(`${t.dir}/emb-copied`));
    const fresh = await KnowledgeBase.open({ dir: `${t.dir}/fresh`, embeddings: await cachedTestEmbeddings(`${t.dir}/emb-fresh`) });
    await fresh.publish(FIXTURE_ENTRIES, { note: 'fixture' });

    expect(copied.version).toBe(fresh.version);
    expect(copied.entries()).toEqual(fresh.entries());
    // The trained classifiers, byte for byte, and the rest of each language's model.
    const blobs = (dir: string) => Promise.all(['en', 'pl'].map((lang) => readFile(path.join(dir, 'snapshots', `v${fresh.version}.${lang}.classifier.bin`))));
    const [a, b] = await Promise.all([blobs(`${t.dir}/copied`), blobs(`${t.dir}/fresh`)]);
    a.forEach((blob, i) => expect(blob.equals(b[i]!)).toBe(true));
    for (const question of ['how do I return an item', 'jak zwrócić produkt', 'what does shipping cost', 'tell me a joke']) {
      for (const lang of ['en', 'pl']) expect(await copied.match(question, lang), `${question} (${lang})`).toEqual(await fresh.match(question, lang));
    }
  });
});
