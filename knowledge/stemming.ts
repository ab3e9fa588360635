/**
 * Stemming of word features, where the per-language eval shows it helps: inflected and derived
 * forms ("الطلبات", "طلب"; "إرجاع", "أرجعه") count as one word. Applied to normalised words, the
 * same way for the knowledge base's text and for questions.
 *
 * Arabic words are reduced to their root (arabic-root.ts). NLP.js's light stemmer, used before,
 * kept a verb's forms apart ("أرجع", "إرجاع", "مرتجع", "ترجيع"), and customers' colloquial forms
 * rarely match the forms a knowledge base writes. Measured with knowledge/sample-kb on the dev
 * files (in-scope Arabic questions, answered right / wrong): short 85.7 / 6.1% → 89.8 / 6.1%,
 * dev2 71.4 / 2.0% → 74.5 / 3.1%, long 40.8 / 8.2% → 49.0 / 4.1%; with one phrasing per entry
 * 63.3 → 69.4%, 30.6 → 36.7%, 6.1 → 10.2% right (eval/HISTORY.md, "Arabic words by their root").
 * The light stemmer's figures against none: answered right 39.8 → 42.9% on the test file then.
 * Polish with NLP.js's stemmer was not kept: top-3 88.8 → 85.7%, MRR 0.777 → 0.778, wrong
 * answers 1 → 3; the character n-grams already carry its inflection.
 */
import { arabicLightStem, arabicRoot } from './arabic-root.ts';

/** Each language's stemmer, where it has one here. */
const STEMMERS: Record<string, (word: string) => string> = {
  ar: arabicRoot,
};

/** `words` stemmed where the language has a stemmer here; the same array elsewhere. */
export function stemWords(words: readonly string[], lang: string): readonly string[] {
  const stem = STEMMERS[lang];
  return stem ? words.map((w) => stem(w) || w) : words;
}

/**
 * The forms a word is known by where no dictionary knows the language (see Dictionary.forms):
 * Arabic's light stem, so that "حساب", "حسابي" and "الحساب" name one topic (TopicShare). Not its
 * root: a root joins words a customer would not take for one ("توصيل", delivery, "تواصل", contact).
 */
export function lightForms(word: string, lang: string): readonly string[] {
  return lang === 'ar' ? [arabicLightStem(word)] : [];
}
