/**
 * Features of the best candidate that predict whether answering with it is right. Each can only
 * raise confidence (see fitCalibrator); `chatter` is at most 0: how much closer the question is
 * to generic chatter than to the candidate's nearest phrasing (see chatterGap).
 */
export type CalibrationFeatures = [probability: number, margin: number, similarity: number, coverage: number, chatter: number];

/** Logistic model: confidence = σ(w·x + b). */
export interface CalibratorState {
  weights: number[];
  bias: number;
  /** How many examples it was fitted on (0: the prior below is in use). */
  examples: number;
}

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** Used before any fit, and when a knowledge base is too small to fit on. */
export const PRIOR_CALIBRATOR: CalibratorState = { weights: [4, 2, 3, 1, 3], bias: -5, examples: 0 };

export function confidence(state: CalibratorState, x: CalibrationFeatures): number {
  let z = state.bias;
  for (let i = 0; i < x.length; i++) z += (state.weights[i] ?? 0) * x[i]!;
  return sigmoid(z);
}

/**
 * Fit the logistic model by full-batch gradient descent with a little L2 regularisation,
 * keeping every weight non-negative.
 * Deterministic: starts from the prior, no randomness.
 */
export function fitCalibrator(examples: Array<{ x: CalibrationFeatures; y: 0 | 1; weight?: number }>, iterations = 2000, rate = 0.5, l2 = 1e-3): CalibratorState {
  const positives = examples.filter((e) => e.y === 1).length;
  if (examples.length < 20 || positives === 0 || positives === examples.length) return PRIOR_CALIBRATOR;
  const w = [...PRIOR_CALIBRATOR.weights];
  let b = PRIOR_CALIBRATOR.bias;
  const n = examples.reduce((s, e) => s + (e.weight ?? 1), 0);
  for (let it = 0; it < iterations; it++) {
    const g = w.map(() => 0);
    let gb = 0;
    for (const { x, y, weight = 1 } of examples) {
      const err = weight * (confidence({ weights: w, bias: b, examples: 0 }, x) - y);
      for (let i = 0; i < g.length; i++) g[i]! += err * x[i]!;
      gb += err;
    }
    // Projected step: every feature can only raise confidence (monotone), which small or
    // unrepresentative samples would otherwise violate.
    for (let i = 0; i < w.length; i++) w[i] = Math.max(0, w[i]! - rate * (g[i]! / n + l2 * w[i]!));
    b -= rate * (gb / n);
  }
  return { weights: w, bias: b, examples: examples.length };
}
