import { Worker } from 'node:worker_threads';
import type { LanguageModel } from './ranker.ts';
import { trainLanguages, type TrainingInput } from './train-languages.ts';
import { tsxWorkerSource } from './tsx-worker.ts';

/**
 * One language's trained model as it crosses threads: all of it but the classifier, and the
 * classifier as its weights file's bytes (SoftmaxClassifier.toBuffer). The generic outliers'
 * vectors stay behind: the caller has them.
 */
export interface TrainedLanguage {
  model: Omit<LanguageModel, 'classifier' | 'outlierVectors'>;
  weights: Uint8Array;
}

export type TrainingReply = { id: number; ok: true; languages: TrainedLanguage[] } | { id: number; ok: false; error: string };

/** `m` as it crosses threads (see TrainedLanguage). */
export function trainedForm(m: LanguageModel): TrainedLanguage {
  const { classifier, outlierVectors: _vectors, ...model } = m;
  const buffer = classifier.toBuffer();
  // A copy that owns its memory, so that it can be transferred.
  return { model, weights: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength).slice() };
}

/**
 * An idle training thread stops after this long: it holds the lexical model and dictionaries of
 * its last publish, and publishes are rare on a running server (often in a row while editing).
 */
const IDLE_MS = 30_000;

/** The process's training thread: started on the first publish, shared by every knowledge base in the process. */
class TrainingThread {
  private worker?: Worker;
  private readonly waiting = new Map<number, { resolve(languages: TrainedLanguage[]): void; reject(err: Error): void }>();
  private nextId = 1;
  private idle?: NodeJS.Timeout;

  run(input: TrainingInput): Promise<TrainedLanguage[]> {
    clearTimeout(this.idle);
    const worker = this.start();
    const id = this.nextId++;
    return new Promise<TrainedLanguage[]>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ id, input });
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(tsxWorkerSource(new URL('./training-worker.ts', import.meta.url)), { eval: true });
    worker.unref();
    worker.on('message', (m: TrainingReply) => this.settle(m));
    const died = (reason: string) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      const err = new Error(`the training thread stopped: ${reason}`);
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    };
    worker.on('error', (err) => died(err.message));
    worker.on('exit', (code) => died(`exit code ${code}`));
    this.worker = worker;
    return worker;
  }

  private settle(m: TrainingReply): void {
    const w = this.waiting.get(m.id);
    if (!w) return;
    this.waiting.delete(m.id);
    if (!this.waiting.size) {
      this.worker?.unref();
      this.idle = setTimeout(() => this.stop(), IDLE_MS).unref();
    }
    if (m.ok) w.resolve(m.languages);
    else w.reject(new Error(m.error));
  }

  private stop(): void {
    if (this.waiting.size || !this.worker) return;
    const worker = this.worker;
    this.worker = undefined;
    void worker.terminate();
  }
}

const thread = new TrainingThread();

/**
 * Train `input` (see trainLanguages) on the training thread, so that a publish does not stop the
 * main thread: on the sample knowledge base training takes about 8 s of CPU, during which every
 * chat request and webhook waited (a chat request sent during a publish was answered after 9.5 s).
 * Same code, same input: the same models as training here. Where the thread cannot start or
 * fails, it trains here instead (`ranOn: 'inline'`, with the thread's `error`).
 */
export async function trainOffThread(input: TrainingInput): Promise<{ languages: TrainedLanguage[]; ranOn: 'thread' | 'inline'; error?: string }> {
  try {
    return { languages: await thread.run(input), ranOn: 'thread' };
  } catch (err) {
    return { languages: (await trainLanguages(input)).map(trainedForm), ranOn: 'inline', error: err instanceof Error ? err.message : String(err) };
  }
}
