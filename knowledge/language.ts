import { getLIDModel } from 'fasttext.wasm.js';

/** What the detector decided and how sure it is. */
export interface LanguageGuess {
  lang: string;
  /** 0..1; script-based guesses report 0.99. */
  probability: number;
  method: 'script' | 'fasttext' | 'none';
}

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

/** Whether `lang` can be the language of `text` as far as its script goes. */
export function scriptAllows(lang: string, text: string): boolean {
  return LANG_SCRIPTS[lang]?.test(text) ?? true;
}

/** Letters of a script that uniquely identify the language (beyond the shared Latin alphabet). */
const LETTER_LANGS: Array<[RegExp, string]> = [[/[ąćęłńśźż]/iu, 'pl']];

/**
 * The language a text's script implies, when the script is used by essentially one
 * of the languages we serve. Counts letters so one borrowed symbol does not decide.
 */
export function scriptLanguage(text: string): string | undefined {
  const letters = Array.from(text).filter((c) => /\p{L}/u.test(c));
  if (letters.length === 0) return undefined;
  for (const [re, lang] of SCRIPT_LANGS) {
    const count = letters.filter((c) => re.test(c)).length;
    if (count / letters.length >= 0.3) return lang;
  }
  for (const [re, lang] of LETTER_LANGS) if (re.test(text)) return lang;
  return undefined;
}

/** Detects the language of customer text. */
export interface LanguageDetector {
  detect(text: string): Promise<LanguageGuess>;
}

/**
 * fastText lid.176 (shipped in the npm package, no download) with a Unicode-script
 * rule first: on short text fastText's top probability falls to ~0.125, its "don't know",
 * while a Thai or Han character is unambiguous.
 */
export async function createLanguageDetector(): Promise<LanguageDetector> {
  const model = await getLIDModel();
  await model.load();
  return {
    async detect(text: string): Promise<LanguageGuess> {
      const byScript = scriptLanguage(text);
      if (byScript && byScript !== 'pl') return { lang: byScript, probability: 0.99, method: 'script' };
      const clean = text.replace(/\s+/g, ' ').trim();
      if (!clean) return { lang: 'und', probability: 0, method: 'none' };
      const candidates = await model.identify(clean, 5);
      const result = candidates.find((c: { alpha2?: string | null; alpha3: string }) => scriptAllows(c.alpha2 ?? c.alpha3, clean));
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
