import type { Dictionary } from './dictionaries.ts';
import { correctWords, featuresOfWords, lexicalFeatures, words } from './segment.ts';
import { wordsWithKnownWords } from './known-word-segments.ts';
import { SpellingIndex } from './spelling.ts';
import { lightForms } from './stemming.ts';

/** A sparse, L2-normalised vector: feature index → weight. */
export type SparseVector = Map<number, number>;

/** A sparse vector packed into typed arrays, indices ascending: compact, and fast to compare. */
export interface PackedSparse {
  idx: Int32Array;
  val: Float32Array;
}

/** Sparse TF-IDF vectors for words and for character n-grams, kept apart. */
export interface LexicalVector {
  words: PackedSparse;
  chars: PackedSparse;
  /**
   * Summed IDF of the text's distinct words (those the knowledge base never uses at the highest
   * IDF): the denominator of `coverage` when this text is the phrasing a question is compared with.
   */
  wordWeight: number;
}

/** Dot product of two sparse vectors (their cosine when both are L2-normalised). */
export function cosineSparse(a: ReadonlyMap<number | string, number>, b: ReadonlyMap<number | string, number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let s = 0;
  for (const [k, v] of small) {
    const w = large.get(k);
    if (w !== undefined) s += v * w;
  }
  return s;
}

/** Dot product of two packed vectors by merging their sorted indices. */
export function dotPacked(a: PackedSparse, b: PackedSparse): number {
  let i = 0;
  let j = 0;
  let s = 0;
  while (i < a.idx.length && j < b.idx.length) {
    const x = a.idx[i]!;
    const y = b.idx[j]!;
    if (x === y) s += a.val[i++]! * b.val[j++]!;
    else if (x < y) i++;
    else j++;
  }
  return s;
}

/**
 * One question compared with many texts: its weights are scattered once into arrays indexed
 * by feature, so each comparison costs one lookup per feature of the text. Scoring thousands
 * of phrasings per question (matching, and the calibration pass at publish time) is where
 * sparse-map lookups used to spend most of the time.
 */
export class LexicalQuery {
  constructor(
    private readonly q: LexicalVector,
    private readonly weight: Float32Array,
    private readonly idfOfQueryWord: Float32Array,
    private readonly onRelease: (q: LexicalQuery) => void,
  ) {}

  /**
   * `similarity(text)` and `coverage(text)` into `out`, in one pass over the text's words:
   * matching compares a question with hundreds of phrasings.
   */
  score(text: LexicalVector, out: { lexical: number; coverage: number }): void {
    const w = this.weight;
    const m = this.idfOfQueryWord;
    let sw = 0;
    let covered = 0;
    const wi = text.words.idx;
    const wv = text.words.val;
    for (let k = 0; k < wi.length; k++) {
      const f = wi[k]!;
      sw += w[f]! * wv[k]!;
      covered += m[f]!;
    }
    let sc = 0;
    const ci = text.chars.idx;
    const cv = text.chars.val;
    for (let k = 0; k < ci.length; k++) sc += w[ci[k]!]! * cv[k]!;
    out.lexical = 0.5 * sw + 0.5 * sc;
    out.coverage = text.wordWeight ? covered / text.wordWeight : 0;
  }

  /** Same value as `LexicalModel.similarity(question, text)`. */
  similarity(text: LexicalVector): number {
    const out = { lexical: 0, coverage: 0 };
    this.score(text, out);
    return out.lexical;
  }

  /** Same value as `LexicalModel.coverage(question, text)`. */
  coverage(text: LexicalVector): number {
    const out = { lexical: 0, coverage: 0 };
    this.score(text, out);
    return out.coverage;
  }

  /** Clear the scattered weights and hand the arrays back for the next question. */
  release(): void {
    for (const part of [this.q.words, this.q.chars]) for (const i of part.idx) this.weight[i] = 0;
    for (const i of this.q.words.idx) this.idfOfQueryWord[i] = 0;
    this.onRelease(this);
  }

  /** @internal the scatter arrays, for reuse. */
  get buffers(): [Float32Array, Float32Array] {
    return [this.weight, this.idfOfQueryWord];
  }
}

/** A LexicalModel's learned data (see LexicalModel.state). */
export interface LexicalState {
  vocab: Map<string, number>;
  idf: number[];
  wordFrequency: Map<string, Map<string, number>>;
  /** Per language, the words only answers use (no phrasing does); absent in states from before it was kept. */
  answerOnlyWords?: Map<string, Set<string>>;
}

