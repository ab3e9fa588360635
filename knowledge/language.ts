import { getLIDModel } from 'fasttext.wasm.js';
import type { KnowledgeVocabulary } from './knowledge-vocabulary.ts';

/** What the detector decided and how sure it is. */
export interface LanguageGuess {
  lang: string;
  /** 0..1; script-based guesses report 0.99. */
  probability: number;
  /** 'knowledge': fastText and the knowledge base's vocabulary together. */
  method: 'script' | 'fasttext' | 'knowledge' | 'none';
  /**
   * A language the knowledge base lacks that fastText is sure the text is in ("Wo ist meine
   * Bestellung?": de), while it gives the knowledge base's languages almost nothing. `lang` is
   * still the likeliest of the knowledge base's languages.
   */
  unsupported?: string;
}

/**
 * A text is taken to be in a language the knowledge base lacks when fastText gives the knowledge
 * base's languages together at most this share (its top language may share the rest with a
 * neighbour: Russian and Ukrainian, Indonesian and Malay).
 */
const UNSUPPORTED_MAX_KNOWN_SHARE = 0.02;

/**
 * Letters of the Arabic script that Arabic itself does not use, but Persian and Urdu do (پ ژ, and
 * the Persian keyboard's ک ی; Urdu's ے ں ٹ ڈ ڑ ھ). Not چ and گ, which Gulf and Iraqi Arabic write.
 */
const NOT_ARABIC_LETTERS = /[\u067E\u0698\u06A9\u06CC\u06C0\u06D2\u06BA\u0679\u0688\u0691\u06BE]/u;
/** How sure fastText must be of another language of the Arabic script to name it. */
const SAME_SCRIPT_MIN_PROBABILITY = 0.5;

/** Scripts that name their language on their own, checked in this order. */
const SCRIPT_LANGS: Array<[RegExp, string]> = [
  [/[\u0E00-\u0E7F]/u, 'th'],
  [/[\u3040-\u30FF]/u, 'ja'], // kana before Han: Japanese text mixes both
  [/[\uAC00-\uD7AF\u1100-\u11FF]/u, 'ko'],
  [/\p{Script=Han}/u, 'zh'],
  [/[\u0600-\u06FF\u0750-\u077F]/u, 'ar'],
  [/\p{Script=Hebrew}/u, 'he'],
  [/\p{Script=Greek}/u, 'el'],
];

/**
 * Languages written in a script of their own. fastText's character n-grams sometimes put
 * Latin text there ("What if the shoes do not fit?" comes out as zh); a language whose
 * script the text does not contain is not a possible answer.
 */
const LANG_SCRIPTS: Record<string, RegExp> = {
  zh: /\p{Script=Han}/u, ja: /[\u3040-\u30FF\p{Script=Han}]/u, ko: /[\uAC00-\uD7AF\u1100-\u11FF]/u, th: /[\u0E00-\u0E7F]/u,
  ar: /\p{Script=Arabic}/u, fa: /\p{Script=Arabic}/u, ur: /\p{Script=Arabic}/u, he: /\p{Script=Hebrew}/u, el: /\p{Script=Greek}/u,
  ru: /\p{Script=Cyrillic}/u, uk: /\p{Script=Cyrillic}/u, bg: /\p{Script=Cyrillic}/u, hi: /\p{Script=Devanagari}/u,
};

/**
 * The writing system a language is written in, as a name to compare: "latin" for every language
 * without a script of its own here.
 */
export function languageScript(lang: string): string {
  return LANG_SCRIPTS[lang]?.source ?? 'latin';
}

/** Whether `lang` can be the language of `text` as far as its script goes. */
export function scriptAllows(lang: string, text: string): boolean {
  return LANG_SCRIPTS[lang]?.test(text) ?? true;
}

/** Letters of a script that uniquely identify the language (beyond the shared Latin alphabet). */
const LETTER_LANGS: Array<[RegExp, string]> = [[/[ąćęłńśźż]/iu, 'pl']];

/**
 * Shortest share of a text's words that a script must write to name the text's language, where
 * its share of the letters is lower: customers of Thai, Chinese or Arabic write English shop words
 * inside their own language, and "ขอ refund", "我想refund" or "unsubscribe newsletter ยังไงคะ" are
 * theirs, though most of the letters are Latin. One word in four ("my tracking number حقي"), not
 * one in five ("do you sell 龙井 tea").
 */
