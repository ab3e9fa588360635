import { describe, expect, it } from 'vitest';
import { UseLiteEmbeddings } from './embeddings.ts';
import { MicroBatchEmbeddings, type QueryBatchEmbeddings } from './micro-batch-embeddings.ts';

/** An embedder that records each call's texts: vector = [length of the text, call number]. */
function recording(options: { fail?: boolean } = {}) {
  const calls: string[][] = [];
  const vec = (t: string) => [t.length, calls.length];
  const inner: QueryBatchEmbeddings = {
    modelId: 'recording', languages: ['en'],
    async embedDocuments(texts) { calls.push(texts); return texts.map(vec); },
    async embedQuery(text) {
      calls.push([text]);
      if (options.fail) throw new Error('model down');
      return vec(text);
    },
    async embedQueries(texts) {
      calls.push(texts);
      if (options.fail) throw new Error('model down');
      return texts.map(vec);
    },
  };
  return { inner, calls };
}

describe('MicroBatchEmbeddings', () => {
  it('embeds the questions asked in the same turn of the event loop in one model call, each getting its own vector', async () => {
    const { inner, calls } = recording();
    const batcher = new MicroBatchEmbeddings(inner);
    const texts = ['a', 'bb', 'ccc', 'dddd'];
    const vectors = await Promise.all(texts.map((t) => batcher.embedQuery(t)));
    expect(calls).toEqual([texts]);
    expect(vectors.map((v) => v[0])).toEqual([1, 2, 3, 4]);
    expect(batcher.stats).toEqual({ batches: 1, queries: 4 });
  });

  it('sends a lone question as a single query, and splits a crowd into batches of at most maxBatch', async () => {
    const { inner, calls } = recording();
    const batcher = new MicroBatchEmbeddings(inner, { maxBatch: 3 });
    await batcher.embedQuery('alone');
    await Promise.all(['1', '2', '3', '4', '5', '6', '7'].map((t) => batcher.embedQuery(t)));
    expect(calls).toEqual([['alone'], ['1', '2', '3'], ['4', '5', '6'], ['7']]);
  });

  it('waits waitMs for more questions when asked to', async () => {
    const { inner, calls } = recording();
    const batcher = new MicroBatchEmbeddings(inner, { waitMs: 20 });
    const first = batcher.embedQuery('first');
    await new Promise((r) => setTimeout(r, 5));
    await Promise.all([first, batcher.embedQuery('second')]);
    expect(calls).toEqual([['first', 'second']]);
  });

  it('rejects every question of a failed batch, and the next batch tries again', async () => {
    const failing = recording({ fail: true });
    const batcher = new MicroBatchEmbeddings(failing.inner);
    const results = await Promise.allSettled([batcher.embedQuery('a'), batcher.embedQuery('b')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    await expect(batcher.embedQuery('c')).rejects.toThrow('model down');
    expect(failing.calls).toEqual([['a', 'b'], ['c']]);
  });

  it('passes documents, the model id and languages through', async () => {
    const { inner, calls } = recording();
    const batcher = new MicroBatchEmbeddings(inner);
    expect((await batcher.embedDocuments(['x', 'yy'])).map((v) => v[0])).toEqual([1, 2]);
    expect([batcher.modelId, batcher.languages]).toEqual(['recording', ['en']]);
    expect(calls).toEqual([['x', 'yy']]);
  });

  it('gives USE-lite questions batched together the vectors they get alone, to float32 rounding', async () => {
    const use = new UseLiteEmbeddings();
    const texts = ['How do I return an item?', 'where is my order', 'Jak zresetować hasło?', 'can I pay with PayPal', 'a', 'What are your opening hours on Sunday and public holidays in December?'];
    const alone: number[][] = [];
    for (const t of texts) alone.push(await use.embedQuery(t));
    const batcher = new MicroBatchEmbeddings(use);
    const together = await Promise.all(texts.map((t) => batcher.embedQuery(t)));
    expect(batcher.stats.batches).toBe(1);
    for (let i = 0; i < texts.length; i++) {
      const worst = Math.max(...alone[i]!.map((x, j) => Math.abs(x - together[i]![j]!)));
      expect(worst).toBeLessThan(1e-6);
    }
  });
});
