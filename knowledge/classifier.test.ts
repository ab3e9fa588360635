import { describe, expect, it } from 'vitest';
import { SoftmaxClassifier, seededRandom, shuffleInPlace, type FeatureVector } from './classifier.ts';
import { fitCalibrator, confidence, type CalibrationFeatures } from './calibrator.ts';

const fv = (pairs: Array<[number, number]>, dense?: number[]): FeatureVector => ({
  indices: Int32Array.from(pairs.map(([i]) => i)), values: Float32Array.from(pairs.map(([, v]) => v)), dense: dense && Float32Array.from(dense),
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

  it('holds and writes only the rows of features it was trained on, with the same probabilities', () => {
    const { xs, ys } = toyData();
    // 8 features used out of 5000: the other rows stay zero and are neither held nor written.
    const model = SoftmaxClassifier.train(xs, ys, 3, 5000, 2, { seed: 4 });
    const stored = model.storedRows;
    expect(stored).toBeLessThanOrEqual(8);
    const buf = model.toBuffer();
    // Header (5 words), each stored row's feature, its 3 weights, the dense part (2 × 3), the bias.
    expect(buf.length).toBe(4 * (5 + stored + stored * 3 + 2 * 3 + 3));
    const reread = SoftmaxClassifier.fromBuffer(buf);
    expect(reread.toBuffer().equals(buf)).toBe(true);
    expect(reread.storedRows).toBe(stored);
    // The probabilities the binary form gives, computed here by hand (inputs are float32).
    const features = [...new Int32Array(buf.buffer, buf.byteOffset + 20, stored)];
    const floats = new Float32Array(buf.buffer, buf.byteOffset + 20 + 4 * stored, stored * 3 + 2 * 3 + 3);
    const weight = (f: number, c: number) => (features.includes(f) ? floats[features.indexOf(f) * 3 + c]! : 0);
    const dense = (d: number, c: number) => floats[stored * 3 + d * 3 + c]!;
    const bias = (c: number) => floats[stored * 3 + 6 + c]!;
    const x = fv([[2, 0.8], [4, 0.6], [4999, 1]], [0.5, 1]);
    const logit = [0, 1, 2].map((c) => bias(c) + Math.fround(0.8) * weight(2, c) + Math.fround(0.6) * weight(4, c) + weight(4999, c) + 0.5 * dense(0, c) + dense(1, c));
    const exp = logit.map((l) => Math.exp(l - Math.max(...logit)));
    const expected = exp.map((e) => e / exp.reduce((a, b) => a + b, 0));
    expect([...reread.forward(x)].map((p) => p.toFixed(12))).toEqual(expected.map((p) => p.toFixed(12)));
    expect([...model.forward(x)]).toEqual([...reread.forward(x)]);
  });

  it('still reads the earlier binary form, which held the full matrix (versions published before)', () => {
    const { xs, ys } = toyData();
    const model = SoftmaxClassifier.train(xs, ys, 3, 50, 2, { seed: 4 });
    const packed = model.toBuffer();
    const stored = model.storedRows;
    const features = new Int32Array(packed.buffer, packed.byteOffset + 20, stored);
    const floats = new Float32Array(packed.buffer, packed.byteOffset + 20 + 4 * stored, stored * 3 + 2 * 3 + 3);
    // The earlier form: classes, sparseDim, denseDim, then 50 × 3 sparse weights (zero rows too), dense, bias.
    const full = Buffer.alloc(12 + 4 * (50 * 3 + 2 * 3 + 3));
    full.writeUInt32LE(3, 0);
    full.writeUInt32LE(50, 4);
    full.writeUInt32LE(2, 8);
    const out = new Float32Array(full.buffer, full.byteOffset + 12, 50 * 3 + 2 * 3 + 3);
    features.forEach((f, r) => out.set(floats.subarray(r * 3, r * 3 + 3), f * 3));
    out.set(floats.subarray(stored * 3), 50 * 3);
    const earlier = SoftmaxClassifier.fromBuffer(full);
    expect(earlier.storedRows).toBe(stored);
    expect(earlier.toBuffer().equals(packed)).toBe(true);
    const x = fv([[1, 1], [3, 0.5]], [0, 1]);
    expect([...earlier.forward(x)]).toEqual([...model.forward(x)]);
  });

  it('reads its binary form at any byte offset', () => {
    const { xs, ys } = toyData();
    const buf = SoftmaxClassifier.train(xs, ys, 3, 8, 2).toBuffer();
    const shifted = Buffer.concat([Buffer.alloc(1), buf]).subarray(1);
    expect(SoftmaxClassifier.fromBuffer(shifted).toBuffer().equals(buf)).toBe(true);
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
      return { x: [p, p / 2, p, 0.5, 0] as CalibrationFeatures, y: (random() < p ? 1 : 0) as 0 | 1 };
    });
    const c = fitCalibrator(examples);
    expect(c.weights.every((w) => w >= 0)).toBe(true);
    expect(confidence(c, [0.9, 0.45, 0.9, 0.5, 0])).toBeGreaterThan(0.75);
    expect(confidence(c, [0.1, 0.05, 0.1, 0.5, 0])).toBeLessThan(0.25);
  });

  it('learns to doubt a confident candidate when the question is nearer generic chatter', () => {
    const random = seededRandom(6);
    // Half the questions are chatter (gap below 0) that the classifier still scores highly: never right.
    const examples = Array.from({ length: 400 }, (_, n) => {
      const p = 0.5 + random() / 2;
      const chatter = n % 2 ? -0.1 - random() * 0.4 : 0;
      return { x: [p, p / 2, p, 0.5, chatter] as CalibrationFeatures, y: (chatter < 0 ? 0 : random() < p ? 1 : 0) as 0 | 1 };
    });
    const c = fitCalibrator(examples);
    expect(confidence(c, [0.9, 0.45, 0.9, 0.5, -0.3])).toBeLessThan(confidence(c, [0.9, 0.45, 0.9, 0.5, 0]) - 0.3);
  });
});

