// @nlpjs/lang-en-min ships no types; knowledge/dictionaries.ts uses only its English stemmer.
declare module '@nlpjs/lang-en-min' {
  export class StemmerEn {
    stemWord(word: string): string;
  }
}
