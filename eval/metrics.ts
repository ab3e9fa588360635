import { seededRandom } from '../knowledge/index.ts';
import { OOS } from './dataset.ts';

/** What the bot did with one test question. */
export interface Prediction {
  label: string;
  /** The entry answered, or "oos" when the bot did not answer. */
  predicted: string;
  /** Confidence of the best candidate. */
  confidence: number;
  /** Candidate entries, best first. */
  ranked: string[];
  latencyMs: number;
  /** The question's language (for the per-language table). */
  lang?: string;
  /** What the policy did: answer, clarify (with these suggestions) or hand off. */
  outcome?: 'answer' | 'clarify' | 'handoff';
  suggested?: string[];
  /** Thresholds the policy used for this question. */
  thresholds?: { answer: number; clarify: number };
}

/**
 * What the bot did with one language's questions. The in-scope shares (answered right, answered
 * wrong, clarified with the right entry among the suggestions, clarified without it, handed off)
 * add up to 1.
 */
export interface LanguageShares {
  inScope: number;
  answeredRight: number;
  answeredWrong: number;
  clarifiedRight: number;
  clarifiedWithout: number;
  handedOff: number;
  /** Share of answers that were wrong, out-of-scope questions answered included. */
  wrongOfAnswers: number;
  outOfScope: number;
  /** Share of out-of-scope questions answered. */
  outOfScopeAnswered: number;
  ece: number;
  /** The ECE a perfectly calibrated matcher would show on these questions (calibrationErrorFloor). */
  eceFloor: number;
  /** Share of in-scope questions whose entry is the best candidate, and the mean confidence of every question's best candidate. */
  top1: number;
  meanConfidence: number;
  top3: number;
  thresholds?: { answer: number; clarify: number };
}

export interface Metrics {
  nTest: number;
  accuracy: number;
  inScopeAccuracy: number;
  oosRecall: number;
  oosPrecision: number;
  mcc: number;
  macroF1: number;
  top3: number;
  mrr: number;
  ece: number;
  /** The ECE a perfectly calibrated matcher would show on these questions (calibrationErrorFloor). */
  eceFloor: number;
  latencyMs: { p50: number; p95: number };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

/** Multiclass Matthews correlation (Gorodkin's R_K), with "oos" as one more class. */
export function multiclassMcc(labels: string[], predicted: string[]): number {
  const classes = [...new Set([...labels, ...predicted])];
  const index = new Map(classes.map((c, i) => [c, i]));
  const k = classes.length;
  const t = new Float64Array(k);
  const p = new Float64Array(k);
  let c = 0;
  const n = labels.length;
  labels.forEach((l, i) => {
    t[index.get(l)!]!++;
    p[index.get(predicted[i]!)!]!++;
    if (l === predicted[i]) c++;
  });
  let tp = 0, tt = 0, pp = 0;
  for (let i = 0; i < k; i++) {
    tp += t[i]! * p[i]!;
    tt += t[i]! * t[i]!;
    pp += p[i]! * p[i]!;
  }
  const denom = Math.sqrt((n * n - pp) * (n * n - tt));
  return denom === 0 ? 0 : (c * n - tp) / denom;
}

function macroF1(labels: string[], predicted: string[]): number {
  const classes = [...new Set(labels)];
  let sum = 0;
  for (const cls of classes) {
    let tp = 0, fp = 0, fn = 0;
    labels.forEach((l, i) => {
      const p = predicted[i];
      if (l === cls && p === cls) tp++;
      else if (p === cls) fp++;
      else if (l === cls) fn++;
    });
    sum += tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  }
  return classes.length ? sum / classes.length : 0;
}

/**
 * Expected calibration error of answered questions: in 10 equal-width confidence bins,
 * the gap between mean confidence and the share that was right, weighted by bin size.
 */
export function expectedCalibrationError(confidences: number[], correct: boolean[], bins = 10): number {
  const n = confidences.length;
  if (n === 0) return 0;
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    const idx = confidences.map((_, i) => i).filter((i) => {
      const c = confidences[i]!;
      return b === bins - 1 ? c >= b / bins : c >= b / bins && c < (b + 1) / bins;
    });
    if (!idx.length) continue;
    const conf = idx.reduce((s, i) => s + confidences[i]!, 0) / idx.length;
    const acc = idx.filter((i) => correct[i]).length / idx.length;
    ece += (idx.length / n) * Math.abs(conf - acc);
  }
  return ece;
}

/**
 * The calibration error that sampling alone leaves: the median ECE of `draws` simulated outcomes
 * for the same confidences, each question right with exactly its stated probability (a perfectly
 * calibrated matcher). On a hundred questions this is far from 0, so an ECE near it says the
 * confidences are as calibrated as that many questions can show. Seeded: the same confidences
 * always give the same floor.
 * @example calibrationErrorFloor([0.9, 0.6, 0.2]) // ≈ 0.3 on 3 questions, ≈ 0.05 on a few hundred
 */
