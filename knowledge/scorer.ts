import { dotF32 } from './embeddings.ts';
import { LexicalModel, type LexicalQuery, type LexicalVector } from './lexical-model.ts';
import type { MatchSignals } from './types.ts';

/** One indexed text (an entry's question or an alternate) as the scorer sees it. */
export interface ScoredRow {
  rowId: string;
  entryId: string;
  text: string;
  dense: number;
  lexical: number;
  bm25: number;
  coverage: number;
}

/**
 * A phrasing scored against a question: lexical signals from `lq`, and the dense cosine (floored
 * at 0) where both have a vector of the same size. Matching and the calibration pass score alike.
 */
export function scoreRow(lq: LexicalQuery, row: { rowId: string; entryId: string; text: string; lex: LexicalVector }, rowVector: Float32Array | undefined, queryVector: Float32Array | undefined): ScoredRow {
  const dense = rowVector && queryVector && rowVector.length && rowVector.length === queryVector.length ? Math.max(0, dotF32(queryVector, rowVector)) : 0;
  const scored: ScoredRow = { rowId: row.rowId, entryId: row.entryId, text: row.text, dense, bm25: 0, lexical: 0, coverage: 0 };
  lq.score(row.lex, scored);
  return scored;
}

/** Per-entry aggregate: the best of each signal over the entry's texts, and the fused score. */
export interface EntryScore {
  entryId: string;
  matchedText: string;
  /** Fused score of the entry's best signals (each the best over its texts). */
  score: number;
  /** Fused score of its single best text: how close the question is to one real phrasing. */
  best: number;
  signals: MatchSignals;
}

/** Weight of the dense signal when the embedder covers the language; lexical gets the rest. */
export const DENSE_WEIGHT = 0.5;

/** Combine signals into one score in [0, 1]. Without a trustworthy embedding, lexical alone decides. */
export function fuse(signals: MatchSignals, denseCovered: boolean): number {
  if (!denseCovered) return signals.lexical;
  return DENSE_WEIGHT * Math.max(0, signals.dense) + (1 - DENSE_WEIGHT) * signals.lexical;
}

/** Group row scores by entry (max per signal) and rank entries by fused score. */
export function rankEntries(rows: Iterable<ScoredRow>, denseCovered: boolean): EntryScore[] {
  const byEntry = new Map<string, EntryScore>();
  for (const row of rows) {
    let e = byEntry.get(row.entryId);
    if (!e) {
      e = { entryId: row.entryId, matchedText: row.text, score: -1, best: -1, signals: { dense: 0, lexical: 0, bm25: 0, coverage: 0 } };
      byEntry.set(row.entryId, e);
    }
    e.signals.dense = Math.max(e.signals.dense, row.dense);
    e.signals.lexical = Math.max(e.signals.lexical, row.lexical);
    e.signals.bm25 = Math.max(e.signals.bm25, row.bm25);
    e.signals.coverage = Math.max(e.signals.coverage, row.coverage);
    const rowScore = fuse(row, denseCovered);
    if (rowScore > e.best) {
      e.best = rowScore;
      e.matchedText = row.text;
    }
  }
  const ranked = [...byEntry.values()];
  for (const e of ranked) e.score = fuse(e.signals, denseCovered);
  return ranked.sort((a, b) => b.score - a.score || a.entryId.localeCompare(b.entryId));
}

/** Lexical similarity of a query to a row; re-exported so callers need one import. */
export const lexicalSimilarity = (a: LexicalVector, b: LexicalVector): number => LexicalModel.similarity(a, b);
