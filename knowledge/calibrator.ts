/** Features of the best candidate that predict whether answering with it is right. */
export type CalibrationFeatures = [score: number, margin: number];

/** Logistic model: confidence = σ(w·x + b). */
export interface CalibratorState {
  weights: number[];
  bias: number;
  /** How many examples it was fitted on (0: the prior below is in use). */
  examples: number;
}

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** Used before any fit, and when a knowledge base is too small to fit on. */
export const PRIOR_CALIBRATOR: CalibratorState = { weights: [8, 4], bias: -4.5, examples: 0 };

export function confidence(state: CalibratorState, x: CalibrationFeatures): number {
  return sigmoid(state.weights[0]! * x[0] + state.weights[1]! * x[1] + state.bias);
}

/**
 * Fit the logistic model by full-batch gradient descent with a little L2 regularisation.
 * Deterministic: starts from the prior, no randomness.
 */
export function fitCalibrator(examples: Array<{ x: CalibrationFeatures; y: 0 | 1 }>, iterations = 2000, rate = 0.5, l2 = 1e-3): CalibratorState {
  const positives = examples.filter((e) => e.y === 1).length;
  if (examples.length < 20 || positives === 0 || positives === examples.length) return PRIOR_CALIBRATOR;
  const w = [...PRIOR_CALIBRATOR.weights];
  let b = PRIOR_CALIBRATOR.bias;
  const n = examples.length;
  for (let it = 0; it < iterations; it++) {
    const g = [0, 0];
    let gb = 0;
    for (const { x, y } of examples) {
      const err = sigmoid(w[0]! * x[0] + w[1]! * x[1] + b) - y;
      g[0]! += err * x[0];
      g[1]! += err * x[1];
      gb += err;
    }
    w[0] = w[0]! - rate * (g[0]! / n + l2 * w[0]!);
    w[1] = w[1]! - rate * (g[1]! / n + l2 * w[1]!);
    b -= rate * (gb / n);
  }
  return { weights: w, bias: b, examples: n };
}
