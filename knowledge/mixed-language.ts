import { ConversationMatcher } from './conversation-matcher.ts';
import { languageScript } from './language.ts';
import { words } from './segment.ts';
import { Synonyms } from './synonyms.ts';
import { isFaqEntry, type FaqEntry, type MatchCandidate } from './types.ts';

/**
 * Customers outside English write shop words in English inside their own language: "kiedy
 * dostanę refund?", "ขอ refund หน่อย", "متى يرجع الrefund", "我想cancel订单". The language's matcher
 * knows none of those words, so it answers from the rest of the question ("kiedy dostanę",
 * "when do I get", went to back-in-stock alerts at 84%) or understands nothing. The knowledge
 * base's English phrasings of the same entries know them: the English words are matched there,
 * and the two readings are combined (mixedLanguageRanking).
 */

/** Shortest English word read this way: shorter Latin words are too often names, units or chat ("ok"). */
const MIN_LETTERS = 4;

/** How many candidates of each reading are combined: an entry outside both lists cannot lead. */
export const MIXED_DEPTH = 10;

/**
 * Runs of Latin letters in a text, lower-cased, each once, in order. A run is cut from the
 * letters of another script around it: an Arabic article written onto an English word
 * ("الrefund") or Chinese characters with no space ("tracking号码") are left off.
 */
export function latinRuns(text: string): string[] {
  const out: string[] = [];
  for (const m of text.normalize('NFKC').matchAll(/\p{Script=Latin}+/gu)) {
    const word = m[0].toLowerCase();
    if (!out.includes(word)) out.push(word);
  }
  return out;
}

/** What deciding which words are English needs to know of the knowledge base. */
export interface WordKnowledge {
  /** Whether the question's own language uses the word as written: its phrasings, synonym groups or small talk. */
  knownInLanguage(word: string): boolean;
  /** Whether the knowledge base's English entries use the word as written (answers included). */
  knownInEnglish(word: string): boolean;
}

/**
 * The words of a question in `lang` that are English rather than `lang`'s: Latin-script words of
 * MIN_LETTERS or more that `lang` does not know and the English entries use. None for English.
 */
export function englishWordsIn(text: string, lang: string, known: WordKnowledge): string[] {
  if (lang === 'en') return [];
  return latinRuns(text).filter((w) => [...w].length >= MIN_LETTERS && !known.knownInLanguage(w) && known.knownInEnglish(w));
}

/** Fewest words of its own a Latin-script language needs in a message read as English to be its language. */
const MIN_OWN_WORDS = 2;

/** What a knowledge base version knows of its languages' words, for questions that mix English into another language. */
export class MixedLanguage {
  constructor(private readonly conversation: ConversationMatcher, private readonly synonyms: Synonyms, private readonly langs: readonly string[]) {}

  /** The English words of a question in `lang` (see englishWordsIn). */
  englishWords(text: string, lang: string): string[] {
    if (!this.langs.includes('en')) return [];
    return englishWordsIn(text, lang, {
      knownInLanguage: (w) => this.conversation.usesWord(w, lang) || this.synonyms.rewrite(w, lang) !== w,
      knownInEnglish: (w) => this.conversation.usesWord(w, 'en', { answers: true }),
    });
  }

  /**
   * The language, written in Latin letters and not English, whose sentence a message is when the
   * detectors read it as English for its English shop words ("kiedy dostane refund?", "czy jest
   * express shipping?" came out English): one with MIN_OWN_WORDS words of three letters or more
   * that its phrasings or small talk use and the English entries never do, beside an English word
   * (englishWords). Undefined when no language has both.
   */
  languageAroundEnglish(text: string): string | undefined {
    for (const lang of this.langs) {
      if (lang === 'en' || languageScript(lang) !== 'latin') continue;
      const own = new Set(words(text, lang).filter((w) => [...w].length >= 3 && this.conversation.usesWord(w, lang) && !this.conversation.usesWord(w, 'en', { answers: true })));
      if (own.size >= MIN_OWN_WORDS && this.englishWords(text, lang).length) return lang;
    }
    return undefined;
  }
}

/** What a knowledge folder's entries (conversation entries included) know of mixed messages, without publishing them (evaluations). */
export function mixedLanguageOf(entries: readonly FaqEntry[]): MixedLanguage {
  const langs = [...new Set(entries.filter((e) => e.status === 'published' && isFaqEntry(e)).flatMap((e) => e.variants.map((v) => v.lang)))];
  return new MixedLanguage(new ConversationMatcher(entries), Synonyms.fromEntries(entries), langs);
}

/**
 * The candidates of a question read in its language (`own`) combined with those of its English
 * words read in English (`english`): ordered by the product of the two classifiers'
 * probabilities (an entry outside a list counts half that list's last), so the entry both
 * readings support leads, each with the larger of its two calibrated confidences. Holding the
 * confidence under the answer threshold where the readings disagree was tried: the answers it
 * held back were nearly all right (eval/HISTORY.md). An entry only the English reading found is
 * offered with its title in the question's language (`title`).
 */
export function mixedLanguageRanking(own: readonly MatchCandidate[], english: readonly MatchCandidate[], o: { lang: string; title: (entryId: string) => string | undefined }): MatchCandidate[] {
  if (!english.length || !own.length) return [...own];
  const score = (list: readonly MatchCandidate[]) => {
    const by = new Map(list.map((c) => [c.entryId, c]));
    const floor = Math.min(...list.map((c) => c.score)) / 2;
    return (id: string) => by.get(id)?.score ?? floor;
  };
  const ownScore = score(own);
  const englishScore = score(english);
  const ids = [...new Set([...own.map((c) => c.entryId), ...english.map((c) => c.entryId)])];
  const combined = ids.map((id) => ({ id, p: ownScore(id) * englishScore(id) }));
  combined.sort((a, b) => b.p - a.p || a.id.localeCompare(b.id));
  const total = combined.reduce((s, c) => s + c.p, 0) || 1;
  const ownById = new Map(own.map((c) => [c.entryId, c]));
  const englishById = new Map(english.map((c) => [c.entryId, c]));
  return combined.map(({ id, p }) => {
    const mine = ownById.get(id);
    const theirs = englishById.get(id);
    const confidence = Math.max(mine?.confidence ?? 0, theirs?.confidence ?? 0);
    const base = mine ?? { ...theirs!, lang: o.lang, title: o.title(id) ?? id, matchedText: '' };
    return { ...base, score: p / total, confidence };
  });
}
