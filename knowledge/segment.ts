/**
 * Text normalisation and tokenisation shared by the full-text index and the lexical scorer.
 * Words come from Intl.Segmenter, so Chinese and Thai (written without spaces) tokenise too.
 */
import { RecentValues } from '../shared/index.ts';
import { stemWords } from './stemming.ts';
import { foldArabic, foldChinese, foldLatin, foldSaraAm } from './text-folds.ts';

const segmenters = new Map<string, Intl.Segmenter>();

function segmenter(lang: string): Intl.Segmenter {
  let s = segmenters.get(lang);
  if (!s) {
    s = new Intl.Segmenter(lang, { granularity: 'word' });
    segmenters.set(lang, s);
  }
  return s;
}

/**
 * Version of normalizeText and the tokenisation below. Lexical features, the full-text index
 * and the classifiers trained on them depend on it: a knowledge-base version built with another
 * must be republished (see KnowledgeBase.builtWithOtherNormalization). Bump it with any change
 * to what words() or lexicalFeatures() return (3: character n-grams within words for Polish and
 * Arabic; 4: Thai SARA AM kept whole, see foldSaraAm; 5: Arabic words stemmed to their root, see
 * stemming.ts).
 */
export const TEXT_NORMALIZATION = 5;

/**
 * A character of a script written without spaces between words (Thai, CJK ideographs): there a
 * word or phrase may start or end anywhere in a run of text.
 */
export const UNSPACED_SCRIPT = /[\u0E00-\u0E7F\u3400-\u9FFF]/u;

/**
 * Case-fold and undo what customers leave out or type differently: Latin accents ("zwrocic"
 * finds "zwrócić"), Arabic hamza forms, short vowels and tatweel, and Traditional Chinese
 * characters ("怎麼退貨" finds "怎么退货"); Thai's vowel ำ is kept one character (foldSaraAm). Thai and other combining marks outside those ranges
 * carry meaning and are kept. Every fold applies whatever `lang` says, since a question's
 * language may be a guess: each one only touches its own script.
 */
export function normalizeText(text: string): string {
  return foldChinese(foldArabic(foldLatin(foldSaraAm(text.normalize('NFKC').toLowerCase()))));
}

/**
 * The words of the texts segmented last: matching one message segments its text five times or
 * so (clauses, small talk, the language's vocabulary, lexical features, full-text tokens).
 */
const recentWords = new RecentValues<readonly string[]>(256);
/** Longer texts (answers, at publish) are segmented each time: keying them costs a copy each. */
const RECENT_WORDS_MAX_LENGTH = 300;

/** Word-like segments of a text, normalised. Shared with later calls: never modify it. */
export function words(text: string, lang = 'und'): readonly string[] {
  const segment = () => {
    const out: string[] = [];
    for (const seg of segmenter(lang).segment(normalizeText(text))) {
      if (seg.isWordLike) out.push(seg.segment);
    }
    return out;
  };
  return text.length <= RECENT_WORDS_MAX_LENGTH ? recentWords.get(`${lang}\u0000${text}`, segment) : segment();
}

/**
 * The words of a text as words() gives them, in runs: words with nothing between them (no space,
 * no punctuation) share a run. In Chinese and Thai a run is a stretch of text the segmenter cut
 * into words by its own dictionary.
 */
export function wordRuns(text: string, lang = 'und'): string[][] {
  const runs: string[][] = [];
  let end = -1;
  for (const seg of segmenter(lang).segment(normalizeText(text))) {
    if (!seg.isWordLike) continue;
    if (seg.index === end) runs[runs.length - 1]!.push(seg.segment);
    else runs.push([seg.segment]);
    end = seg.index + seg.segment.length;
  }
  return runs;
}

/** Each word as typed (lower case) beside its normalised form: "Hasło" → { typed: "hasło", word: "haslo" }. */
export function typedWords(text: string, lang = 'und'): Array<{ typed: string; word: string }> {
  const out: Array<{ typed: string; word: string }> = [];
  for (const seg of segmenter(lang).segment(text)) if (seg.isWordLike) out.push({ typed: seg.segment.toLowerCase(), word: normalizeText(seg.segment) });
  return out;
}