const SCRIPT_MIN_WORD_SHARE = 0.25;

/** Runs of letters of one script each (a change of script ends a run: "الtracking" is two). */
function scriptRuns(letters: string[]): string[] {
  const runs: string[] = [];
  let run = '';
  let key = '';
  for (const c of letters) {
    if (!/\p{L}/u.test(c)) {
      if (run) runs.push(run);
      run = key = '';
      continue;
    }
    const k = SCRIPT_LANGS.find(([re]) => re.test(c))?.[1] ?? 'other';
    if (run && k !== key) { runs.push(run); run = ''; }
    run += c;
    key = k;
  }
  if (run) runs.push(run);
  return runs;
}

/**
 * The language a text's script implies, when the script is used by essentially one
 * of the languages we serve: where it writes 30% of the letters (so one borrowed symbol does not
 * decide), or SCRIPT_MIN_WORD_SHARE of the words.
 */
export function scriptLanguage(text: string): string | undefined {
  const chars = Array.from(text);
  const letters = chars.filter((c) => /\p{L}/u.test(c));
  if (letters.length === 0) return undefined;
  const runs = scriptRuns(chars);
  for (const [re, lang] of SCRIPT_LANGS) {
    const count = letters.filter((c) => re.test(c)).length;
    if (count / letters.length >= 0.3) return lang;
    if (count && runs.filter((r) => re.test(r)).length / runs.length >= SCRIPT_MIN_WORD_SHARE) return lang;
  }
  for (const [re, lang] of LETTER_LANGS) if (re.test(text)) return lang;
  return undefined;
}

/** Detects the language of customer text. */
export interface LanguageDetector {
  detect(text: string): Promise<LanguageGuess>;
}

export interface LanguageDetectorOptions {
  /**
   * The live knowledge base's text per language (see KnowledgeBase.vocabulary), read at every
   * detection so a publish takes effect at once. When it returns one, only its languages (and
   * its default) are possible answers, and its likelihoods join fastText's. Default none:
   * fastText and the script alone.
   */
  vocabulary?: () => KnowledgeVocabulary | undefined;
}

/** fastText's share for a language it did not list among its candidates. */
const UNLISTED = 1e-4;

/** fastText candidates read per text: every language it gives a visible share. */
const FASTTEXT_CANDIDATES = 20;

/**
 * Web and e-mail addresses, left out of what is detected: "jan.kowalski@example.com" or a link
 * pasted alone is no Polish or English, whatever names and words it holds.
 */
const ADDRESSES = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+|\b(?:https?:\/\/|www\.)\S+/giu;

/**
 * fastText lid.176 (shipped in the npm package, no download) with a Unicode-script rule
 * first: on short text fastText's top probability falls to ~0.125, its "don't know", while a
 * Thai or Han character is unambiguous. With the knowledge base's vocabulary, the answer is the
 * language of highest posterior among the knowledge base's languages: fastText's probabilities
 * restricted to them, times the likelihood of the text under each language's character model
 * of the knowledge base's own text (see KnowledgeVocabulary). fastText knows general language;
 * the knowledge base knows how this shop's customers write, unaccented words included.
 */
