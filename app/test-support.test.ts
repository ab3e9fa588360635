import { afterAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { KnowledgeBase } from '../knowledge/index.ts';
import { FIXTURE_ENTRIES } from '../knowledge/test-fixtures.ts';
import { migrate } from '../bot/index.ts';
import { cachedTestEmbeddings, freshPglite, parkedPglites, publishedKnowledge, tempDir } from './test-support.ts';

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

/** A database handed back by one test serves the next: it must be as empty as a new one. */
describe('freshPglite', () => {
  it('hands a test a database with nothing of the test before it, and refuses the earlier test\'s statements', async () => {
    const first = await freshPglite();
    await migrate(first.db);
    const tables = 'select count(*)::int as n from pg_tables where schemaname not in (\'pg_catalog\', \'information_schema\')';
    expect((await first.db.query<{ n: number }>(tables))[0]!.n).toBeGreaterThan(5);
    await first.db.exec(`create schema elsewhere; create table elsewhere.t (x int); create temp table scratch (x int);
      set statement_timeout = '7s'; prepare left_over as select 1; begin; insert into elsewhere.t values (1)`);
    const parked = parkedPglites();
    await first.cleanup();
    expect(parkedPglites()).toBe(parked + 1);
    await expect(first.db.query('select 1')).rejects.toThrow(/closed/);

    const second = await freshPglite();
    expect(parkedPglites()).toBe(parked);
    try {
      expect((await second.db.query<{ n: number }>(tables))[0]!.n).toBe(0);
      expect(await second.db.query('select nspname from pg_namespace where nspname in (\'elsewhere\', \'public\')')).toEqual([{ nspname: 'public' }]);
      expect((await second.db.query<{ statement_timeout: string }>('show statement_timeout'))[0]!.statement_timeout).toBe('0');
      expect(await second.db.query('select name from pg_prepared_statements where name = \'left_over\'')).toEqual([]);
      // Migrations apply from the start, as on a new database, and the earlier test's close is no longer its.
      expect(await migrate(second.db)).toBeGreaterThan(5);
      await first.cleanup();
      expect((await second.db.query<{ n: number }>(tables))[0]!.n).toBeGreaterThan(5);
    } finally {
      await second.cleanup();
    }
  });
});
