import { CachedEmbeddings, FileEmbeddingCache, KnowledgeBase, UseLiteEmbeddings } from '../knowledge/index.ts';
import { loadSharedDataset } from './quality.ts';
import { speedQuestions } from './speed.ts';

/**
 * Run as a child process by the speed bench: open a knowledge base another process published,
 * as a restarted server does, answer the bench's questions, and print the memory it holds. The
 * publishing process's RSS also holds what training freed but the allocator kept; this is what
 * serving that knowledge base costs. Run with --expose-gc, it collects garbage after opening and
 * every 50 questions: V8 grows its heap lazily, so without that RSS also counts garbage a process
 * short of memory would have collected (opening parses the snapshot and builds every row).
 */
const [dir, cacheDir] = process.argv.slice(2);
if (!dir || !cacheDir) throw new Error('usage: reopened-memory.ts <kb dir> <embedding cache dir>');
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const kb = await KnowledgeBase.open({ dir, embeddings: new CachedEmbeddings(new UseLiteEmbeddings(), new FileEmbeddingCache(cacheDir)) });
gc();
for (const [i, q] of speedQuestions(await loadSharedDataset('banking77.jsonl')).entries()) {
  await kb.match(q, 'en');
  if (i % 50 === 49) gc();
}
process.stdout.write(`${JSON.stringify({ rssMb: process.memoryUsage().rss / 2 ** 20 })}\n`);
