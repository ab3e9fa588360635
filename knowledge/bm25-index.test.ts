import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Bm25Index, MAX_TOKEN_BYTES } from './bm25-index.ts';
import { LanceIndex, type IndexReader, type IndexRow } from './lance-index.ts';
import { loadKnowledgeFolder } from './load-folder.ts';
import { indexTokens } from './segment.ts';

const dirs: string[] = [];
afterAll(async () => { for (const d of dirs) await rm(d, { recursive: true, force: true }); });

/** `tokens` per row, written to a LanceDB index as the knowledge base writes it. */
async function lanceOf(rows: Array<{ lang: string; tokens: string }>): Promise<IndexReader> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'faqbot-bm25-'));
  dirs.push(dir);
  const index = await LanceIndex.open(dir);
  const data: IndexRow[] = rows.map((r, i) => ({ rowId: String(i), entryId: String(i), lang: r.lang, kind: 'question', text: r.tokens, tokens: r.tokens, vector: new Float32Array([1, 0]) }));
  return index.reader(await index.write(data));
}

describe('Bm25Index', () => {
  it('scores as LanceDB does: long tokens dropped, a repeated query token once, other languages in the statistics only', async () => {
    const long = 'a'.repeat(MAX_TOKEN_BYTES);
    const thaiKept = 'ก'.repeat(13); // 39 UTF-8 bytes
    const thaiDropped = 'ก'.repeat(14); // 42
    const rows = [
      { lang: 'pl', tokens: `${'a'.repeat(MAX_TOKEN_BYTES - 1)} q` },
      { lang: 'pl', tokens: `${long} q` },
      { lang: 'pl', tokens: 'q q r' },
      { lang: 'pl', tokens: `${thaiKept} q` },
      { lang: 'pl', tokens: `${thaiDropped} q s` },
      { lang: 'en', tokens: 'q r s t' },
      { lang: 'en', tokens: 'r' },
    ];
    const memory = new Bm25Index(rows, ['pl']);
    const lance = await lanceOf(rows);
    for (const query of ['q', 'q q', 'r', 's q', long, thaiKept, thaiDropped, 'x', '']) {
      const expected = await lance.fullText(query, 'pl', 10);
      const got = memory.search(query, 'pl', 10);
      expect(got.map((h) => String(h.row)).sort()).toEqual(expected.map((h) => h.rowId).sort());
      const score = new Map(got.map((h) => [String(h.row), h.score]));
      for (const h of expected) expect(Math.abs(score.get(h.rowId)! - h.score)).toBeLessThanOrEqual(1e-6 * h.score);
    }
    expect(memory.search('q r', 'en', 10)).toEqual([]);
    expect(memory.searches('en')).toBe(false);
    lance.close();
  });

  it('finds the rows LanceDB finds for the sample knowledge base, best first (ties: earlier row first)', async () => {
    const entries = await loadKnowledgeFolder('knowledge/sample-kb');
    const rows = entries.flatMap((e) => e.variants.flatMap((v) => [v.question, ...v.alternates].map((text) => ({ lang: v.lang, text }))));
    const indexed = rows.map((r) => ({ lang: r.lang, tokens: indexTokens(r.text, r.lang, r.lang !== 'en') }));
    const memory = new Bm25Index(indexed, ['pl', 'zh', 'th', 'ar']);
    const lance = await lanceOf(indexed);
    const limit = 30;
    let compared = 0;
    for (const [i, r] of rows.entries()) {
      if (r.lang === 'en' || i % 3) continue;
      // Another row's phrasing asked in the row's language, so that most hits are partial matches.
      const query = indexTokens(rows[(i + 7) % rows.length]!.text + ' ' + r.text.slice(0, 6), r.lang, true);
      const got = memory.search(query, r.lang, limit + 1);
      const expected = await lance.fullText(query, r.lang, limit);
      for (let j = 1; j < got.length; j++) expect(got[j - 1]!.score > got[j]!.score || (got[j - 1]!.score === got[j]!.score && got[j - 1]!.row < got[j]!.row)).toBe(true);
      // Rows tied at the limit are kept in another order by LanceDB: compare where there is none.
      if (got.length > limit && got[limit - 1]!.score === got[limit]!.score) continue;
      compared++;
      expect(got.slice(0, limit).map((h) => String(h.row)).sort()).toEqual(expected.map((h) => h.rowId).sort());
      const score = new Map(got.map((h) => [String(h.row), h.score]));
      for (const h of expected) expect(Math.abs(score.get(h.rowId)! - h.score)).toBeLessThanOrEqual(1e-6 * h.score);
    }
    expect(compared).toBeGreaterThan(100);
    lance.close();
  });
});