export function calibrationErrorFloor(confidences: number[], draws = 1000, seed = 1, bins = 10): number {
  const n = confidences.length;
  if (!n) return 0;
  const random = seededRandom(seed);
  // Binned as expectedCalibrationError bins: only the outcomes change between draws.
  const bin = confidences.map((c) => Math.min(bins - 1, Math.floor(c * bins)));
  const count = new Array<number>(bins).fill(0);
  const confSum = new Array<number>(bins).fill(0);
  confidences.forEach((c, i) => {
    count[bin[i]!]!++;
    confSum[bin[i]!]! += c;
  });
  const eces: number[] = [];
  const right = new Array<number>(bins);
  for (let d = 0; d < draws; d++) {
    right.fill(0);
    for (let i = 0; i < n; i++) if (random() < confidences[i]!) right[bin[i]!]!++;
    let ece = 0;
    for (let b = 0; b < bins; b++) if (count[b]) ece += Math.abs(confSum[b]! - right[b]!) / n;
    eces.push(ece);
  }
  return percentile(eces, 50);
}

/** The per-language table: what the policy did with each language's questions (see LanguageShares). */
export function languageShares(preds: Prediction[]): Record<string, LanguageShares> {
  const out: Record<string, LanguageShares> = {};
  for (const lang of [...new Set(preds.map((p) => p.lang ?? ''))].sort()) {
    const all = preds.filter((p) => (p.lang ?? '') === lang);
    const inScope = all.filter((p) => p.label !== OOS);
    const oos = all.filter((p) => p.label === OOS);
    const share = (xs: Prediction[], f: (p: Prediction) => boolean) => (xs.length ? xs.filter(f).length / xs.length : 0);
    const answered = (p: Prediction) => p.predicted !== OOS;
    const clarified = (p: Prediction) => p.outcome === 'clarify';
    const answers = all.filter(answered);
    out[lang] = {
      inScope: inScope.length,
      answeredRight: share(inScope, (p) => p.predicted === p.label),
      answeredWrong: share(inScope, (p) => answered(p) && p.predicted !== p.label),
      clarifiedRight: share(inScope, (p) => clarified(p) && (p.suggested ?? []).includes(p.label)),
      clarifiedWithout: share(inScope, (p) => clarified(p) && !(p.suggested ?? []).includes(p.label)),
      handedOff: share(inScope, (p) => !answered(p) && !clarified(p)),
      wrongOfAnswers: share(answers, (p) => p.predicted !== p.label),
      outOfScope: oos.length,
      outOfScopeAnswered: share(oos, answered),
      ece: expectedCalibrationError(all.map((p) => p.confidence), all.map((p) => p.ranked[0] === p.label)),
      eceFloor: calibrationErrorFloor(all.map((p) => p.confidence)),
      top1: share(inScope, (p) => p.ranked[0] === p.label),
      meanConfidence: all.length ? all.reduce((sum, p) => sum + p.confidence, 0) / all.length : 0,
      top3: share(inScope, (p) => p.ranked.slice(0, 3).includes(p.label)),
      thresholds: all[0]?.thresholds,
    };
  }
  return out;
}

/** Every figure the eval reports, from the predictions on the test split. */
export function computeMetrics(preds: Prediction[]): Metrics {
  const labels = preds.map((p) => p.label);
  const predicted = preds.map((p) => p.predicted);
  const inScope = preds.filter((p) => p.label !== OOS);
  const oos = preds.filter((p) => p.label === OOS);
  const saidOos = preds.filter((p) => p.predicted === OOS);
  const share = (xs: Prediction[], f: (p: Prediction) => boolean) => (xs.length ? xs.filter(f).length / xs.length : 0);
  const rank = (p: Prediction) => p.ranked.indexOf(p.label);
  return {
    nTest: preds.length,
    accuracy: share(preds, (p) => p.predicted === p.label),
    inScopeAccuracy: share(inScope, (p) => p.predicted === p.label),
    oosRecall: share(oos, (p) => p.predicted === OOS),
    oosPrecision: share(saidOos, (p) => p.label === OOS),
    mcc: multiclassMcc(labels, predicted),
    macroF1: macroF1(labels, predicted),
    top3: share(inScope, (p) => rank(p) >= 0 && rank(p) < 3),
    mrr: inScope.length ? inScope.reduce((s, p) => s + (rank(p) >= 0 ? 1 / (rank(p) + 1) : 0), 0) / inScope.length : 0,
    // Calibration of the top candidate: is its confidence the probability that it is the right entry?
    ece: expectedCalibrationError(preds.map((p) => p.confidence), preds.map((p) => p.ranked[0] === p.label)),
    eceFloor: calibrationErrorFloor(preds.map((p) => p.confidence)),
    latencyMs: { p50: percentile(preds.map((p) => p.latencyMs), 50), p95: percentile(preds.map((p) => p.latencyMs), 95) },
  };
}
