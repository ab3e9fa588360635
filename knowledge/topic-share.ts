import { words } from './segment.ts';
import { isFaqEntry, type FaqEntry, type MatchCandidate } from './types.ts';

/**
 * Fewest phrasings that must contain a question's every word before their share says anything:
 * with one or two, an entry's share is all or nothing by chance.
 */
export const MIN_TOPIC_PHRASINGS = 3;

/**
 * Longest question (in words) read as a topic: a customer who types "account", "konto", "บัญชี"
 * or "订单" names something several entries speak of, and a longer question that every word of
 * many phrasings contains is already a question ("how do I return it").
 */
export const MAX_TOPIC_WORDS = 2;

/**
 * The forms a word is known by in a language (a dictionary's stems: "zamówieniem", "zamówienia"
 * and "zamówienie" share theirs), or none where the language has no dictionary or does not know
 * the word: the word then counts as written.
 */
export type WordForms = (word: string, lang: string) => readonly string[];

/**
 * Per language, which FAQ entries' phrasings (questions and alternates) use each word: what a
 * message of a word or two tells about which entry it asks. "account" alone was answered with
 * delete-account at 96% (86–87% in Thai and Chinese), the entry whose phrasings say "account" most;
 * but create-account, change-email, reset-password and guest checkout say it too. A word counts in
 * any of its forms (see WordForms): a Polish customer's "z kontem" names the topic of the phrasings'
 * "konto" and "konta".
 */
export class TopicShare {
  /** Per language: each phrasing's entry and words, as written. */
  private readonly phrasings = new Map<string, { entryOf: string[]; words: Array<readonly string[]> }>();
  /** Per language, built on first use: per word form, the phrasings (indices) that use it. */
  private readonly postings = new Map<string, Map<string, Set<number>>>();

  constructor(entries: readonly FaqEntry[], private readonly forms: WordForms = () => []) {
    for (const e of entries) {
      if (e.status !== 'published' || !isFaqEntry(e)) continue;
      for (const v of e.variants) {
        const lang = this.phrasings.get(v.lang) ?? this.phrasings.set(v.lang, { entryOf: [], words: [] }).get(v.lang)!;
        for (const text of [v.question, ...v.alternates]) {
          lang.entryOf.push(e.id);
          lang.words.push(words(text, v.lang));
        }
      }
    }
  }

  /** A word's keys in the postings: its forms, or the word as written. */
  private keysOf(word: string, lang: string): readonly string[] {
    const forms = this.forms(word, lang);
    return forms.length ? forms : [word];
  }

  /** `lang`'s postings, built on the first question in it (a dictionary is read then, not at start). */
  private index(lang: string): Map<string, Set<number>> | undefined {
    const built = this.postings.get(lang);
    if (built) return built;
    const phrasings = this.phrasings.get(lang);
    if (!phrasings) return undefined;
    const postings = new Map<string, Set<number>>();
    phrasings.words.forEach((ws, at) => {
      for (const w of new Set(ws)) for (const key of this.keysOf(w, lang)) (postings.get(key) ?? postings.set(key, new Set()).get(key)!).add(at);
    });
    this.postings.set(lang, postings);
    return postings;
  }

  /**
   * Of `lang`'s phrasings that contain every word of a short message (MAX_TOPIC_WORDS at most),
   * each in any of its forms, each entry's share, largest first: an estimate, from the knowledge
   * base's own phrasings, of how likely the message asks that entry. Undefined for a longer
   * message, or where fewer than MIN_TOPIC_PHRASINGS phrasings contain its words.
   */
  shares(text: string, lang: string): Array<{ entryId: string; share: number }> | undefined {
    const asked = [...new Set(words(text, lang))];
    if (!asked.length || asked.length > MAX_TOPIC_WORDS) return undefined;
    const index = this.index(lang);
    if (!index) return undefined;
    let common: Set<number> | undefined;
    for (const w of asked) {
      const using = new Set<number>();
      for (const key of this.keysOf(w, lang)) for (const at of index.get(key) ?? []) using.add(at);
      common = common ? new Set([...common].filter((at) => using.has(at))) : using;
      if (!common.size) return undefined;
    }
    if (common!.size < MIN_TOPIC_PHRASINGS) return undefined;
    const entryOf = this.phrasings.get(lang)!.entryOf;
    const counts = new Map<string, number>();
    for (const at of common!) counts.set(entryOf[at]!, (counts.get(entryOf[at]!) ?? 0) + 1);
    return [...counts].map(([entryId, n]) => ({ entryId, share: n / common!.size })).sort((a, b) => b.share - a.share || a.entryId.localeCompare(b.entryId));
  }
}

/**
 * The matcher's candidates of a message that names a topic, each as sure as its share of the
 * phrasings that use the message's words: first those with a share, in the matcher's order, then
 * those with none (whose phrasings never say the topic's word), no surer than the least share.
 * The matcher alone was sure of one entry where the knowledge base speaks of several: "account"
 * was answered with delete-account at 96% in English, 86–87% in Thai and Chinese. Capping at the
 * share alone left the entries the matcher was unsure of under the suggestion floor ("account" was
 * offered delete-account only); ordered by share instead, a word most entries use ("order") led
 * with the entries that say it most, not the likeliest.
 */
export function topicCandidates(shares: ReadonlyArray<{ entryId: string; share: number }>, matched: readonly MatchCandidate[]): MatchCandidate[] {
  const byId = new Map(shares.map((s) => [s.entryId, s.share]));
  const least = Math.min(...shares.map((s) => s.share));
  const named = matched.filter((c) => byId.has(c.entryId)).map((c) => ({ ...c, confidence: byId.get(c.entryId)! }));
  const others = matched.filter((c) => !byId.has(c.entryId)).map((c) => ({ ...c, confidence: Math.min(c.confidence, least) }));
  return [...named, ...others];
}