describe('SoftmaxClassifier averaging', () => {
  /** Labels that follow the features only 80% of the time: the last SGD iterate jitters. */
  function noisy() {
    const random = seededRandom(8);
    const xs: FeatureVector[] = [];
    const ys: number[] = [];
    for (let n = 0; n < 300; n++) {
      const y = n % 3;
      xs.push(fv([[y, 0.7], [3 + Math.floor(random() * 5), 0.7]]));
      ys.push(random() < 0.8 ? y : (y + 1) % 3);
    }
    return { xs, ys };
  }
  const loss = (m: SoftmaxClassifier, xs: FeatureVector[], ys: number[]) => xs.reduce((s, x, i) => s - Math.log(m.forward(x)[ys[i]!]!), 0) / xs.length;

  it('returns the mean of the iterates, which fits noisy labels better than the last one', () => {
    const { xs, ys } = noisy();
    const last = SoftmaxClassifier.train(xs, ys, 3, 8, 0, { epochs: 6, average: false, learningRate: 4 });
    const mean = SoftmaxClassifier.train(xs, ys, 3, 8, 0, { epochs: 6, average: true, learningRate: 4 });
    expect(loss(mean, xs, ys)).toBeLessThan(loss(last, xs, ys));
    // Still the right class for a clean example of each.
    for (let y = 0; y < 3; y++) {
      const p = mean.forward(fv([[y, 1]]));
      expect(p.indexOf(Math.max(...p))).toBe(y);
    }
  });

  it('with burn-in through every epoch but the last, averages that one only (still deterministic)', () => {
    const { xs, ys } = noisy();
    const a = SoftmaxClassifier.train(xs, ys, 3, 8, 0, { epochs: 3, burnInEpochs: 2 });
    const b = SoftmaxClassifier.train(xs, ys, 3, 8, 0, { epochs: 3, burnInEpochs: 2 });
    const c = SoftmaxClassifier.train(xs, ys, 3, 8, 0, { epochs: 3, burnInEpochs: 0 });
    const x = fv([[0, 1], [4, 0.5]]);
    expect([...a.forward(x)]).toEqual([...b.forward(x)]);
    expect([...a.forward(x)]).not.toEqual([...c.forward(x)]);
  });
});
