import { describe, expect, it } from 'vitest';
import { trainInBackground } from './background-train.ts';
import { SoftmaxClassifier, seededRandom, type FeatureVector } from './classifier.ts';

/** Four classes over sparse and dense features, with noise. */
function data(n: number) {
  const random = seededRandom(5);
  const xs: FeatureVector[] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    const y = i % 4;
    const dense = Float32Array.from({ length: 8 }, (_, d) => (d === y ? 1 : 0) + 0.3 * random());
    xs.push({ indices: Int32Array.from([y, 4 + Math.floor(random() * 6)]), values: Float32Array.from([0.7, 0.7]), dense });
    ys.push(y);
  }
  return { xs, ys };
}

describe('trainInBackground', () => {
  it('trains on a worker thread to exactly the weights of training inline', async () => {
    const { xs, ys } = data(400);
    const background = await trainInBackground(xs, ys, 4, 10, 8, { seed: 3 });
    const inline = SoftmaxClassifier.train(xs, ys, 4, 10, 8, { seed: 3 });
    expect(background.ranOn).toBe('worker');
    expect(background.classifier.toBuffer().equals(inline.toBuffer())).toBe(true);
  });

  it('frees the caller while it trains', async () => {
    const { xs, ys } = data(4000);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const { ranOn } = await trainInBackground(xs, ys, 4, 10, 8, { seed: 3, epochs: 30 });
    clearInterval(timer);
    expect(ranOn).toBe('worker');
    expect(ticks).toBeGreaterThan(0);
  });
});
