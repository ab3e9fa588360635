import { describe, expect, it } from 'vitest';
import { calibrationErrorFloor, computeMetrics, expectedCalibrationError, languageShares, multiclassMcc, percentile, type Prediction } from './metrics.ts';

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

describe('calibrationErrorFloor', () => {
  const spread = (n: number) => Array.from({ length: n }, (_, i) => 0.05 + (0.9 * i) / (n - 1));

  it('is what sampling alone leaves: large on few questions, small on many, 0 on certain ones', () => {
    const few = calibrationErrorFloor(spread(20));
    const hundred = calibrationErrorFloor(spread(100));
    const many = calibrationErrorFloor(spread(10_000));
    expect(few).toBeGreaterThan(hundred);
    expect(hundred).toBeGreaterThan(many);
    expect(hundred).toBeGreaterThan(0.04);
    expect(many).toBeLessThan(0.02);
    expect(calibrationErrorFloor([1, 1, 1, 0, 0])).toBe(0);
    expect(calibrationErrorFloor([])).toBe(0);
  });

  it('matches expectedCalibrationError draw for draw: a floor near the ECE of outcomes drawn at the stated confidences', () => {
    // Outcomes drawn exactly at their confidences, judged by expectedCalibrationError itself.
    const conf = spread(200);
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const eces = Array.from({ length: 300 }, () => expectedCalibrationError(conf, conf.map((c) => random() < c))).sort((a, b) => a - b);
    expect(calibrationErrorFloor(conf)).toBeCloseTo(eces[150]!, 1);
  });

  it('is seeded: the same confidences give the same floor', () => {
    expect(calibrationErrorFloor(spread(50))).toBe(calibrationErrorFloor(spread(50)));
  });
});
