import { Worker } from 'node:worker_threads';
import { SoftmaxClassifier, type FeatureVector, type TrainOptions } from './classifier.ts';
import type { TrainRequest } from './train-worker.ts';
import { tsxWorkerSource } from './tsx-worker.ts';

export interface BackgroundTraining {
  classifier: SoftmaxClassifier;
  /** Where it was trained: "inline" when the worker could not start or failed. */
  ranOn: 'worker' | 'inline';
}

/**
 * Train a classifier on a worker thread, so the caller can go on with other work meanwhile.
 * Same data and seed give the same weights as `SoftmaxClassifier.train`: it is the same code.
 * If the worker cannot start or fails, the classifier is trained here instead.
 */
export function trainInBackground(examples: FeatureVector[], labels: number[], classes: number, sparseDim: number, denseDim: number, options: TrainOptions): Promise<BackgroundTraining> {
  const inline = () => SoftmaxClassifier.train(examples, labels, classes, sparseDim, denseDim, options);
  return new Promise<BackgroundTraining>((resolve) => {
    let settled = false;
    const fallBack = () => {
      if (settled) return;
      settled = true;
      resolve({ classifier: inline(), ranOn: 'inline' });
    };
    let worker: Worker;
    try {
      worker = new Worker(tsxWorkerSource(new URL('./train-worker.ts', import.meta.url)), { eval: true });
    } catch {
      fallBack();
      return;
    }
    worker.once('message', (m: { ok: true; bytes: Uint8Array } | { ok: false; error: string }) => {
      void worker.terminate();
      if (!m.ok) return fallBack();
      settled = true;
      resolve({ classifier: SoftmaxClassifier.fromBuffer(Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength)), ranOn: 'worker' });
    });
    worker.once('error', fallBack);
    worker.once('exit', fallBack);
    const request: TrainRequest = { examples, labels, classes, sparseDim, denseDim, options };
    worker.postMessage(request);
  });
}
