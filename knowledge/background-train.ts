import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { SoftmaxClassifier, type FeatureVector, type TrainOptions } from './classifier.ts';
import type { TrainRequest } from './train-worker.ts';

/**
 * A worker runs this module's sibling as TypeScript through tsx's loader (a dependency), as
 * the main program does; registering it from the worker itself works under `tsx`, vitest and
 * plain Node alike, where inherited loader flags do not reach a worker.
 */
let source: string | undefined;

function workerSource(): string {
  if (source) return source;
  // tsx's ES-module API, as its package's export map names it (resolving it with require would give the CommonJS build).
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('tsx/package.json');
  const { exports } = require(manifest) as { exports: Record<string, { import: { default: string } }> };
  const tsx = new URL(exports['./esm/api']!.import.default, pathToFileURL(manifest)).href;
  const entry = new URL('./train-worker.ts', import.meta.url).href;
  source = `const { register } = await import(${JSON.stringify(tsx)}); register(); await import(${JSON.stringify(entry)});`;
  return source;
}

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
      worker = new Worker(workerSource(), { eval: true });
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
