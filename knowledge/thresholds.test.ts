import { describe, expect, it } from 'vitest';
import { chooseThresholds, type HeldOutPoint } from './thresholds.ts';

/** `n` held-out questions at confidence `c`, `right` of them answered right, `inTop` with the entry among the suggestions. */
function at(c: number, n: number, right: number, inTop = right, weight = 1): HeldOutPoint[] {
  return Array.from({ length: n }, (_, i) => ({ confidence: c, weight, right: i < right, inSuggestions: i < inTop }));
}

describe('chooseThresholds', () => {
  it('answers from the lowest confidence whose answers stay within the wrong-answer share', () => {
    // 0.9: 40 of 40 right; 0.7: 18 of 20; 0.5: 10 of 20. Cumulative wrong share: 0 at 0.9, 2/60 at 0.7, 12/80 at 0.5.
    const points = [...at(0.9, 40, 40), ...at(0.7, 20, 18), ...at(0.5, 20, 10)];
    const t = chooseThresholds(points, { maxWrongRate: 0.05 })!;
    expect(t.answer).toBeGreaterThan(0.5);
    expect(t.answer).toBeLessThanOrEqual(0.7);
    const strict = chooseThresholds(points, { maxWrongRate: 0.01 })!;
    expect(strict.answer).toBeGreaterThan(0.7);
    expect(strict.answer).toBeLessThanOrEqual(0.9);
  });

  it('counts weights: out-of-scope questions weighted up raise the answer threshold', () => {
    const inScope = [...at(0.9, 40, 40), ...at(0.7, 20, 20)];
    const oos = (w: number) => at(0.7, 4, 0, 0, w);
    expect(chooseThresholds([...inScope, ...oos(0.1)])!.answer).toBeLessThanOrEqual(0.7);
    expect(chooseThresholds([...inScope, ...oos(2)])!.answer).toBeGreaterThan(0.7);
  });

  it('clarifies down to where suggestions stop holding the right entry half the time', () => {
    // Answer at 0.9; at 0.6 the entry is among the suggestions 8 times in 10, at 0.3 once in 10.
    const points = [...at(0.9, 40, 40), ...at(0.6, 10, 2, 8), ...at(0.3, 30, 0, 1)];
    const t = chooseThresholds(points)!;
    expect(t.answer).toBeGreaterThan(0.6);
    expect(t.clarify).toBeGreaterThan(0.3);
    expect(t.clarify).toBeLessThanOrEqual(0.6);
    expect(t.curve!.length).toBeGreaterThan(5);
    expect(t.curve![0]).toMatchObject({ t: 0.05, answered: 1 });
  });

  it('chooses nothing without enough right answers to choose on', () => {
    expect(chooseThresholds(at(0.4, 30, 3))).toBeUndefined();
  });
});
