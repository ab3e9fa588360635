import { describe, expect, it } from 'vitest';
import { computeMetrics, expectedCalibrationError, languageShares, multiclassMcc, percentile, type Prediction } from './metrics.ts';

const p = (label: string, predicted: string, confidence = 0.9, ranked: string[] = [predicted]): Prediction => ({ label, predicted, confidence, ranked, latencyMs: 1 });

describe('multiclassMcc', () => {
  it('is 1 for perfect predictions and 0 for a constant guess', () => {
    expect(multiclassMcc(['a', 'b', 'oos'], ['a', 'b', 'oos'])).toBeCloseTo(1);
    expect(multiclassMcc(['a', 'b', 'c'], ['a', 'a', 'a'])).toBeCloseTo(0);
  });

  it('matches the binary Matthews correlation on two classes', () => {
    // TP=3 FN=1 FP=2 TN=4 → (12-2)/sqrt(5*4*6*5) = 10/sqrt(600)
    const labels = ['p', 'p', 'p', 'p', 'n', 'n', 'n', 'n', 'n', 'n'];
    const preds = ['p', 'p', 'p', 'n', 'p', 'p', 'n', 'n', 'n', 'n'];
    expect(multiclassMcc(labels, preds)).toBeCloseTo(10 / Math.sqrt(600), 10);
  });
});

describe('expectedCalibrationError', () => {
  it('is 0 when confidence equals accuracy in every bin, and large when overconfident', () => {
    expect(expectedCalibrationError([0.75, 0.75, 0.75, 0.75], [true, true, true, false])).toBeCloseTo(0);
    expect(expectedCalibrationError([0.95, 0.95], [false, false])).toBeCloseTo(0.95);
  });
});

describe('percentile', () => {
  it('interpolates', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([5], 95)).toBe(5);
  });
});

describe('computeMetrics', () => {
  it('counts oos as a class and separates in-scope accuracy and oos recall/precision', () => {
    const m = computeMetrics([
      p('a', 'a', 0.9, ['a', 'b']),
      p('b', 'oos', 0.3, ['a', 'b']),
      p('oos', 'oos', 0.2, ['a']),
      p('oos', 'a', 0.7, ['a']),
    ]);
    expect(m.accuracy).toBe(0.5);
    expect(m.inScopeAccuracy).toBe(0.5);
    expect(m.oosRecall).toBe(0.5);
    expect(m.oosPrecision).toBe(0.5);
    expect(m.top3).toBe(1);
    expect(m.mrr).toBeCloseTo((1 + 0.5) / 2);
  });
});

describe('languageShares', () => {
  const q = (lang: string, label: string, outcome: Prediction['outcome'], predicted: string, suggested?: string[]): Prediction =>
    ({ label, predicted, confidence: 0.5, ranked: suggested ?? [predicted], latencyMs: 1, lang, outcome, suggested });

  it('splits each language\'s in-scope questions into answered right / wrong, clarified with or without the entry, handed off', () => {
    const t = languageShares([
      q('pl', 'a', 'answer', 'a'), q('pl', 'a', 'answer', 'b'), q('pl', 'b', 'clarify', 'oos', ['c', 'b']),
      q('pl', 'b', 'clarify', 'oos', ['c']), q('pl', 'c', 'handoff', 'oos'), q('pl', 'oos', 'answer', 'a'), q('pl', 'oos', 'handoff', 'oos'),
      q('en', 'a', 'answer', 'a'),
    ]);
    expect(Object.keys(t)).toEqual(['en', 'pl']);
    expect(t.pl).toMatchObject({ inScope: 5, answeredRight: 0.2, answeredWrong: 0.2, clarifiedRight: 0.2, clarifiedWithout: 0.2, handedOff: 0.2, outOfScope: 2, outOfScopeAnswered: 0.5 });
    // Of three answers, one wrong entry and one out-of-scope question answered.
    expect(t.pl!.wrongOfAnswers).toBeCloseTo(2 / 3);
    expect(t.en).toMatchObject({ inScope: 1, answeredRight: 1, top1: 1 });
  });
});
