import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { afterAll, describe, expect, it } from 'vitest';
import { seededRandom } from './classifier.ts';
import { ANN_MIN_ROWS, LanceIndex, type IndexRow } from './lance-index.ts';

const dirs: string[] = [];
afterAll(async () => { for (const d of dirs) await rm(d, { recursive: true, force: true }); });

/** `n` rows with random unit vectors, alternating between two languages. */
function rows(n: number): IndexRow[] {
  const random = seededRandom(9);
  return Array.from({ length: n }, (_, i) => {
    const v = Array.from({ length: 64 }, () => random() - 0.5);
    const norm = Math.hypot(...v);
    const lang = i % 2 ? 'pl' : 'en';
    return { rowId: `e${i}|${lang}|0`, entryId: `e${i}`, lang, kind: 'question', text: `question ${i}`, tokens: `question w${i}`, vector: Float32Array.from(v, (x) => x / norm) };
  });
}

async function written(n: number, vectorIndex = true): Promise<{ dir: string; index: LanceIndex; version: number; data: IndexRow[] }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'faqbot-lance-'));
  dirs.push(dir);
  const index = await LanceIndex.open(dir);
  const data = rows(n);
  return { dir, index, version: await index.write(data, { vectorIndex }), data };
}

const vectorIndexed = async (dir: string) => (await (await (await lancedb.connect(dir)).openTable('kb_rows')).listIndices()).some((i) => i.columns.includes('vector'));

describe('LanceIndex vector search', () => {
  it.each([40, ANN_MIN_ROWS + 200])('finds each row as its own nearest neighbour, within its language (%i rows)', async (n) => {
    const { dir, index, version, data } = await written(n);
    expect(await vectorIndexed(dir)).toBe(n >= ANN_MIN_ROWS);
    const reader = await index.reader(version);
    let found = 0;
    const probes = data.filter((_, i) => i % 7 === 0);
    for (const row of probes) {
      const hits = await reader.nearest(row.vector, row.lang, 10);
      expect(hits.every((h) => h.rowId.includes(`|${row.lang}|`))).toBe(true);
      if (hits[0]?.rowId === row.rowId) found++;
    }
    // Exact below the threshold; the HNSW index is approximate but should almost never miss an exact copy.
    expect(found / probes.length).toBeGreaterThanOrEqual(n >= ANN_MIN_ROWS ? 0.95 : 1);
    reader.close();
  });

  it('builds no vector index unless asked, and then searches exactly', async () => {
    const { dir, index, version, data } = await written(ANN_MIN_ROWS + 200, false);
    expect(await vectorIndexed(dir)).toBe(false);
    const reader = await index.reader(version);
    for (const row of data.filter((_, i) => i % 37 === 0)) expect((await reader.nearest(row.vector, row.lang, 5))[0]?.rowId).toBe(row.rowId);
    reader.close();
  });

  it('finds rows by full-text tokens', async () => {
    const { index, version } = await written(30);
    const reader = await index.reader(version);
    expect((await reader.fullText('w12', 'en', 5))[0]?.rowId).toBe('e12|en|0');
    expect(await reader.fullText('w12', 'pl', 5)).toEqual([]);
    reader.close();
  });
});
