import { describe, expect, it } from 'vitest';
import { SoftmaxClassifier, seededRandom, shuffleInPlace, type FeatureVector } from './classifier.ts';
import { fitCalibrator, confidence } from './calibrator.ts';

const fv = (pairs: Array<[number, number]>, dense?: number[]): FeatureVector => ({
  indices: Int32Array.from(pairs.map(([i]) => i)), values: Float32Array.from(pairs.map(([, v]) => v)), dense,
});

/** Three classes, each marked by its own sparse feature plus shared noise features. */
function toyData() {
  const random = seededRandom(3);
  const xs: FeatureVector[] = [];
  const ys: number[] = [];
  for (let n = 0; n < 90; n++) {
    const y = n % 3;
    xs.push(fv([[y, 0.8], [3 + Math.floor(random() * 5), 0.6]], [y === 0 ? 1 : 0, y === 1 ? 1 : 0]));
    ys.push(y);
  }
  return { xs, ys };
}

describe('SoftmaxClassifier', () => {
  it('learns the class of unseen examples', () => {
    const { xs, ys } = toyData();
    const model = SoftmaxClassifier.train(xs, ys, 3, 8, 2);
    const p = model.forward(fv([[2, 0.8], [4, 0.6]], [0, 0]));
    expect(p[2]).toBeGreaterThan(0.8);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });

  it('is deterministic and survives its binary form', () => {
    const { xs, ys } = toyData();
    const a = SoftmaxClassifier.train(xs, ys, 3, 8, 2, { seed: 9 });
    const b = SoftmaxClassifier.train(xs, ys, 3, 8, 2, { seed: 9 });
    const x = fv([[1, 1]], [0, 1]);
    expect([...a.forward(x)]).toEqual([...b.forward(x)]);
    expect([...SoftmaxClassifier.fromBuffer(a.toBuffer()).forward(x)].map((v) => v.toFixed(6))).toEqual([...a.forward(x)].map((v) => v.toFixed(6)));
  });

  it('ignores features beyond its vocabulary', () => {
    const model = SoftmaxClassifier.create(2, 4, 0);
    expect([...model.forward(fv([[99, 1]]))]).toEqual([0.5, 0.5]);
  });
});

describe('shuffleInPlace', () => {
  it('permutes reproducibly', () => {
    const a = shuffleInPlace([1, 2, 3, 4, 5, 6], seededRandom(1));
    expect([...a].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(shuffleInPlace([1, 2, 3, 4, 5, 6], seededRandom(1))).toEqual(a);
  });
});

describe('fitCalibrator', () => {
  it('learns that higher probability means more often right, with non-negative weights', () => {
    const random = seededRandom(5);
    const examples = Array.from({ length: 400 }, () => {
      const p = random();
      return { x: [p, p / 2, p, 0.5] as [number, number, number, number], y: (random() < p ? 1 : 0) as 0 | 1 };
    });
    const c = fitCalibrator(examples);
    expect(c.weights.every((w) => w >= 0)).toBe(true);
    expect(confidence(c, [0.9, 0.45, 0.9, 0.5])).toBeGreaterThan(0.75);
    expect(confidence(c, [0.1, 0.05, 0.1, 0.5])).toBeLessThan(0.25);
  });
});
