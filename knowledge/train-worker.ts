/**
 * Worker thread entry: train one classifier and send back its weights. Publishing trains two
 * classifiers on a large knowledge base (the calibration fold's and the final one); this lets
 * the final one train on the second core while the main thread runs the fold and the
 * calibration pass. See `trainInBackground`.
 */
import { parentPort } from 'node:worker_threads';
import { SoftmaxClassifier, type FeatureVector, type TrainOptions } from './classifier.ts';

export interface TrainRequest {
  examples: FeatureVector[];
  labels: number[];
  classes: number;
  sparseDim: number;
  denseDim: number;
  options: TrainOptions;
}

parentPort?.once('message', (r: TrainRequest) => {
  try {
    const buffer = SoftmaxClassifier.train(r.examples, r.labels, r.classes, r.sparseDim, r.denseDim, r.options).toBuffer();
    const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength).slice();
    parentPort!.postMessage({ ok: true, bytes }, [bytes.buffer]);
  } catch (err) {
    parentPort!.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) });
  }
});
