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
 * Per language, which FAQ entries' phrasings (questions and alternates) use each word: what a
 * message of a word or two tells about which entry it asks. "account" alone was answered with
 * delete-account at 96% (86–87% in Thai and Chinese), the entry whose phrasings say "account" most;
 * but create-account, change-email, reset-password and guest checkout say it too.
 */
export class TopicShare {
  /** Per language: each phrasing's entry, and per word the phrasings (indices) that use it. */
  private readonly langs = new Map<string, { entryOf: string[]; postings: Map<string, number[]> }>();

  constructor(entries: readonly FaqEntry[]) {
    for (const e of entries) {
      if (e.status !== 'published' || !isFaqEntry(e)) continue;
      for (const v of e.variants) {
        const lang = this.langs.get(v.lang) ?? this.langs.set(v.lang, { entryOf: [], postings: new Map() }).get(v.lang)!;
        for (const text of [v.question, ...v.alternates]) {
          const at = lang.entryOf.push(e.id) - 1;
          for (const w of new Set(words(text, v.lang))) {
            const list = lang.postings.get(w) ?? lang.postings.set(w, []).get(w)!;
            list.push(at);
          }
        }
      }
    }
  }

  /**
   * Of `lang`'s phrasings that contain every word of a short message (MAX_TOPIC_WORDS at most),
   * each entry's share, largest first: an estimate, from the knowledge base's own phrasings, of
   * how likely the message asks that entry. Undefined for a longer message, or where fewer than
   * MIN_TOPIC_PHRASINGS phrasings contain its words.
   */
  shares(text: string, lang: string): Array<{ entryId: string; share: number }> | undefined {
    const index = this.langs.get(lang);
    const asked = [...new Set(words(text, lang))];
    if (!index || !asked.length || asked.length > MAX_TOPIC_WORDS) return undefined;
    let common: number[] | undefined;
    for (const w of asked) {
      const list = index.postings.get(w) ?? [];
      common = common ? common.filter((i) => list.includes(i)) : list;
      if (!common.length) return undefined;
    }
    if (common!.length < MIN_TOPIC_PHRASINGS) return undefined;
    const counts = new Map<string, number>();
    for (const i of common!) counts.set(index.entryOf[i]!, (counts.get(index.entryOf[i]!) ?? 0) + 1);
    return [...counts].map(([entryId, n]) => ({ entryId, share: n / common!.length })).sort((a, b) => b.share - a.share || a.entryId.localeCompare(b.entryId));
  }
}

/**
 * The matcher's candidates of a message that names a topic, in the matcher's order, each as sure
 * as its share of the phrasings that use the message's words (an entry with none, no surer than
 * the least share). The matcher alone was sure of one entry where the knowledge base speaks of
 * several: "account" was answered with delete-account at 96% in English, 86–87% in Thai and
 * Chinese. Capping at the share alone left the entries the matcher was unsure of under the
 * suggestion floor ("account" was offered delete-account only); ordered by share instead, a word
 * most entries use ("order") led with the entries that say it most, not the likeliest.
 */
export function topicCandidates(shares: ReadonlyArray<{ entryId: string; share: number }>, matched: readonly MatchCandidate[]): MatchCandidate[] {
  const byId = new Map(shares.map((s) => [s.entryId, s.share]));
  const least = Math.min(...shares.map((s) => s.share));
  return matched.map((c) => ({ ...c, confidence: byId.get(c.entryId) ?? Math.min(c.confidence, least) }));
}
