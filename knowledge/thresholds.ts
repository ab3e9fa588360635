/**
 * Answer and clarify thresholds chosen per language at publish, from the calibration pass's
 * held-out questions (cross-validation on the knowledge base's own phrasings, left-out entries
 * and generic outliers as out-of-scope questions, weighted to the assumed out-of-scope share).
 */

/** One held-out question as the threshold choice sees it. */
export interface HeldOutPoint {
  /** Calibrated confidence of its best candidate. */
  confidence: number;
  /** Weight in the assumed mix of real questions (out-of-scope ones are weighted up or down). */
  weight: number;
  /** The best candidate is its entry (always false for an out-of-scope question). */
  right: boolean;
  /** Its entry is among the first CLARIFY_SUGGESTIONS candidates (false when out of scope). */
  inSuggestions: boolean;
}

/** One point of the precision/coverage curve, at answer threshold `t`. */
export interface CurvePoint {
  t: number;
  /** Share of questions answered (weighted). */
  answered: number;
  /** Share of the answers that are wrong (a wrong entry, or an out-of-scope question answered). */
  wrong: number;
}

/** Thresholds of one language and where they came from. */
export interface LanguageThresholds {
  answer: number;
  clarify: number;
  /** "publish" (chosen on held-out phrasings), "operator" (admin override) or "config" (environment). */
  source: 'publish' | 'operator' | 'config';
  /** What they were chosen for (publish only). */
  maxWrongRate?: number;
  /** Held-out questions they were chosen on, and the curve (publish only; kept with the version). */
  heldOut?: number;
  curve?: CurvePoint[];
}

export interface ThresholdOptions {
  /** Largest share of answers allowed to be wrong. Default 0.05. */
  maxWrongRate?: number;
  /**
   * Below the answer threshold, offer suggestions down to the confidence where at least this
   * share of the questions offered them has its entry among them. Default 0.5: a clarification
   * helps at least as often as not.
   */
  minClarifyHit?: number;
}

/** Candidates offered as suggestions by the policy (decide's default maxSuggestions). */
export const CLARIFY_SUGGESTIONS = 3;
/** Thresholds are chosen on this grid; never below its floor, never above its ceiling. */
const GRID = Array.from({ length: 91 }, (_, i) => Number((0.05 + i / 100).toFixed(2)));

/** The share of wrong answers thresholds are chosen for when none is configured. */
export const DEFAULT_MAX_WRONG_RATE = 0.05;

/**
 * The lowest answer threshold at which the weighted share of wrong answers stays within
 * `maxWrongRate` (the last grid point when none does), and the lowest clarify threshold at which
 * the band between it and the answer threshold still has the right entry among the suggestions
 * for `minClarifyHit` of its questions. Returns undefined without enough held-out questions to
 * choose on (the caller keeps its configured thresholds).
 */
export function chooseThresholds(points: readonly HeldOutPoint[], o: ThresholdOptions = {}): Omit<LanguageThresholds, 'source'> | undefined {
  const maxWrong = o.maxWrongRate ?? DEFAULT_MAX_WRONG_RATE;
  const minHit = o.minClarifyHit ?? 0.5;
  if (points.filter((p) => p.right).length < 5) return undefined;
  const total = points.reduce((s, p) => s + p.weight, 0);
  const curve: CurvePoint[] = GRID.map((t) => {
    let answered = 0, wrong = 0;
    for (const p of points) {
      if (p.confidence < t) continue;
      answered += p.weight;
      if (!p.right) wrong += p.weight;
    }
    return { t, answered: answered / total, wrong: answered ? wrong / answered : 0 };
  });
  const answer = curve.find((c) => c.wrong <= maxWrong)?.t ?? GRID[GRID.length - 1]!;
  let clarify = answer;
  for (const t of GRID.filter((g) => g < answer).reverse()) {
    let offered = 0, hit = 0;
    for (const p of points) {
      if (p.confidence < t || p.confidence >= answer) continue;
      offered += p.weight;
      if (p.inSuggestions) hit += p.weight;
    }
    if (offered && hit / offered < minHit) break;
    clarify = t;
  }
  const round = (c: CurvePoint) => ({ t: c.t, answered: Number(c.answered.toFixed(4)), wrong: Number(c.wrong.toFixed(4)) });
  return { answer, clarify, maxWrongRate: maxWrong, heldOut: points.length, curve: curve.filter((_, i) => i % 5 === 0).map(round) };
}
