import { lexicalFeatures } from './segment.ts';

/** A sparse, L2-normalised vector: feature index → weight. */
export type SparseVector = Map<number, number>;

/** Sparse TF-IDF vectors for words and for character n-grams, kept apart. */
export interface LexicalVector {
  words: SparseVector;
  chars: SparseVector;
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

/**
 * TF-IDF over the knowledge base's own texts (questions and alternates), with
 * sublinear term frequency. Words catch exact vocabulary; character n-grams catch
 * inflection, typos and segmentation differences. Deterministic: same texts, same model.
 */
export class LexicalModel {
  private readonly vocab = new Map<string, number>();
  private idf: number[] = [];

  constructor(docs: Array<{ text: string; lang: string }>) {
    const df: number[] = [];
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
    }
    const n = docs.length;
    this.idf = df.map((d) => Math.log((n + 1) / (d + 1)) + 1);
  }

  private vector(keys: string[]): SparseVector {
    const tf = new Map<number, number>();
    for (const key of keys) {
      const idx = this.vocab.get(key);
      if (idx !== undefined) tf.set(idx, (tf.get(idx) ?? 0) + 1);
    }
    let norm = 0;
    for (const [idx, count] of tf) {
      const w = (1 + Math.log(count)) * this.idf[idx]!;
      tf.set(idx, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [idx, w] of tf) tf.set(idx, w / norm);
    return tf;
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
   * Share of the query's word weight (IDF) that a text contains. Low when the question is
   * about something the knowledge base never mentions ("airspeed of a swallow"), however
   * many function words it shares with an entry.
   */
  coverage(queryWords: string[], textWords: Set<string>): number {
    let total = 0;
    let covered = 0;
    for (const w of new Set(queryWords)) {
      const idf = this.wordIdf(w);
      total += idf;
      if (textWords.has(w)) covered += idf;
    }
    return total ? covered / total : 0;
  }

  /** Vectorise a text; features never seen in the knowledge base are ignored. */
  vectorize(text: string, lang: string): LexicalVector {
    const f = lexicalFeatures(text, lang);
    return { words: this.vector(f.words.map((w) => `w:${w}`)), chars: this.vector(f.chars.map((c) => `c:${c}`)) };
  }

  /** Similarity in [0, 1]: the mean of the word and character-n-gram cosines. */
  static similarity(a: LexicalVector, b: LexicalVector): number {
    return 0.5 * cosineSparse(a.words, b.words) + 0.5 * cosineSparse(a.chars, b.chars);
  }
}