export async function createLanguageDetector(options: LanguageDetectorOptions = {}): Promise<LanguageDetector> {
  const model = await getLIDModel();
  await model.load();
  const fastText = async (clean: string) => (await model.identify(clean, FASTTEXT_CANDIDATES)) as Array<{ alpha2?: string | null; alpha3: string; possibility: number }>;
  return {
    async detect(text: string): Promise<LanguageGuess> {
      const clean = text.replace(ADDRESSES, ' ').replace(/\s+/g, ' ').trim();
      if (!clean) return { lang: 'und', probability: 0, method: 'none' };
      // Digits, emoji and punctuation say nothing about a language.
      if (!/\p{L}/u.test(clean)) return { lang: 'und', probability: 0, method: 'none' };
      const vocabulary = options.vocabulary?.();
      const byScript = scriptLanguage(clean);
      if (vocabulary) return withVocabulary(vocabulary, clean, byScript, await fastText(clean));
      if (byScript && byScript !== 'pl') return { lang: byScript, probability: 0.99, method: 'script' };
      const candidates = await fastText(clean);
      const result = candidates.find((c) => scriptAllows(c.alpha2 ?? c.alpha3, clean));
      if (!result) return { lang: 'und', probability: 0, method: 'none' };
      const lang = result.alpha2 ?? result.alpha3;
      // Polish diacritics settle a low-confidence guess (e.g. "zwrot?" alone).
      if (byScript === 'pl' && (lang !== 'pl' || result.possibility < 0.5)) {
        return { lang: 'pl', probability: Math.max(0.6, lang === 'pl' ? result.possibility : 0), method: 'script' };
      }
      return { lang, probability: result.possibility, method: 'fasttext' };
    },
  };
}

/**
 * The posterior over the knowledge base's languages that the script allows: fastText's
 * probabilities renormalised over them, times each language's likelihood of the text. A text
 * in a script only one of them is written in is that language outright.
 */
function withVocabulary(vocabulary: KnowledgeVocabulary, text: string, byScript: string | undefined, fastText: Array<{ alpha2?: string | null; alpha3: string; possibility: number }>): LanguageGuess {
  const possible = vocabulary.languages.filter((l) => scriptAllows(l, text));
  const first = fastText[0];
  const topLang = first && (first.alpha2 ?? first.alpha3);
  if (possible.length === 0) {
    // A script none of its languages is written in ("Как вернуть товар?" for a Latin-script knowledge base).
    const other = byScript ?? topLang;
    return { lang: vocabulary.defaultLang, probability: 0, method: 'none', ...(other ? { unsupported: other } : {}) };
  }
  if (byScript && byScript !== 'pl' && possible.includes(byScript)) {
    // Persian and Urdu share the Arabic script: letters Arabic lacks, and fastText sure of another
    // language, name it (as a language the knowledge base lacks) instead of reading it as Arabic.
    const other = byScript === 'ar' && topLang && first.possibility >= SAME_SCRIPT_MIN_PROBABILITY && !vocabulary.languages.includes(topLang) && NOT_ARABIC_LETTERS.test(text) ? topLang : undefined;
    return { lang: byScript, probability: 0.99, method: 'script', ...(other ? { unsupported: other } : {}) };
  }
  const ft = new Map<string, number>();
  for (const c of fastText) ft.set(c.alpha2 ?? c.alpha3, c.possibility);
  const prior = possible.map((l) => Math.max(ft.get(l) ?? 0, UNLISTED));
  const priorSum = prior.reduce((a, b) => a + b, 0);
  const { byLang, randomLetters } = vocabulary.logLikelihoods(text, possible);
  const logPost = possible.map((l, i) => Math.log(prior[i]! / priorSum) + byLang.get(l)!);
  const top = Math.max(...logPost);
  const weights = logPost.map((x) => Math.exp(x - top));
  const sum = weights.reduce((a, b) => a + b, 0);
  const best = logPost.indexOf(top);
  const lang = possible[best]!;
  // The languages' models are compared only with each other, so a text none of them fits
  // (keyboard mashing: "qwv zzkx plorb", 0.99999 Polish) came out as sure as real text. Where
  // the best language explains it no better than halfway, per character in log terms, from
  // random letters to certainty (real text here: -1 to -3.7 a character, mashing -4.4 to -5.6,
  // random letters -6.8), the answer is kept but as sure as fastText is at most: too unsure to
  // change a conversation's language (see bot/language-choice.ts).
  const fits = byLang.get(lang)! >= randomLetters / 2;
  const probability = fits ? weights[best]! / sum : Math.min(weights[best]! / sum, ft.get(lang) ?? 0);
  const knownShare = vocabulary.languages.reduce((a, l) => a + (ft.get(l) ?? 0), 0);
  const unsupported = topLang && !vocabulary.languages.includes(topLang) && knownShare <= UNSUPPORTED_MAX_KNOWN_SHARE ? topLang : undefined;
  return { lang, probability, method: 'knowledge', ...(unsupported ? { unsupported } : {}) };
}
