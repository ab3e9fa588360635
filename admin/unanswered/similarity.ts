import { cosineSparse as cosine, lexicalFeatures, normalizeText } from '../../knowledge/index.ts';

type Weights = Map<string, number>;

/** A question as the grouping compares it: IDF-weighted words and character n-grams, L2-normalised. */
export interface QuestionVector {
  words: Weights;
  chars: Weights;
}

/** Collapse case, accents, punctuation and spacing: "Do you ship to NORWAY??" and "do you ship to norway" are one text. */
export function normalizedQuestion(text: string): string {
  return normalizeText(text).replace(/[^\p{L}\p{N}\p{M}]+/gu, ' ').trim();
}

/**
 * Deterministic similarity of customer questions, for grouping the unanswered inbox: the mean of
 * the word and character-n-gram cosines (knowledge's `lexicalFeatures`, so Chinese and Thai
 * segment too), weighted by IDF over the knowledge base's own questions. Words every entry uses
 * ("how", "my", "order") count little, and the words the knowledge base has never seen, which
 * are what an unanswered question is about, count most: "ship to Norway" and "ship to Canada"
 * stay apart while "ship to Norway?" and "do you ship to norway" group.
 *
 * @example
 * const sim = new QuestionSimilarity(kb.entries().flatMap((e) => e.variants.map((v) => ({ text: v.question, lang: v.lang }))));
 * sim.similarity(sim.vector('Do you ship to Norway?', 'en'), sim.vector('do you deliver to norway', 'en'));
 */
export class QuestionSimilarity {
  private readonly df = new Map<string, number>();
  private readonly docs: number;
  // Every record compares against the open groups' questions: keep their vectors (bounded).
  private readonly memo = new Map<string, QuestionVector>();

  constructor(corpus: Array<{ text: string; lang: string }> = []) {
    this.docs = corpus.length;
    for (const d of corpus) {
      const f = lexicalFeatures(d.text, d.lang);
      for (const key of new Set([...f.words.map((w) => `w:${w}`), ...f.chars.map((c) => `c:${c}`)])) this.df.set(key, (this.df.get(key) ?? 0) + 1);
    }
  }

  private idf(key: string): number {
    return Math.log((this.docs + 1) / ((this.df.get(key) ?? 0) + 1)) + 1;
  }

  private weights(keys: string[]): Weights {
    const tf = new Map<string, number>();
    for (const k of keys) tf.set(k, (tf.get(k) ?? 0) + 1);
    let norm = 0;
    for (const [k, n] of tf) {
      const w = (1 + Math.log(n)) * this.idf(k);
      tf.set(k, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [k, w] of tf) tf.set(k, w / norm);
    return tf;
  }

  /** The question's vector in its language. */
  vector(text: string, lang: string): QuestionVector {
    const key = `${lang}\0${text}`;
    const known = this.memo.get(key);
    if (known) return known;
    const f = lexicalFeatures(normalizedQuestion(text), lang);
    const v = { words: this.weights(f.words.map((w) => `w:${w}`)), chars: this.weights(f.chars.map((c) => `c:${c}`)) };
    if (this.memo.size >= 20_000) this.memo.clear();
    this.memo.set(key, v);
    return v;
  }

  /** Similarity in [0, 1]. */
  similarity(a: QuestionVector, b: QuestionVector): number {
    return 0.5 * cosine(a.words, b.words) + 0.5 * cosine(a.chars, b.chars);
  }
}
