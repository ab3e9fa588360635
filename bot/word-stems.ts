import { words } from '../knowledge/index.ts';

/** Letters two Latin-script words must share from their start to count as forms of one word. */
export const STEM_LETTERS = 4;
const LATIN_WORD = new RegExp(`^\\p{Script=Latin}{${STEM_LETTERS},}$`, 'u');

/**
 * Whether a message has a word of the Latin script that begins as one of `texts` does, its first
 * STEM_LETTERS letters (folded as every lexical signal is): "hasło" and "hasła", "zwrotu" and
 * "zwrot". For telling which entries a message not understood is about; Arabic words are left
 * out (their prefixes are articles and verb forms: "استرجاع" and "استرداد" share four letters).
 */
export function sharesLatinStem(message: string, texts: readonly string[], lang: string): boolean {
  const stems = (text: string) => words(text, lang).filter((w) => LATIN_WORD.test(w)).map((w) => [...w].slice(0, STEM_LETTERS).join(''));
  const mine = new Set(stems(message));
  if (!mine.size) return false;
  return texts.some((t) => stems(t).some((s) => mine.has(s)));
}
