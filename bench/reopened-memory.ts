import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDataset } from '../eval/index.ts';
import { CachedEmbeddings, FileEmbeddingCache, KnowledgeBase, UseLiteEmbeddings } from '../knowledge/index.ts';
import { DATASETS_DIR } from './quality.ts';

/**
 * Run as a child process by the speed bench: open a knowledge base another process published,
 * as a restarted server does, answer the bench's questions, and print the memory it holds. The
 * publishing process's RSS also holds what training freed but the allocator kept; this is what
 * serving that knowledge base costs.
 */
const [dir, cacheDir] = process.argv.slice(2);
if (!dir || !cacheDir) throw new Error('usage: reopened-memory.ts <kb dir> <embedding cache dir>');
const kb = await KnowledgeBase.open({ dir, embeddings: new CachedEmbeddings(new UseLiteEmbeddings(), new FileEmbeddingCache(cacheDir)) });
const banking = parseDataset(await readFile(path.join(DATASETS_DIR, 'banking77.jsonl'), 'utf8'), 'banking77.jsonl');
for (const e of banking.filter((x) => x.split === 'test').slice(0, 300)) await kb.match(e.text, 'en');
process.stdout.write(`${JSON.stringify({ rssMb: process.memoryUsage().rss / 2 ** 20 })}\n`);
