import { Worker } from 'node:worker_threads';
import { WorkerRequests } from '../shared/index.ts';
import { createEmbedder, type EmbedderSpec } from './embedder-spec.ts';
import type { QueryBatchEmbeddings } from './micro-batch-embeddings.ts';
import { tsxWorkerSource } from './tsx-worker.ts';

/** What the main thread asks the embedding thread. */
export interface EmbeddingRequest {
  id: number;
  kind: 'queries' | 'documents';
  texts: string[];
}

/**
 * Its answer: the vectors row after row (`dim` numbers each; 64-bit, so a vector is the one the
 * model gives on the main thread, bit for bit), or why it failed. `call`: the thread's model call
 * that computed them, counted from 1.
 */
export type EmbeddingReply = { id: number; ok: true; dim: number; data: Float64Array; call: number } | { id: number; ok: false; error: string };

/**
 * One model on one worker thread, shared by every ThreadEmbeddings of the same spec in the
 * process: a thread costs about a second of CPU to start and load USE-lite, and a process that
 * starts several apps (tests) would pay it for each.
 */
class EmbeddingThread {
  /** Model calls made and texts embedded (for tests). */
  readonly stats = { calls: 0, texts: 0 };
  private readonly requests: WorkerRequests<EmbeddingReply>;
  /** The running thread's last model call seen. */
  private lastCall = 0;
  /** The running thread has embedded something (see ready). */
  private loaded = false;

  constructor(spec: EmbedderSpec) {
    this.requests = new WorkerRequests<EmbeddingReply>(() => {
      this.lastCall = 0;
      this.loaded = false;
      return new Worker(tsxWorkerSource(new URL('./embedding-worker.ts', import.meta.url)), { eval: true, workerData: { spec } });
    }, 'the embedding thread');
  }

  async ask(owner: ThreadEmbeddings, kind: EmbeddingRequest['kind'], texts: string[]): Promise<number[][]> {
    const m = await this.requests.send((id) => ({ id, kind, texts } satisfies EmbeddingRequest), owner);
    if (!m.ok) throw new Error(m.error);
    this.stats.texts += m.data.length / (m.dim || 1);
    if (m.call > this.lastCall) {
      this.stats.calls += m.call - this.lastCall;
      this.lastCall = m.call;
    }
    const rows: number[][] = [];
    for (let at = 0; at < m.data.length; at += m.dim) rows.push(Array.from(m.data.subarray(at, at + m.dim)));
    return rows;
  }

  ready(owner: ThreadEmbeddings): Promise<boolean> {
    if (this.loaded && this.requests.running) return Promise.resolve(true);
    return this.ask(owner, 'queries', ['ready']).then(([v]) => (this.loaded = (v?.length ?? 0) > 0), () => false);
  }

  /** Reject what `owner` waits for (its answers, when they come, are dropped). */
  forget(owner: ThreadEmbeddings, err: Error): void {
    this.requests.forget(owner, err);
  }
}

/** The process's threads, by spec. */
const threads = new Map<string, EmbeddingThread>();

/**
 * An embedder that runs its model on a worker thread. The model's calls are the largest single
 * cost of a question in English (USE-lite: about 13 ms of CPU alone, 4 ms a text in batches of
 * 16), and on the main thread they stopped every other request meanwhile. On its thread the main
 * thread goes on reading requests and matching, and the questions that arrive while the model is
 * busy are embedded together in its next call.
 *
 * Embedders of the same spec share one thread. It starts on first use and again after it dies
 * (requests it held are rejected with the reason); it keeps the process alive only while
 * requests wait on it, and stays, idle, for the next embedder of its spec once this one is closed.
 */
export class ThreadEmbeddings implements QueryBatchEmbeddings {
  readonly modelId: string;
  readonly languages: readonly string[];
  private readonly thread: EmbeddingThread;
  private closed = false;

  constructor(spec: EmbedderSpec) {
    // The same embedder built here names the model and its languages (and reports a missing
    // model folder at once); its model is never loaded on this thread.
    const identity = createEmbedder(spec);
    this.modelId = identity.modelId;
    this.languages = identity.languages;
    const key = JSON.stringify(spec);
    this.thread = threads.get(key) ?? threads.set(key, new EmbeddingThread(spec)).get(key)!;
  }

  /** Model calls made and texts embedded on this embedder's thread (shared with its other embedders). */
  get stats(): { readonly calls: number; readonly texts: number } {
    return this.thread.stats;
  }

  embedDocuments(texts: string[]): Promise<number[][]> {
    return this.ask('documents', texts);
  }

  async embedQuery(text: string): Promise<number[]> {
    return (await this.ask('queries', [text]))[0]!;
  }

  embedQueries(texts: string[]): Promise<number[][]> {
    return this.ask('queries', texts);
  }

  /**
   * Whether the model answers on its thread: true once it has embedded a text since the thread
   * last started. After that, a readiness probe costs nothing, instead of waiting for its turn
   * behind the questions being embedded under load.
   */
  ready(): Promise<boolean> {
    return this.closed ? Promise.resolve(false) : this.thread.ready(this);
  }

  /** Refuse further work and reject what waits; the thread stays for other embedders of the spec. */
  async close(): Promise<void> {
    this.closed = true;
    this.thread.forget(this, new Error('the embedding thread is closed'));
  }

  private ask(kind: EmbeddingRequest['kind'], texts: string[]): Promise<number[][]> {
    if (this.closed) return Promise.reject(new Error('the embedding thread is closed'));
    if (!texts.length) return Promise.resolve([]);
    return this.thread.ask(this, kind, texts);
  }
}
