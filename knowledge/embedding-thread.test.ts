import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ThreadEmbeddings } from './embedding-thread.ts';
import { UseLiteEmbeddings } from './embeddings.ts';
import { writeTinyBertModel } from './test-onnx.ts';
import { TransformersEmbeddings } from './transformers-embeddings.ts';
import { KnowledgeError } from './types.ts';

const run = promisify(execFile);
const maxDifference = (a: number[], b: number[]) => Math.max(...a.map((x, i) => Math.abs(x - b[i]!)));

describe('ThreadEmbeddings', () => {
  const thread = new ThreadEmbeddings({ model: 'use-lite' });
  afterAll(() => thread.close());

  it('gives the vectors the model gives on this thread, for questions and knowledge texts alike', async () => {
    const here = new UseLiteEmbeddings();
    const texts = ['Where is my order?', 'How do I reset my password?', 'Can I pay by card?'];
    const [question, documents] = await Promise.all([thread.embedQuery(texts[0]!), thread.embedDocuments(texts)]);
    const [hereQuestion, hereDocuments] = [await here.embedQuery(texts[0]!), await here.embedDocuments(texts)];
    expect(thread.modelId).toBe(here.modelId);
    expect(thread.languages).toEqual(['en']);
    expect(question).toHaveLength(512);
    // The same texts in the same model calls: the same vectors, bit for bit.
    expect(question).toEqual(hereQuestion);
    expect(documents).toEqual(hereDocuments);
    expect(await thread.embedDocuments([])).toEqual([]);
  });

  it('embeds the questions that arrive while the model is busy together, each getting its own vector', async () => {
    await thread.embedQuery('warm up');
    const before = { ...thread.stats };
    const texts = Array.from({ length: 24 }, (_, i) => `question number ${i} about delivery`);
    // Asked one by one, as separate chat turns do: the first call is running while the rest queue.
    const vectors = await Promise.all(texts.map((t) => thread.embedQuery(t)));
    expect(thread.stats.texts - before.texts).toBe(24);
    expect(thread.stats.calls - before.calls).toBeLessThan(24);
    // A batch is multiplied in other blocks than a single text: equal to float32 rounding.
    const alone = await thread.embedQuery(texts[17]!);
    expect(maxDifference(vectors[17]!, alone)).toBeLessThan(1e-5);
    expect(maxDifference(vectors[17]!, vectors[3]!)).toBeGreaterThan(1e-3);
  });

  it('reports ready once the model has answered, and afterwards without a model call', async () => {
    expect(await thread.ready()).toBe(true);
    const calls = thread.stats.calls;
    expect(await Promise.all([thread.ready(), thread.ready()])).toEqual([true, true]);
    expect(thread.stats.calls).toBe(calls);
  });

  it('refuses work once closed', async () => {
    const other = new ThreadEmbeddings({ model: 'use-lite' });
    const pending = expect(other.embedQuery('asked just before closing')).rejects.toThrow(/closed/);
    await other.close();
    await pending;
    await expect(other.embedQuery('after')).rejects.toThrow(/closed/);
    expect(await other.ready()).toBe(false);
  });

  it('shares one thread between embedders of the same spec, which outlives the one closed', async () => {
    const second = new ThreadEmbeddings({ model: 'use-lite' });
    expect(second.stats).toBe(thread.stats);
    expect(new ThreadEmbeddings({ model: 'use-lite', batchSize: 8 }).stats).not.toBe(thread.stats);
    await thread.embedQuery('warm');
    const calls = thread.stats.calls;
    await second.close();
    // The first embedder's model is still loaded: a question costs one call, no new thread.
    expect(await thread.embedQuery('still here')).toHaveLength(512);
    expect(thread.stats.calls).toBe(calls + 1);
  });

  it('runs a transformers.js model from the models folder on its thread, with its prefixes', async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'faqbot-thread-model-'));
    const modelsDir = path.join(tmp, 'models');
    await writeTinyBertModel(path.join(modelsDir, 'test-org', 'tiny-bert'), ['return', 'item', 'order', 'query', 'passage']);
    const spec = { model: 'test-org/tiny-bert', modelsDir, queryPrefix: 'query: ', documentPrefix: 'passage: ' };
    const onThread = new ThreadEmbeddings(spec);
    const here = new TransformersEmbeddings(spec);
    try {
      expect(onThread.modelId).toBe(here.modelId);
      expect(onThread.languages).toEqual(['*']);
      const [q, docs] = await Promise.all([onThread.embedQuery('return item'), onThread.embedDocuments(['return item', 'order'])]);
      expect(q).toEqual(await here.embedQuery('return item'));
      expect(docs).toEqual(await here.embedDocuments(['return item', 'order']));
      // The prefixes are the spec's: a question and a knowledge text of the same words differ.
      expect(maxDifference(q, docs[0]!)).toBeGreaterThan(1e-3);
    } finally {
      await onThread.close();
      await here.dispose();
      await rm(tmp, { recursive: true, force: true });
    }
  });

  it('reports a missing model folder when it is built, not at the first question', () => {
    expect(() => new ThreadEmbeddings({ model: '/nonexistent/model-folder' })).toThrow(KnowledgeError);
  });

  it('does not keep a process alive once nothing waits on it', async () => {
    // A script that embeds once and ends without closing the thread: it must exit by itself.
    const script = `const { ThreadEmbeddings } = await import(${JSON.stringify(new URL('./embedding-thread.ts', import.meta.url).href)});
      const v = await new ThreadEmbeddings({ model: 'use-lite' }).embedQuery('hello');
      console.log(v.length);`;
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { timeout: 60_000 });
    expect(stdout.trim()).toBe('512');
  });
});