/**
 * TF-IDF over the knowledge base's own texts (questions and alternates), with
 * sublinear term frequency. Words catch exact vocabulary; character n-grams catch
 * inflection, typos and segmentation differences. Deterministic: same texts, same model.
 */
export class LexicalModel {
  private vocab = new Map<string, number>();
  private idf: number[] = [];
  /** Scatter arrays of a released query, reused by the next (allocating vocabulary-sized arrays per question costs more than scoring). */
  private spare?: [Float32Array, Float32Array];
  /** Per language, how many texts use each word: typo correction's vocabulary (indexed on first use). */
  private wordFrequency = new Map<string, Map<string, number>>();
  /** Per language, the words only answers use: typo correction may read them as a phrasing's word (see SpellingIndex). */
  private answerOnlyWords = new Map<string, Set<string>>();
  private readonly spelling = new Map<string, SpellingIndex>();

  /** `dictionaries`: per language, what typo correction must leave alone (see dictionaries.ts). */
  constructor(docs: Array<{ text: string; lang: string; answer?: true }>, private readonly options: { dictionaries?: ReadonlyMap<string, Dictionary> } = {}) {
    this.fit(docs);
  }

  /**
   * The model another thread built (its `state()`), without reading the texts again: the same
   * features, weights and typo-correction vocabulary as the model built from them.
   */
  /**
   * The model of a `state()`, which it takes over rather than copies: a state crosses from the
   * training thread as a structured clone, already a copy of its own, and a large knowledge
   * base's vocabulary holds a million n-grams. Nothing changes a model's maps after it is built.
   */
  static fromState(state: LexicalState, options: { dictionaries?: ReadonlyMap<string, Dictionary> } = {}): LexicalModel {
    const model = new LexicalModel([], options);
    model.vocab = state.vocab;
    model.idf = state.idf;
    model.wordFrequency = state.wordFrequency;
    model.answerOnlyWords = state.answerOnlyWords ?? new Map();
    return model;
  }

  /** What fromState needs: plain data (Maps and arrays), which crosses threads by structured clone. */
  state(): LexicalState {
    return { vocab: this.vocab, idf: this.idf, wordFrequency: this.wordFrequency, answerOnlyWords: this.answerOnlyWords };
  }

  private fit(docs: Array<{ text: string; lang: string; answer?: true }>): void {
    const df: number[] = [];
    const inPhrasings = new Map<string, Set<string>>();
    const inAnswers = new Map<string, Set<string>>();
    for (const doc of docs) {
      const f = lexicalFeatures(doc.text, doc.lang);
      for (const key of new Set([...f.words.map((w) => `w:${w}`), ...f.chars.map((c) => `c:${c}`)])) {
        let idx = this.vocab.get(key);
        if (idx === undefined) {
          idx = this.vocab.size;
          this.vocab.set(key, idx);
          df[idx] = 0;
        }
        df[idx]!++;
      }
      const frequency = this.wordFrequency.get(doc.lang) ?? this.wordFrequency.set(doc.lang, new Map()).get(doc.lang)!;
      for (const w of new Set(f.words)) frequency.set(w, (frequency.get(w) ?? 0) + 1);
      const seen = doc.answer ? inAnswers : inPhrasings;
      const words = seen.get(doc.lang) ?? seen.set(doc.lang, new Set()).get(doc.lang)!;
      for (const w of f.words) words.add(w);
    }
    for (const [lang, words] of inAnswers) {
      const phrased = inPhrasings.get(lang);
      this.answerOnlyWords.set(lang, new Set([...words].filter((w) => !phrased?.has(w))));
    }
    const n = docs.length;
    this.idf = df.map((d) => Math.log((n + 1) / (d + 1)) + 1);
  }

  private vector(keys: string[]): PackedSparse {
    const tf = new Map<number, number>();
    for (const key of keys) {
      const idx = this.vocab.get(key);
      if (idx !== undefined) tf.set(idx, (tf.get(idx) ?? 0) + 1);
    }
    const idx = Int32Array.from(tf.keys()).sort();
    const val = new Float32Array(idx.length);
    let norm = 0;
    idx.forEach((i, k) => {
      const w = (1 + Math.log(tf.get(i)!)) * this.idf[i]!;
      val[k] = w;
      norm += w * w;
    });
    norm = Math.sqrt(norm) || 1;
    for (let k = 0; k < val.length; k++) val[k]! /= norm;
    return { idx, val };
  }

