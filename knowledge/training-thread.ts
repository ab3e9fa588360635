import { Worker } from 'node:worker_threads';
import { WorkerRequests } from '../shared/index.ts';
import type { LexicalModel, LexicalState } from './lexical-model.ts';
import type { LanguageModel } from './ranker.ts';
import { lexicalModelFrom, lexicalModelOfState, trainLanguages, type LexicalDoc, type TrainingInput } from './train-languages.ts';
import { trainingCache } from './training-cache.ts';
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

/** What the training thread is asked: to train a publish, or to build a lexical model alone. */
export type TrainingRequest = { id: number; input: TrainingInput } | { id: number; docs: LexicalDoc[] };

export type TrainingReply = { id: number; ok: true; languages: TrainedLanguage[]; lexical: LexicalState } | { id: number; ok: false; error: string };

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

let idleTimer: NodeJS.Timeout | undefined;

/** The process's training thread: started on the first publish, shared by every knowledge base in the process. */
const thread: WorkerRequests<TrainingReply> = new WorkerRequests<TrainingReply>(
  () => new Worker(tsxWorkerSource(new URL('./training-worker.ts', import.meta.url)), { eval: true }),
  'the training thread',
  () => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => thread.stopIfIdle(), IDLE_MS).unref();
  },
);

/** Where a publish's models were trained: on the training thread, on the calling thread when that one could not serve, or earlier on the same input (the training cache). */
export type TrainedOn = 'thread' | 'inline' | 'cache';

/**
 * Train `input` (see trainLanguages) on the training thread, so that a publish does not stop the
 * main thread: on the sample knowledge base training takes about 8 s of CPU, during which every
 * chat request and webhook waited (a chat request sent during a publish was answered after 9.5 s).
 * Same code, same input: the same models as training here, with the lexical model they were
 * trained with (its state, from the thread: building it took about 0.5 s of this thread). Where
 * the thread cannot start or fails, it trains here instead (`ranOn: 'inline'`, with the thread's
 * `error`). Where the process keeps a training cache (useTrainingCache), a result stored for the
 * same input is returned instead (`ranOn: 'cache'`), and what the thread trains is stored.
 */
export async function trainOffThread(input: TrainingInput): Promise<{ languages: TrainedLanguage[]; lexical: LexicalModel; ranOn: TrainedOn; error?: string }> {
  const cache = trainingCache();
  const key = cache?.key(input);
  const cached = key ? await cache!.get(key) : undefined;
  if (cached) return { languages: cached.languages, lexical: await lexicalModelOfState(cached.lexical, input.docs), ranOn: 'cache' };
  try {
    const reply = await thread.send((id): TrainingRequest => ({ id, input }));
    if (!reply.ok) throw new Error(reply.error);
    // Stored before the weights' buffers are handed to the models.
    if (key) await cache!.put(key, { languages: reply.languages, lexical: reply.lexical });
    return { languages: reply.languages, lexical: await lexicalModelOfState(reply.lexical, input.docs), ranOn: 'thread' };
  } catch (err) {
    const { models, lexical } = await trainLanguages(input);
    return { languages: models.map(trainedForm), lexical, ranOn: 'inline', error: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * The lexical model of `docs` (see lexicalModelFrom), built on the training thread: about 0.5 s
 * of CPU on the sample knowledge base, which a publish that keeps its models, or a rollback, spent
 * on the main thread. Built here where the thread cannot serve.
 */
export async function lexicalOffThread(docs: LexicalDoc[]): Promise<LexicalModel> {
  try {
    const reply = await thread.send((id): TrainingRequest => ({ id, docs }));
    if (!reply.ok) throw new Error(reply.error);
    return await lexicalModelOfState(reply.lexical, docs);
  } catch {
    return lexicalModelFrom(docs);
  }
}
