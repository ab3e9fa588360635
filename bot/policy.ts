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
  /**
   * `alsoAsked`: the other FAQ entries matched at the answer threshold too, most confident first. A message
   * that asks two things ("who pays the return postage? how long until my refund?") lifts one entry
   * per clause (KnowledgeBase.match); the answer goes to the first, and the others are offered
   * before the answer's related entries, so the second question is one press away.
   */
  | { kind: 'answer'; candidate: MatchCandidate; alsoAsked: MatchCandidate[] }
  /** A conversation entry (small talk) matched: its reply, never a failed attempt, never a handoff. */
  | { kind: 'conversation'; candidate: MatchCandidate }
  | { kind: 'clarify'; suggestions: MatchCandidate[] }
  /** Not understood, and not yet `maxFailedAttempts` times in a row: a helpful reply, no handoff. */
  | { kind: 'fallback'; tried: MatchCandidate[] }
  | { kind: 'handoff'; reason: 'low-confidence' | 'repeated-failure'; tried: MatchCandidate[] };

/**
 * Three zones on the calibrated confidence of the best candidate: answer, clarify with
 * suggestions, or say it was not understood. `failedBefore` counts the consecutive unanswered
 * questions so far: only the `maxFailedAttempts`-th in a row hands off (explicit requests for a
 * person and handoff keywords are handled before the knowledge base is asked).
 *
 * `isConversation` tells conversation entries (small talk) apart: one that is the best candidate
 * from the clarify threshold up is answered as such (its reply is harmless where a wrong FAQ answer
 * is not, and a customer saying "ok" or "lol" must not be counted as failing); they are never
 * offered as suggestions.
 *
 * `answerable`: the FAQ entries the policy may answer; a confident candidate it may not answer is
 * offered among the suggestions instead (see Bot's follow-ups). Default every entry.
 */
export function decide(candidates: MatchCandidate[], failedBefore: number, o: PolicyOptions, isConversation: (entryId: string) => boolean = () => false, answerable: (entryId: string) => boolean = () => true): PolicyDecision {
  const top = candidates[0];
  if (top && isConversation(top.entryId) && top.confidence >= o.clarifyThreshold) return { kind: 'conversation', candidate: top };
  const faq = candidates.filter((c) => !isConversation(c.entryId));
  const best = faq[0];
  if (best && best === top && best.confidence >= o.answerThreshold && answerable(best.entryId)) {
    return { kind: 'answer', candidate: best, alsoAsked: alsoAsked(faq, o.answerThreshold) };
  }
  const floor = suggestionFloor(o);
  const suggestions = faq.filter((c) => c.confidence >= floor).slice(0, o.maxSuggestions ?? 3);
  // With MAX_FAILED_ATTEMPTS=1 the first miss hands off: the reason is then the confidence itself.
  if (failedBefore + 1 >= o.maxFailedAttempts) return { kind: 'handoff', reason: failedBefore === 0 ? 'low-confidence' : 'repeated-failure', tried: faq.slice(0, 3) };
  if (best && best.confidence >= o.clarifyThreshold && suggestions.length) return { kind: 'clarify', suggestions };
  return { kind: 'fallback', tried: faq.slice(0, 3) };
}

/** The lowest confidence a candidate may be offered at as a suggestion: suggestionThreshold, else half of clarifyThreshold. */
export function suggestionFloor(o: Pick<PolicyOptions, 'suggestionThreshold' | 'clarifyThreshold'>): number {
  return o.suggestionThreshold ?? o.clarifyThreshold / 2;
}

/** The FAQ candidates after the answered first one that reach the answer threshold too, most confident first (see PolicyDecision). */
export function alsoAsked(faq: MatchCandidate[], answerThreshold: number): MatchCandidate[] {
  return faq.slice(1).filter((c) => c.confidence >= answerThreshold).sort((a, b) => b.confidence - a.confidence);
}

/**
 * The policy options with the knowledge base's thresholds for the question's language (chosen at
 * publish or set by an operator, see MatchResult.thresholds) in place of the configured ones,
 * when `knowledgeThresholds` is on.
 */
export function withThresholds(o: PolicyOptions, t: { answer: number; clarify: number } | undefined): PolicyOptions {
  return t && o.knowledgeThresholds ? { ...o, answerThreshold: t.answer, clarifyThreshold: t.clarify } : o;
}