/**
 * Rewrite a text word by word: `replace` gets each normalised word and may return another.
 * Everything else (spacing, punctuation, untouched words) stays as typed.
 */
export function correctWords(text: string, lang: string, replace: (word: string) => string | undefined): string {
  let out = '';
  let changed = false;
  for (const seg of segmenter(lang).segment(text)) {
    const fixed = seg.isWordLike ? replace(normalizeText(seg.segment)) : undefined;
    if (fixed !== undefined) changed = true;
    out += fixed ?? seg.segment;
  }
  return changed ? out : text;
}

/**
 * Languages whose character n-grams are taken within each word (the word padded with a space
 * each side) instead of across the space-joined text. In Polish and Arabic the n-grams that span
 * two words ("k si", "ie w", "ل ا") mostly spell runs of function words ("jak się", "czy mogę",
 * "هل يمكن"), which the short phrasings of unrelated entries share, while inflection and clitics
 * live inside words. Chosen on the sample knowledge base's dev questions (eval/HISTORY.md,
 * 2026-12-05): Polish and Arabic top-1 rose by 5 questions of 392; within words for every
 * language cost English, Thai and Chinese a question or two, and Thai and Chinese words come from
 * a segmenter whose word boundaries are a guess.
 */
export const WITHIN_WORD_NGRAM_LANGUAGES: ReadonlySet<string> = new Set(['pl', 'ar']);

/** Character n-gram lengths of the lexical features. */
const NGRAM_MIN = 2;
const NGRAM_MAX = 4;

/** Character n-grams (NGRAM_MIN to NGRAM_MAX code points) of each piece, skipping those that are only spaces. */
function charGrams(pieces: string[]): string[] {
  const chars: string[] = [];
  for (const piece of pieces) {
    const codepoints = Array.from(piece);
    for (let n = NGRAM_MIN; n <= NGRAM_MAX; n++) {
      for (let i = 0; i + n <= codepoints.length; i++) {
        const gram = codepoints.slice(i, i + n).join('');
        if (gram.trim()) chars.push(gram);
      }
    }
  }
  return chars;
}

/**
 * Lexical features: words (prefixed "w:"), stemmed where that helps the language (see
 * stemming.ts), and character n-grams (2–4) over the space-joined words as written (prefixed
 * "c:"), which survive inflection (Polish), typos and segmentation differences (Chinese, Thai);
 * within each word for the languages of WITHIN_WORD_NGRAM_LANGUAGES.
 */
export function lexicalFeatures(text: string, lang = 'und'): { words: readonly string[]; chars: string[] } {
  return featuresOfWords(words(text, lang), lang);
}

/** lexicalFeatures of a text already cut into words (see words). */
export function featuresOfWords(ws: readonly string[], lang: string): { words: readonly string[]; chars: string[] } {
  const wordFeatures = stemWords(ws, lang);
  const pieces = WITHIN_WORD_NGRAM_LANGUAGES.has(lang) ? ws.map((w) => ` ${w} `) : [` ${ws.join(' ')} `];
  return { words: wordFeatures, chars: charGrams(pieces) };
}

/**
 * Tokens for the BM25 full-text index: words plus, with `trigrams`, character trigrams of each
 * word (prefixed "~"), so "zwrot" and "zwrócić" still share evidence. Trigrams are for the
 * languages where full-text search is the retriever beside the classifier; elsewhere words
 * suffice, and trigrams multiply the index size (LanceDB 0.31 never finished building a
 * full-text index over 100,000 English phrasings with trigrams: its promise never settled).
 */
export function indexTokens(text: string, lang = 'und', trigrams = true): string {
  return indexTokensOfWords(words(text, lang), trigrams);
}

/** indexTokens of a text already cut into words (see words). */
export function indexTokensOfWords(ws: readonly string[], trigrams = true): string {
  if (!trigrams) return ws.join(' ');
  const grams: string[] = [];
  for (const w of ws) {
    const cps = Array.from(`_${w}_`);
    for (let i = 0; i + 3 <= cps.length; i++) grams.push(`~${cps.slice(i, i + 3).join('')}`);
  }
  return [...ws, ...grams].join(' ');
}
