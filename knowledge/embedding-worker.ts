/**
 * Embedding thread entry (see ThreadEmbeddings): builds the embedder its spec names and answers
 * requests in order. Questions that arrived while the model was busy go to it together in one
 * call: the model computes a batch for much less per text than one call each.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createEmbedder, type EmbedderSpec } from './embedder-spec.ts';
import type { EmbeddingReply, EmbeddingRequest } from './embedding-thread.ts';
import { embedQuestions } from './micro-batch-embeddings.ts';

const spec = (workerData as { spec: EmbedderSpec }).spec;
const embedder = createEmbedder(spec);
const queue: EmbeddingRequest[] = [];
/**
 * Most questions per model call, the spec's batch size (`EMBEDDINGS_BATCH_SIZE`, default 32):
 * USE-lite's cost per text stops falling at about 16–32 texts a call, and every question of a
 * batch waits for the whole batch.
 */
const MAX_BATCH = spec.batchSize ?? 32;
let running = false;
let calls = 0;

parentPort!.on('message', (request: EmbeddingRequest) => {
  queue.push(request);
  if (!running) void run();
});

async function run(): Promise<void> {
  running = true;
  while (queue.length) {
    const first = queue[0]!;
    const taken = first.kind === 'documents' ? queue.splice(0, 1) : queue.splice(0, questionRequests());
    const texts = taken.flatMap((r) => r.texts);
    const call = ++calls;
    try {
      const vectors = first.kind === 'documents' ? await embedder.embedDocuments(texts) : await embedQuestions(embedder, texts);
      let at = 0;
      for (const r of taken) {
        const rows = vectors.slice(at, (at += r.texts.length));
        const dim = rows[0]?.length ?? 0;
        const data = new Float64Array(rows.length * dim);
        rows.forEach((v, i) => data.set(v, i * dim));
        reply({ id: r.id, ok: true, dim, data, call }, [data.buffer]);
      }
    } catch (err) {
      for (const r of taken) reply({ id: r.id, ok: false, error: err instanceof Error ? err.message : String(err) });
    }
    // Let messages posted meanwhile arrive before the next batch is taken.
    await new Promise((resolve) => setImmediate(resolve));
  }
  running = false;
}

/** How many requests at the queue's head are questions to embed together: at most MAX_BATCH texts, at least one request. */
function questionRequests(): number {
  let texts = 0;
  let n = 0;
  while (n < queue.length && queue[n]!.kind === 'queries' && (n === 0 || texts + queue[n]!.texts.length <= MAX_BATCH)) texts += queue[n++]!.texts.length;
  return n;
}

function reply(message: EmbeddingReply, transfer: ArrayBuffer[] = []): void {
  parentPort!.postMessage(message, transfer);
}
