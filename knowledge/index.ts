/** knowledge/: FAQ entries, their formats, embeddings, the hybrid index and the matcher. */
export type { EntryKind, EntryVariant, FaqEntry, MatchCandidate, MatchResult, MatchSignals } from './types.ts';
export { KnowledgeError, isConversationEntry } from './types.ts';
export { parseEntryMarkdown, serializeEntryMarkdown } from './markdown-format.ts';
export { loadKnowledgeFolder } from './load-folder.ts';
export { CONVERSATION_DIR, loadConversationEntries, withConversationEntries } from './conversation-entries.ts';
export { normalizeText, words, indexTokens, lexicalFeatures } from './segment.ts';
export { cosineSparse } from './lexical-model.ts';
export { createLanguageDetector, languageScript, scriptLanguage, type LanguageDetector, type LanguageDetectorOptions, type LanguageGuess } from './language.ts';
export { KnowledgeVocabulary } from './knowledge-vocabulary.ts';
export { foldArabic, foldChinese, foldLatin } from './text-folds.ts';
export { renderHtml, renderPlainText, escapeHtml } from './render.ts';
export { UseLiteEmbeddings, CachedEmbeddings, embedderCovers, type LanguageAwareEmbeddings, type EmbeddingCacheStore } from './embeddings.ts';
export { TransformersEmbeddings, expectedModelFiles, type TransformersEmbeddingsOptions, type TransformersDtype } from './transformers-embeddings.ts';
export { FileEmbeddingCache } from './embedding-cache-file.ts';
export { MicroBatchEmbeddings, type MicroBatchOptions, type QueryBatchEmbeddings } from './micro-batch-embeddings.ts';
export { KnowledgeBase, type KnowledgeBaseOptions, type MatchOptions, type PublishProgress, type PublishResult } from './knowledge-base.ts';
export { seededRandom, shuffleInPlace } from './classifier.ts';
export type { SnapshotSummary } from './snapshots.ts';
