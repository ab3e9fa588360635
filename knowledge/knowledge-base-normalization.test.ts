import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../app/test-support.ts';
import { CachedEmbeddings, UseLiteEmbeddings } from './embeddings.ts';
import { KnowledgeBase } from './knowledge-base.ts';
import { TEXT_NORMALIZATION } from './segment.ts';
import { FIXTURE_ENTRIES } from './test-fixtures.ts';

describe('a version built with an older text normalisation', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  const embeddings = new CachedEmbeddings(new UseLiteEmbeddings());

  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(async () => {
    await dir.cleanup();
  });

  it('is recognised when reopened, still answers, and is current again once republished', async () => {
    const kb = await KnowledgeBase.open({ dir: dir.dir, embeddings });
    const { version } = await kb.publish(FIXTURE_ENTRIES);
    expect(kb.builtWithOtherNormalization).toBe(false);
    const file = path.join(dir.dir, 'snapshots', `v${version}.json`);
    const snapshot = JSON.parse(await readFile(file, 'utf8')) as { textNormalization?: number };
    expect(snapshot.textNormalization).toBe(TEXT_NORMALIZATION);

    // As written before the normalisation was recorded.
    delete snapshot.textNormalization;
    await writeFile(file, JSON.stringify(snapshot));
    const old = await KnowledgeBase.open({ dir: dir.dir, embeddings });
    expect(old.builtWithOtherNormalization).toBe(true);
    expect((await old.match('How do I return an item?', 'en')).candidates[0]?.entryId).toBe('return-an-item');
    expect(old.vocabulary?.languages).toEqual(['en', 'pl']);

    await old.publish(old.entries(), { note: 'retrained with the current text normalisation' });
    expect(old.builtWithOtherNormalization).toBe(false);
  }, 300_000);
});
