import { questionChunks } from './question-chunks.ts';

/**
 * Two clauses as one message, in the first one's script: a comma and a space, a full-width comma
 * in Chinese or Japanese, an Arabic comma in Arabic script, a space in Thai (which marks clauses
 * with one). The first clause loses its final punctuation.
 * @example joinClauses('My order is late.', 'Where is my parcel?') // 'My order is late, Where is my parcel?'
 */
export function joinClauses(context: string, ask: string): string {
  const c = context.trim().replace(/[.!?。！？؟]+$/u, '');
  const q = ask.trim();
  if (/[\u3040-\u30ff\u3400-\u9fff]/u.test(c)) return `${c}，${q}`;
  if (/[\u0e00-\u0e7f]/u.test(c)) return `${c} ${q}`;
  if (/[\u0600-\u06ff]/u.test(c)) return `${c}، ${q}`;
  return `${c}, ${q}`;
}

/** A text to pair, with its embedding where the language has one (empty otherwise). */
export interface ClauseText {
  entryId: string;
  text: string;
  vector: Float32Array;
}

/**
 * Calibration questions in several clauses: each text after another text of the same entry as
 * its context, the way customers put a question after their situation ("I ordered a lamp but
 * changed my mind, can I stop it?"). One pair per text that has a partner, chosen by `random`;
 * with `anyPartner` (generic outliers), any other text is the partner. Only pairs that
 * questionChunks splits in two are kept, so they are asked as matching sees a long question.
 * A pair's vector is the normalised mean of its parts' (see meanVector), not an embedding of
 * its text: pairs change with every publish's folds, and embedding them would make every
 * publish embed a few hundred new texts per language.
 */
export function clausePairs<T extends ClauseText>(texts: readonly T[], lang: string, random: () => number, anyPartner = false): Array<ClauseText & { parts: [T, T] }> {
  const byEntry = new Map<string, T[]>();
  for (const t of texts) (byEntry.get(t.entryId) ?? byEntry.set(t.entryId, []).get(t.entryId)!).push(t);
  const pairs: Array<ClauseText & { parts: [T, T] }> = [];
  for (const t of texts) {
    const mates = (anyPartner ? texts : byEntry.get(t.entryId)!).filter((x) => x.text !== t.text);
    if (!mates.length) continue;
    const mate = mates[Math.floor(random() * mates.length)]!;
    const text = joinClauses(mate.text, t.text);
    if (questionChunks(text, lang).length >= 2) pairs.push({ entryId: t.entryId, text, vector: meanVector(mate.vector, t.vector), parts: [mate, t] });
  }
  return pairs;
}

/** The normalised mean of two vectors of one size; empty when either is missing. */
export function meanVector(a: Float32Array, b: Float32Array): Float32Array {
  if (!a.length || a.length !== b.length) return new Float32Array(0);
  const v = new Float32Array(a.length);
  let norm = 0;
  for (let i = 0; i < v.length; i++) {
    v[i] = a[i]! + b[i]!;
    norm += v[i]! * v[i]!;
  }
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < v.length; i++) v[i]! /= norm;
  return v;
}
