/** One language's wording of an FAQ entry. */
export interface EntryVariant {
  lang: string;
  question: string;
  alternates: string[];
  /** Markdown. */
  answer: string;
}

/** An FAQ entry: one topic, worded in one or more languages. */
export interface FaqEntry {
  id: string;
  category?: string;
  tags: string[];
  /** Ids of follow-up entries worth suggesting after this one. */
  related: string[];
  status: 'draft' | 'published';
  /**
   * `conversation` for small talk and conversation control (greeting, thanks, "are you a bot"…):
   * matched like any entry, but answered with starter topics, never counted as a failed attempt
   * or as an answer from the FAQ, and not offered as a suggestion. `synonyms` for the words that
   * mean the same in this shop (see synonyms.ts): each alternate phrasing is one group, read by
   * the matcher, never answered, listed or trained on. Absent means an FAQ entry.
   */
  kind?: EntryKind;
  variants: EntryVariant[];
}

/** What an entry is for: an FAQ answer (the default), a conversation entry (small talk), or synonyms. */
export type EntryKind = 'faq' | 'conversation' | 'synonyms';

/** Every kind an entry may declare, as files and the API spell them. */
export const ENTRY_KINDS: readonly EntryKind[] = ['faq', 'conversation', 'synonyms'];

/** Whether an entry is a conversation entry (small talk), not an FAQ answer. */
export const isConversationEntry = (entry: Pick<FaqEntry, 'kind'> | undefined): boolean => entry?.kind === 'conversation';

/** Whether an entry holds synonym groups: read by the matcher, never answered, listed or trained on. */
export const isSynonymsEntry = (entry: Pick<FaqEntry, 'kind'> | undefined): boolean => entry?.kind === 'synonyms';

/** Whether an entry is an FAQ answer: neither small talk nor synonyms. */
export const isFaqEntry = (entry: Pick<FaqEntry, 'kind'> | undefined): boolean => entry !== undefined && (entry.kind === undefined || entry.kind === 'faq');

/** Raised for a malformed knowledge file or an impossible knowledge operation. */
export class KnowledgeError extends Error {
  override name = 'KnowledgeError';
  constructor(
    message: string,
    /** File (or other source) at fault, when known. */
    readonly source?: string,
    /** 1-based line, when known. */
    readonly line?: number,
    options?: { cause?: unknown },
  ) {
    super(source ? `${source}${line ? `:${line}` : ''}: ${message}` : message, options);
  }
}

/** How strongly each signal supports an entry for one question. */
export interface MatchSignals {
  /** Best cosine similarity between the question and the entry's texts (0 when the embedder does not cover the language). */
  dense: number;
  /** Best lexical similarity (TF-IDF cosine over segmented words and character n-grams). */
  lexical: number;
  /** Best BM25 score from the full-text index (unnormalised; 0 when not retrieved by it). */
  bm25: number;
  /** Share of a text's IDF-weighted words that the question contains, for the entry's best-covered text. */
  coverage: number;
  /** Probability the trained classifier gives the entry (0 when not computed). */
  classifier?: number;
  /**
   * At most 0: how much closer the question is (dense cosine) to the nearest generic off-topic
   * question (greetings, thanks, small talk: knowledge/outliers/) than to the entry's nearest
   * phrasing; 0 when the phrasing is as close, or without an embedder or outliers for the language.
   */
  chatter?: number;
}

/** One ranked candidate for a question. */
export interface MatchCandidate {
  entryId: string;
  lang: string;
  /** The entry's question in the matched language, used as a suggestion title. */
  title: string;
  /** The text of the entry that matched best. */
  matchedText: string;
  /** Classifier probability (the ranking score) before calibration. */
  score: number;
  /** Calibrated probability that this entry answers the question. */
  confidence: number;
  signals: MatchSignals;
}

export interface MatchResult {
  /** Language the entries were searched in (after fallback). */
  lang: string;
  candidates: MatchCandidate[];
  /** The answer and clarify thresholds for that language (see KnowledgeBase.thresholds); absent when none were chosen. */
  thresholds?: { answer: number; clarify: number; source: string };
  /** The question as the FAQ matcher read it, when the editors' synonyms or typo correction changed it ("สินค้าเสียหาย" for "สินค้าชำรุด"). */
  readAs?: string;
}
