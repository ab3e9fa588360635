import { describe, expect, it } from 'vitest';
import { seededRandom } from './classifier.ts';
import { chatterGap, nearestOutlier, topIndices } from './trainer.ts';

describe('topIndices', () => {
  it('returns the n largest, largest first, lower index first on ties', () => {
    const random = seededRandom(3);
    for (let trial = 0; trial < 50; trial++) {
      const values = Array.from({ length: 40 }, () => Math.round(random() * 20));
      const n = 1 + (trial % 9);
      const expected = values.map((v, i) => ({ v, i })).sort((a, b) => b.v - a.v || a.i - b.i).slice(0, n).map((x) => x.i);
      expect(topIndices(values, n)).toEqual(expected);
    }
    expect(topIndices([1, 2], 5)).toEqual([1, 0]);
    expect(topIndices([], 3)).toEqual([]);
  });
});

describe('the chatter feature', () => {
  const unit = (...xs: number[]) => {
    const n = Math.hypot(...xs);
    return Float32Array.from(xs.map((x) => x / n));
  };
  const outliers = [unit(1, 0, 0), unit(0, 1, 0), unit(1, 1, 0)];

  it('finds the nearest outlier by cosine, skipping one when asked and ignoring vectors of another size', () => {
    expect(nearestOutlier(unit(1, 0, 0), outliers)).toBeCloseTo(1, 6);
    expect(nearestOutlier(unit(1, 0, 0), outliers, 0)).toBeCloseTo(Math.SQRT1_2, 6);
    expect(nearestOutlier(unit(0, 0, 1), outliers)).toBe(0);
    expect(nearestOutlier(undefined, outliers)).toBe(0);
    expect(nearestOutlier(unit(1, 0), outliers)).toBe(0);
  });

  it('is 0 when the phrasing is at least as near as the chatter, negative by the difference otherwise', () => {
    expect(chatterGap(0.8, 0.6)).toBe(0);
    expect(chatterGap(0.6, 0.6)).toBe(0);
    expect(chatterGap(0.5, 0.8)).toBeCloseTo(-0.3, 9);
  });
});
