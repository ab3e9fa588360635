import { suggestionFloor, withThresholds, type PolicyOptions } from '../bot/index.ts';
import { normalizeText, UNSPACED_SCRIPT, words, type MatchResult } from '../knowledge/index.ts';
import { sourceLanguage } from './scripts.ts';
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
 *
 * A reader who types a word ("refund", "zwrot") expects every article that uses it, while the
 * matcher's confidence goes almost all to the one it finds likeliest. So the articles whose
 * question or answer contains every word of the query follow the matcher's, up to `k` in all,
 * the matcher's likelier ones first.
 */
export async function searchArticles(matcher: MatcherPort, site: HelpSite, query: string, lang: string, policy: SearchPolicy, k = 8): Promise<SearchOutcome> {
  const text = query.trim().slice(0, MAX_QUERY);
  if (!/[\p{L}\p{N}]/u.test(text)) return { lang, results: [], matched: false };
  // Matched in the knowledge base's language (zh for zh-Hant), shown as the reader's site has it.
  const result = await matcher.match(text, sourceLanguage(lang), k);
  const match = { ...result, lang: result.lang === sourceLanguage(lang) && site.has(lang) ? lang : result.lang };
  const t = withThresholds({ ...policy, maxFailedAttempts: 1 }, match.thresholds);
  const floor = suggestionFloor(t);
  const results: SearchOutcome['results'] = [];
  for (const c of match.candidates) {
    const article = site.article(match.lang, c.entryId);
    if (article && c.confidence >= floor) results.push({ article, confidence: c.confidence });
  }
  const matched = (results[0]?.confidence ?? 0) >= t.clarifyThreshold;
  const shown = new Set(results.map((r) => r.article.entryId));
  const confidence = new Map(match.candidates.map((c) => [c.entryId, c.confidence]));
  const containing = articlesContaining(site.articles(match.lang), text, match.lang)
    .filter((a) => !shown.has(a.entryId))
    .map((article) => ({ article, confidence: confidence.get(article.entryId) ?? 0 }))
    .sort((a, b) => b.confidence - a.confidence);
  results.push(...containing.slice(0, Math.max(0, k - results.length)));
  return { lang: match.lang, results, matched: matched || containing.length > 0 };
}

/** An article's words and text, normalised as queries are, kept while the site version lives. */
const articleText = new WeakMap<Article, { words: readonly string[]; text: string }>();

/**
 * Articles whose question or answer holds every word of the query, in the site's order. Case,
 * accents and letter forms are folded. A word of four letters or more may sit inside a longer
 * one ("zwrot" in "zwrotu", "استرداد" in "بالاسترداد"); a shorter one must start a word. Single
 * Latin letters ("a", "I") are not required.
 */
function articlesContaining(articles: readonly Article[], query: string, lang: string): Article[] {
  const wanted = [...new Set(words(query, lang))].filter((w) => !/^[a-z0-9]$/.test(w));
  if (!wanted.length) return [];
  return articles.filter((article) => {
    let indexed = articleText.get(article);
    if (!indexed) {
      const all = `${article.question}\n${article.plain}`;
      indexed = { words: words(all, lang), text: normalizeText(all) };
      articleText.set(article, indexed);
    }
    const { words: has, text } = indexed;
    return wanted.every((w) => [...w].length >= 4 || UNSPACED_SCRIPT.test(w) ? text.includes(w) : has.some((h) => h.startsWith(w)));
  });
}
