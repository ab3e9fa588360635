import { withThresholds, type PolicyOptions } from '../bot/index.ts';
import type { MatchResult } from '../knowledge/index.ts';
import type { Article, HelpSite } from './site.ts';

/** The part of the knowledge base search needs: the bot's own matcher. */
export interface MatcherPort {
  match(text: string, lang: string, k?: number): Promise<MatchResult>;
}

/** The thresholds search judges "a good result" by: the bot's answer policy. */
export type SearchPolicy = Pick<PolicyOptions, 'answerThreshold' | 'clarifyThreshold' | 'suggestionThreshold' | 'knowledgeThresholds'>;

export interface SearchOutcome {
  /** The language the question was matched in (the reader's, or the default when it has no articles). */
  lang: string;
  /** Articles worth showing, best first, with the matcher's calibrated confidence. */
  results: Array<{ article: Article; confidence: number }>;
  /**
   * Whether the best result is good: at least the bot's clarify threshold, the confidence at which
   * the bot itself would offer it. False means the page says nothing matched well and offers the chat.
   */
  matched: boolean;
}

/** Longest query searched, in characters. */
export const MAX_QUERY = 200;

/**
 * Search the help center with the bot's matcher in the reader's language: the same ranking and
 * calibrated confidence the bot answers with, and the same thresholds (the knowledge base's own
 * per language when the policy uses them). Results below the bot's suggestion floor (half the
 * clarify threshold unless set) are not shown; drafts and small talk never are (not in the site).
 */
export async function searchArticles(matcher: MatcherPort, site: HelpSite, query: string, lang: string, policy: SearchPolicy, k = 8): Promise<SearchOutcome> {
  const text = query.trim().slice(0, MAX_QUERY);
  if (!/[\p{L}\p{N}]/u.test(text)) return { lang, results: [], matched: false };
  const match = await matcher.match(text, lang, k);
  const t = withThresholds({ ...policy, maxFailedAttempts: 1 }, match.thresholds);
  const floor = t.suggestionThreshold ?? t.clarifyThreshold / 2;
  const results: SearchOutcome['results'] = [];
  for (const c of match.candidates) {
    const article = site.article(match.lang, c.entryId);
    if (article && c.confidence >= floor) results.push({ article, confidence: c.confidence });
  }
  return { lang: match.lang, results, matched: (results[0]?.confidence ?? 0) >= t.clarifyThreshold };
}
