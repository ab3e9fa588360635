/**
 * Spelling dictionaries of whole languages, so that typo correction leaves real words alone.
 * The knowledge base's own vocabulary is small: "sell", "paid" or "west" may appear in none of
 * its texts while "tell", "said" and "best" do, and a correction toward the knowledge base
 * would then turn a correct question into a different one. A word the language's dictionary
 * knows is not a typo, whatever the knowledge base says; it may still be read as another form
 * of itself that the knowledge base uses ("orders" as "order").
 */

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { AffixDictionary } from './affix-dictionary.ts';
import { PackedSpeller, type NspellInternals } from './packed-speller.ts';

/** What typo correction needs to know of a language, for lower-cased words. */
export interface Dictionary {
  /** Whether the word is correctly spelt. */
  knows(word: string): boolean;
  /**
   * Whether two words are forms of one word ("orders", "order"; "kwoty", "kwota"): reading one
   * as the other loses nothing.
   */
  sameWord(a: string, b: string): boolean;
  /** The forms the word is known by ("orders": "order"; "kontem": "konto"), empty when it knows none. */
  forms(word: string): readonly string[];
}

/**
 * Polish's Hunspell dictionary (OpenOffice's Polish dictionary pack, through `dictionary-pl`),
 * read backwards by AffixDictionary: the stems a word comes from tell both whether it is real and
 * whether two words are forms of one. Customers' Polish reaches it folded ("dosc"), as every lexical signal reads it.
 * Read and parsed on the first word asked about (about a second, 11 MB kept), not when loaded:
 * training threads build lexical models too but never correct a question. The files are read from
 * the package's folder rather than imported, so that their 5 MB are not kept beside the parsed form.
 */
function lazyAffixDictionary(folder: string): Dictionary {
  let parsed: AffixDictionary | undefined;
  const read = (file: string) => readFileSync(path.join(folder, file), 'utf8');
  const dictionary = () => (parsed ??= new AffixDictionary(read('index.aff'), read('index.dic')));
  return {
    knows: (word) => dictionary().knows(word),
    sameWord: (a, b) => {
      const stems = dictionary().stemsOf(b);
      for (const stem of dictionary().stemsOf(a)) if (stems.has(stem)) return true;
      return false;
    },
    forms: (word) => [...dictionary().stemsOf(word)],
  };
}

/**
 * Dictionaries shipped with the product, by language: for English, SCOWL's en_US Hunspell
 * dictionary (size 60) expanded by nspell and kept packed (PackedSpeller: nspell itself held
 * 15 MB of heap), and NLP.js's Snowball English (Porter2) stemmer, loaded on first use (under a
 * second); for Polish, see lazyAffixDictionary.
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
    return { knows: (word) => speller.correct(word) || withApostrophe(word), sameWord: (a, b) => stemmer.stemWord(a) === stemmer.stemWord(b), forms: (word) => [stemmer.stemWord(word)] };
  },
  pl: async () => lazyAffixDictionary(path.dirname(createRequire(import.meta.url).resolve('dictionary-pl'))),
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
