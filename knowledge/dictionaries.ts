/**
 * Spelling dictionaries of whole languages, so that typo correction leaves real words alone.
 * The knowledge base's own vocabulary is small: "sell", "paid" or "west" may appear in none of
 * its texts while "tell", "said" and "best" do, and a correction toward the knowledge base
 * would then turn a correct question into a different one. A word the language's dictionary
 * knows is not a typo, whatever the knowledge base says; it may still be read as another form
 * of itself that the knowledge base uses ("orders" as "order").
 */

import { PackedSpeller, type NspellInternals } from './packed-speller.ts';

/** What typo correction needs to know of a language, for lower-cased words. */
export interface Dictionary {
  /** Whether the word is correctly spelt. */
  knows(word: string): boolean;
  /**
   * The word's stem: two words with the same stem are forms of one word ("orders", "order"),
   * and reading one as the other loses nothing.
   */
  stem(word: string): string;
}

/**
 * Dictionaries shipped with the product, by language: for English, SCOWL's en_US Hunspell
 * dictionary (size 60) expanded by nspell and kept packed (PackedSpeller: nspell itself held
 * 15 MB of heap), and NLP.js's Snowball English (Porter2) stemmer. Loaded on first use (under a second).
 */
const LOADERS: Record<string, () => Promise<Dictionary>> = {
  en: async () => {
    const [{ default: nspell }, { default: hunspell }, { StemmerEn }] = await Promise.all([import('nspell'), import('dictionary-en'), import('@nlpjs/lang-en-min')]);
    // nspell expands the affixes; only its word forms and a few flags are kept, packed.
    const speller = new PackedSpeller(nspell({ aff: Buffer.from(hunspell.aff), dic: Buffer.from(hunspell.dic) }) as unknown as NspellInternals);
    const stemmer = new StemmerEn();
    // Customers drop apostrophes ("dont", "didnt"): such a word is as known as its spelling with one.
    const withApostrophe = (word: string) => {
      for (let i = 1; i < word.length; i++) if (speller.correct(`${word.slice(0, i)}'${word.slice(i)}`)) return true;
      return false;
    };
    return { knows: (word) => speller.correct(word) || withApostrophe(word), stem: (word) => stemmer.stemWord(word) };
  },
};

const loaded = new Map<string, Promise<Dictionary>>();

/** Languages with a shipped dictionary. */
export const DICTIONARY_LANGUAGES: readonly string[] = Object.keys(LOADERS);

/** The dictionaries of those of `langs` that have one (each loaded once per process). */
export async function loadDictionaries(langs: Iterable<string>): Promise<Map<string, Dictionary>> {
  const out = new Map<string, Dictionary>();
  for (const lang of new Set(langs)) {
    const load = LOADERS[lang];
    if (!load) continue;
    const pending = loaded.get(lang) ?? loaded.set(lang, load()).get(lang)!;
    // A failed load is retried on the next call rather than cached.
    out.set(lang, await pending.catch((error: unknown) => {
      loaded.delete(lang);
      throw error;
    }));
  }
  return out;
}