  /** The forms a word is known by in `lang`: its dictionary's (Dictionary.forms), else lightForms'. */
  wordForms(word: string, lang: string): readonly string[] {
    const dictionary = this.options.dictionaries?.get(lang);
    return dictionary ? dictionary.forms(word) : lightForms(word, lang);
  }

  /** A question's words as every lexical signal reads them (see vectorize). */
  questionWords(text: string, lang: string): readonly string[] {
    const known = this.wordFrequency.get(lang);
    return known ? wordsWithKnownWords(text, lang, known) : words(text, lang);
  }

  /** Number of distinct features (words and n-grams). */
  get size(): number {
    return this.vocab.size;
  }

  /** Inverse document frequency of a word; words the knowledge base never uses get the highest. */
  wordIdf(word: string): number {
    const idx = this.vocab.get(`w:${word}`);
    return idx === undefined ? this.maxIdf : this.idf[idx]!;
  }

  private get maxIdf(): number {
    return this.idf.length ? Math.log(this.idf.length + 1) + 1 : 1;
  }

  /**
   * Share of a phrasing's word weight (IDF) that the question contains: high when the question
   * says what the phrasing says, however much it adds ("hi, my withdrawal is pending since
   * Monday, please help" against "withdrawal pending"); low when it shares only function words.
   * Measured from the phrasing's side because real questions carry context that the knowledge
   * base's phrasings never hold (greetings, amounts, names, dates): the share of the question's
   * own words fell with every word a customer added, and the calibrator read that as "out of
   * scope". See eval/HISTORY.md, "coverage is measured from the phrasing's side".
   */
  coverage(question: LexicalVector, text: LexicalVector): number {
    if (!text.wordWeight) return 0;
    let i = 0;
    let j = 0;
    let covered = 0;
    const a = question.words.idx;
    const b = text.words.idx;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) {
        covered += this.idf[a[i]!]!;
        i++;
        j++;
      } else if (a[i]! < b[j]!) i++;
      else j++;
    }
    return covered / text.wordWeight;
  }

  /**
   * Vectorise a text; features never seen in the knowledge base are ignored. Chinese stretches the
   * segmenter cut into words the knowledge base never uses are read in its words
   * (questionWords: "开发/票" as "开/发票"); `ws`: the text's questionWords, where the caller has them.
   */
  vectorize(text: string, lang: string, ws: readonly string[] = this.questionWords(text, lang)): LexicalVector {
    const f = featuresOfWords(ws, lang);
    let wordWeight = 0;
    for (const w of new Set(f.words)) wordWeight += this.wordIdf(w);
    return { words: this.vector(f.words.map((w) => `w:${w}`)), chars: this.vector(f.chars.map((c) => `c:${c}`)), wordWeight };
  }

  /**
   * The question with each word that the knowledge base's texts in `lang` never use replaced by
   * one of their words an edit away, or split into two of them (see SpellingIndex: a word the
   * language's dictionary knows is only read as another form of itself or as a compound); the
   * text itself when nothing changes, or when the knowledge base has no text in `lang`.
   */
  correct(text: string, lang: string): string {
    const frequency = this.wordFrequency.get(lang);
    if (!frequency) return text;
    const index = this.spelling.get(lang) ?? this.spelling.set(lang, new SpellingIndex(frequency, this.options.dictionaries?.get(lang), this.answerOnlyWords.get(lang))).get(lang)!;
    return correctWords(text, lang, (w) => index.correct(w));
  }

  /** Prepare `question` for comparison with many texts; call `release()` when done. */
  query(question: LexicalVector): LexicalQuery {
    const [weight, marks] = this.spare ?? [new Float32Array(this.vocab.size), new Float32Array(this.vocab.size)];
    this.spare = undefined;
    for (const part of [question.words, question.chars]) part.idx.forEach((i, k) => { weight[i] = part.val[k]!; });
    for (const i of question.words.idx) marks[i] = this.idf[i]!;
    return new LexicalQuery(question, weight, marks, (q) => { this.spare = q.buffers; });
  }

  /** Similarity in [0, 1]: the mean of the word and character-n-gram cosines. */
  static similarity(a: LexicalVector, b: LexicalVector): number {
    return 0.5 * dotPacked(a.words, b.words) + 0.5 * dotPacked(a.chars, b.chars);
  }
}
