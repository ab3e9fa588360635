import { describe, expect, it } from 'vitest';
import { seededRandom } from './classifier.ts';
import { topIndices } from './trainer.ts';

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
