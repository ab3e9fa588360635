/**
 * The knowledge base's own words, per language, as evidence of which language a customer writes
 * in. A character trigram model of each published language's text (questions, phrasings,
 * answers), normalised the way every lexical signal is (accents, Arabic forms and Traditional
 * Chinese folded), gives the likelihood of a message under each language. It knows the words
 * this shop's customers use ("pieniedzy" is Polish because the Polish entries say "pieniędzy"),
 * where a general-purpose detector, trained on well-formed text, reads short unaccented Polish
 * as English or Turkish.
 */
import { renderPlainText } from './render.ts';
import { words } from './segment.ts';
import { isSynonymsEntry, type FaqEntry } from './types.ts';

/**
 * Characters of text read per language: enough for a trigram model to know a language's words
 * (the sample knowledge base has 20,000-40,000 a language), while a knowledge base of 100,000
 * phrasings is not read in full at every publish (reading, segmentation included, took about
 * 10 µs a character on a busy 2-core machine).
 */
const MAX_CHARS_PER_LANG = 100_000;

/** Start/end-of-word padding: word boundaries are where languages differ most. */
const PAD = ' ';

/**
 * Interpolated character trigram model with Witten-Bell smoothing: the weight given to the
 * lower order at a context is the share of distinct characters seen after it, so there is no
 * smoothing constant to choose. Unseen characters back off to a uniform share of the alphabet.
 */
class CharTrigramModel {
  private readonly counts = new Map<string, number>();
  /** Distinct characters seen after each context (the Witten-Bell "types"). */
  private readonly followers = new Map<string, Set<string>>();

  constructor(private readonly alphabet: number) {}

  add(sequence: string[]): void {
    for (let i = 0; i < sequence.length; i++) {
      const c = sequence[i]!;
      this.bump('', c);
      if (i >= 1) this.bump(sequence[i - 1]!, c);
      if (i >= 2) this.bump(sequence[i - 2]! + sequence[i - 1]!, c);
    }
  }

  private bump(context: string, c: string): void {
    this.counts.set(`${context}\u0000${c}`, (this.counts.get(`${context}\u0000${c}`) ?? 0) + 1);
    this.counts.set(`${context}\u0000`, (this.counts.get(`${context}\u0000`) ?? 0) + 1);
    let f = this.followers.get(context);
    if (!f) this.followers.set(context, (f = new Set()));
    f.add(c);
  }

  /** P(c | context) with Witten-Bell interpolation down to the uniform distribution. */
  private prob(context: string, c: string): number {
    const lower = context.length === 0 ? 1 / this.alphabet : this.prob(context.slice(1), c);
    const seen = this.counts.get(`${context}\u0000`) ?? 0;
    if (seen === 0) return lower;
    const types = this.followers.get(context)!.size;
    return ((this.counts.get(`${context}\u0000${c}`) ?? 0) + types * lower) / (seen + types);
  }

  /** Natural-log likelihood of a padded character sequence. */
  logLikelihood(sequence: string[]): number {
    let ll = 0;
    for (let i = 0; i < sequence.length; i++) {
      const context = (i >= 2 ? sequence[i - 2]! : '') + (i >= 1 ? sequence[i - 1]! : '');
      ll += Math.log(this.prob(context, sequence[i]!));
    }
    return ll;
  }

}

/** A text as the models read it: normalised words, each padded, as code points. */
function characters(text: string, lang = 'und'): string[] {
  const out: string[] = [];
  for (const w of words(text, lang)) out.push(PAD, ...Array.from(w));
  if (out.length) out.push(PAD);
  return out;
}

/**
 * The published knowledge base's text per language, built when a version goes live. The
 * language detector asks it how likely a message is in each of the knowledge base's languages.
 *
 * @example
 * const vocabulary = new KnowledgeVocabulary([{ lang: 'pl', text: 'Kiedy dostanę zwrot pieniędzy?' }, …], 'en');
 * vocabulary.logLikelihoods('kiedy dostane zwrot pieniedzy').byLang; // Polish far likelier than English
 */
export class KnowledgeVocabulary {
  private readonly models = new Map<string, CharTrigramModel>();
  /** The fallback language, a possible answer even when the knowledge base has no text in it. */
  readonly defaultLang: string;
  private readonly alphabet: number;

  constructor(texts: Iterable<{ lang: string; text: string }>, defaultLang: string) {
    this.defaultLang = defaultLang;
    const byLang = new Map<string, string[][]>();
    const alphabet = new Set<string>();
    const read = new Map<string, number>();
    for (const t of texts) {
      const seq = characters(t.text, t.lang);
      if (!seq.length) continue;
      if (!byLang.has(t.lang)) byLang.set(t.lang, []);
      if ((read.get(t.lang) ?? 0) >= MAX_CHARS_PER_LANG) continue;
      read.set(t.lang, (read.get(t.lang) ?? 0) + seq.length);
      byLang.get(t.lang)!.push(seq);
      for (const c of seq) alphabet.add(c);
    }
    // One more than the characters seen anywhere: the share left for a character never seen.
    this.alphabet = alphabet.size + 1;
    for (const [lang, seqs] of byLang) {
      const model = new CharTrigramModel(this.alphabet);
      for (const s of seqs) model.add(s);
      this.models.set(lang, model);
    }
  }

  /** The published entries' questions, phrasings and answers (as plain text), per language. */
  static fromEntries(entries: readonly FaqEntry[], defaultLang: string): KnowledgeVocabulary {
    const texts: Array<{ lang: string; text: string }> = [];
    for (const e of entries) {
      // Synonym groups are comma lists of words, not the sentences the character models learn from:
      // with the sample's, "ok" alone read as Polish (first messages right 99.4 → 99.2%).
      if (e.status !== 'published' || isSynonymsEntry(e)) continue;
      for (const v of e.variants) {
        for (const text of [v.question, ...v.alternates, renderPlainText(v.answer)]) texts.push({ lang: v.lang, text });
      }
    }
    return new KnowledgeVocabulary(texts, defaultLang);
  }

  /** Languages the knowledge base has text in, plus the default language. */
  get languages(): string[] {
    return [...new Set([...this.models.keys(), this.defaultLang])].sort();
  }

  /** Whether the knowledge base has text in `lang`. */
  has(lang: string): boolean {
    return this.models.has(lang);
  }

  /**
   * Log-likelihood of `text` under each of `languages` (natural log), with the number of
   * characters read. A language without text (the default, when the knowledge base has none in
   * it) gets that of a uniform choice among the characters seen (`randomLetters`): it wins only
   * on the detector's own evidence.
   */
  logLikelihoods(text: string, languages = this.languages): { chars: number; byLang: Map<string, number>; randomLetters: number } {
    const seq = characters(text);
    const byLang = new Map<string, number>();
    const randomLetters = seq.length * Math.log(1 / this.alphabet);
    for (const lang of languages) {
      const model = this.models.get(lang);
      byLang.set(lang, model ? model.logLikelihood(seq) : randomLetters);
    }
    return { chars: seq.length, byLang, randomLetters };
  }
}
