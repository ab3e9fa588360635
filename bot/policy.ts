import type { MatchCandidate } from '../knowledge/index.ts';

/** The answer policy's thresholds (all configuration, see app/config.ts). */
export interface PolicyOptions {
  /** Answer when the best confidence reaches this. */
  answerThreshold: number;
  /** Offer suggestions when the best confidence reaches this (but not answerThreshold). */
  clarifyThreshold: number;
  /** Hand off after this many consecutive questions the bot could not answer. */
  maxFailedAttempts: number;
  /** Candidates below this confidence are never offered as suggestions. Default: half of clarifyThreshold. */
  suggestionThreshold?: number;
  /** At most this many suggestions. Default 3. */
  maxSuggestions?: number;
  /**
   * Use the thresholds the knowledge base reports with each match (chosen per language at
   * publish, or an operator's override) instead of answerThreshold / clarifyThreshold, which then
   * apply only where it reports none. Default false; the app turns it on.
   */
  knowledgeThresholds?: boolean;
}

export type PolicyDecision =
  | { kind: 'answer'; candidate: MatchCandidate }
  | { kind: 'clarify'; suggestions: MatchCandidate[] }
  | { kind: 'handoff'; reason: 'low-confidence' | 'repeated-failure'; tried: MatchCandidate[] };

/**
 * Three zones on the calibrated confidence of the best candidate: answer, clarify with
 * suggestions, or hand off. `failedBefore` counts the consecutive unanswered questions so far.
 */
export function decide(candidates: MatchCandidate[], failedBefore: number, o: PolicyOptions): PolicyDecision {
  const top = candidates[0];
  if (top && top.confidence >= o.answerThreshold) return { kind: 'answer', candidate: top };
  const floor = o.suggestionThreshold ?? o.clarifyThreshold / 2;
  const suggestions = candidates.filter((c) => c.confidence >= floor).slice(0, o.maxSuggestions ?? 3);
  if (failedBefore + 1 >= o.maxFailedAttempts) return { kind: 'handoff', reason: 'repeated-failure', tried: candidates.slice(0, 3) };
  if (top && top.confidence >= o.clarifyThreshold && suggestions.length) return { kind: 'clarify', suggestions };
  return { kind: 'handoff', reason: 'low-confidence', tried: candidates.slice(0, 3) };
}

/**
 * The policy options with the knowledge base's thresholds for the question's language (chosen at
 * publish or set by an operator, see MatchResult.thresholds) in place of the configured ones,
 * when `knowledgeThresholds` is on.
 */
export function withThresholds(o: PolicyOptions, t: { answer: number; clarify: number } | undefined): PolicyOptions {
  return t && o.knowledgeThresholds ? { ...o, answerThreshold: t.answer, clarifyThreshold: t.clarify } : o;
}
