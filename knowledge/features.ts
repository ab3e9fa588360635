import type { FeatureVector } from './classifier.ts';
import type { LexicalVector } from './lexical-model.ts';

const HALF = Math.SQRT1_2;

/**
 * Classifier input: the word and character-n-gram TF-IDF vectors (disjoint indices, each
 * scaled by 1/√2 so together they have unit norm) and, where the embedder covers the
 * language, the unit-norm sentence embedding.
 */
export function toFeatures(lex: LexicalVector, dense?: ArrayLike<number>): FeatureVector {
  const n = lex.words.idx.length + lex.chars.idx.length;
  const indices = new Int32Array(n);
  const values = new Float32Array(n);
  let i = 0;
  for (const part of [lex.words, lex.chars]) {
    for (let k = 0; k < part.idx.length; k++) {
      indices[i] = part.idx[k]!;
      values[i++] = part.val[k]! * HALF;
    }
  }
  return { indices, values, dense: dense && (dense instanceof Float32Array ? dense : Float32Array.from(dense)) };
}
