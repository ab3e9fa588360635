import { createHash } from 'node:crypto';
import { readFile, writeFile, mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { BoundedMap, KeyedQueue, primaryLanguage } from '../shared/index.ts';
import { confidence } from './calibrator.ts';
import { SoftmaxClassifier, seededRandom } from './classifier.ts';
import { CachedEmbeddings, embedderCovers, type LanguageAwareEmbeddings } from './embeddings.ts';
import { toFeatures } from './features.ts';
import { Bm25Index } from './bm25-index.ts';
import { LanceIndex, type IndexReader, type IndexRow, type RowHit } from './lance-index.ts';
import { LexicalModel, type LexicalQuery, type LexicalVector } from './lexical-model.ts';
import { rankEntries, scoreRow, type ScoredRow } from './scorer.ts';
import { outlierQuestions } from './outliers.ts';
import { CLASSIFIER_CANDIDATES, calibrationFeatures, entriesToScore, mergeRanking, nearestLexicalOutlier, nearestOutlier, topIndices, TRAINING_REVISION, type LanguageModel } from './ranker.ts';
import { lexicalModelFrom, type LanguageTrainingInput, type LexicalDoc } from './train-languages.ts';
import { lexicalOffThread, trainOffThread, type TrainedOn } from './training-thread.ts';
import { renderPlainText } from './render.ts';
import { answerProbe } from './answer-probe.ts';
import { questionChunks } from './question-chunks.ts';
import { MixedLanguage, mixedLanguageRanking, MIXED_DEPTH } from './mixed-language.ts';
import { KnowledgeVocabulary } from './knowledge-vocabulary.ts';
import { indexTokens, indexTokensOfWords, TEXT_NORMALIZATION, typedWords, words } from './segment.ts';
import { SnapshotStore, type Snapshot, type SnapshotSummary } from './snapshots.ts';
import { ConversationMatcher } from './conversation-matcher.ts';
import { Synonyms } from './synonyms.ts';
import { TopicShare, topicCandidates } from './topic-share.ts';
import { DEFAULT_MAX_WRONG_RATE, type LanguageThresholds } from './thresholds.ts';
import { isFaqEntry, KnowledgeError, type EntryVariant, type FaqEntry, type MatchCandidate, type MatchResult } from './types.ts';

export interface KnowledgeBaseOptions {
  /** Folder for the index and snapshots (created if missing). */
  dir: string;
  /** Embedder, normally wrapped in CachedEmbeddings. */
  embeddings: LanguageAwareEmbeddings;
  /** Language searched when the customer's has no content. Default "en". */
  defaultLang?: string;
  /** Rows fetched from each retriever per question. Default 50. */
  retrieveLimit?: number;
  /** At most this many held-out questions per language when fitting the calibrator. Default 600. */
  calibrationSample?: number;
  /** Share of questions expected to have no answer in the knowledge base (calibration prior). Default 0.25. */
  outOfScopeRate?: number;
  /**
   * Build LanceDB's HNSW vector index at every publish, for `MatchOptions.denseSearch`. Default
   * false: matching does not search vectors unless asked, and the build took 60-110 s of a
   * 100,000-phrasing publish; without it a dense search scans every vector exactly.
   */
  vectorIndex?: boolean;
  /**
   * Ask the bundled generic off-topic questions (knowledge/outliers/) as out-of-scope ones when
   * calibrating, so that chatter far from every phrasing gets a low confidence. Default true.
   */
  genericOutliers?: boolean;
  /**
   * Largest share of answers allowed to be wrong when the answer threshold is chosen at publish,
   * per language, on held-out phrasings. Default 0.05.
   */
  maxWrongAnswerRate?: number;
  /**
   * Thresholds for every language, set by the operator in the environment: they replace those
   * chosen at publish (an override set per language in the admin UI still comes first).
   */
  fixedThresholds?: { answer: number; clarify: number };
  /**
   * Use the thresholds chosen at publish where no override or fixed thresholds apply. Default
   * true. When false they are still chosen and shown (admin UI), but `thresholds()` reports
   * only overrides and fixed ones, and the bot keeps its configured thresholds elsewhere.
   */
  useChosenThresholds?: boolean;
}

/** An operator's thresholds for one language, kept across publishes. */
export interface ThresholdOverride {
  answer: number;
  clarify: number;
  /** Who set them, and when (shown in the admin UI). */
  by?: string;
  at?: string;
}

interface MemoryRow {
  rowId: string;
  entryId: string;
  lang: string;
  text: string;
  lex: LexicalVector;
  /** Its embedding, where the embedder covers its language: dense similarity for every candidate, not only retrieved rows. */
  vector?: Float32Array;
}

interface ActiveVersion {
  snapshot: Snapshot;
  reader: IndexReader;
  entries: Map<string, FaqEntry>;
  langs: Set<string>;
  lexical: LexicalModel;
  vocabulary: KnowledgeVocabulary;
  models: Map<string, LanguageModel>;
  rowById: Map<string, MemoryRow>;
  rowsByEntry: Map<string, MemoryRow[]>;
  /** Rows in the index table's order (Bm25Hit.row). */
  rows: MemoryRow[];
  /**
   * LanceDB's full-text search, in memory, for the languages it runs in by default (those the
   * embedder does not cover); undefined where there are none. Other searches go to LanceDB.
   */
  fullText?: Bm25Index;
  conversation: ConversationMatcher;
  /** The editors' synonym groups (entries of kind `synonyms`), read into every question before matching. */
  synonyms: Synonyms;
  /** Which entries' phrasings use each word: how far a message of a word or two can be sure of one entry. */
  topics: TopicShare;
  /** English words inside the other languages' questions (mixed-language.ts). */
  mixed: MixedLanguage;
  /** Per language, the generic outliers' lexical vectors in this version's lexical model (LanguageModel.lexicalChatter), made on first use. */
  outlierLex: Map<string, LexicalVector[]>;
  /** KnowledgeBase.unknownWords of the UNKNOWN_WORDS_MEMO most recent questions ("lang\0text"). */
  unknownWords: BoundedMap<string, string[]>;
}

/** Questions whose unknown words a version keeps (a few megabytes at most). */
const UNKNOWN_WORDS_MEMO = 20_000;

export interface MatchOptions {
  /** Also match each clause of a question in several clauses on its own (see questionChunks). Default true. */
  chunks?: boolean;
  /**
   * Run LanceDB's BM25 full-text search for candidates (and report its score). Default: only
   * where the embedder does not cover the language, so that it is the retriever beside the
   * classifier. Where the embedder covers the language too, full-text hits changed no top-1
   * answer on train-only dev splits (BANKING77, HINT3 curekart and powerplay11: 92.69%, 90.83%,
   * 91.01% either way)
   * and cost ~5-8 ms a question through LanceDB (its result batches cross into JS only after the
   * embedding finishes, so it cannot overlap it). The test console asks for it everywhere, to show
   * the score. Where it runs by default it is answered in memory (Bm25Index: LanceDB's scores,
   * its ties at the limit aside), elsewhere by LanceDB.
   */
  fullText?: boolean;
  /**
   * Run LanceDB's vector search for the nearest phrasings, beside the classifier's favourite
   * entries (every phrasing of which is scored anyway). Default false: on train-only dev splits
   * (BANKING77 and the three HINT3 bots) it changed no ranking, confidence or figure at all, and
   * it cost 6.1 ms a question at 10,000 phrasings (p50; HNSW), a third of matching. Without the
   * HNSW index (`KnowledgeBaseOptions.vectorIndex`) the search is an exact scan: 100-190 ms there.
   */
  denseSearch?: boolean;
  /**
   * Score the phrasings of every one of the classifier's favourite entries, even those too
   * unlikely to become the answer (see entriesToScore): the best candidate and its confidence are
   * the same either way, the others' similarity signals are filled in. For the test console.
   */
  exhaustive?: boolean;
}

/** Where a publish is: embedding (done/total texts), then training, then switching to the new version. */
export interface PublishProgress {
  phase: 'embedding' | 'indexing' | 'training' | 'switching';
  done: number;
  total: number;
}

export interface PublishResult {
  version: number;
  rows: number;
  entries: number;
  seconds: number;
  /** Seconds spent training the matcher (beyond embedding). */
  trainSeconds?: number;
  /**
   * Nothing was trained: the live version, or an earlier one, was trained on the same inputs (only
   * conversation entries, categories or the note changed, or an edit was undone), and its models
   * were kept.
   */
  reusedModels?: boolean;
  /**
   * Where the models were trained: on the training thread, on this one when that thread could not
   * serve, or earlier on the same input (the process's training cache, which only the test suite
   * sets). Absent when they were kept.
   */
  trainedOn?: TrainedOn;
  /** Why the training thread could not serve (with `trainedOn: 'inline'`). */
  trainingThreadError?: string;
}

/**
 * Answer texts per entry and language, as plain text: training evidence for the classifier.
 * Conversation entries (small talk) are matched apart (ConversationMatcher), never here.
 */
function answersOf(entries: FaqEntry[]): Array<{ entryId: string; lang: string; text: string }> {
  return entries.filter((e) => e.status === 'published' && isFaqEntry(e))
    .flatMap((e) => e.variants.map((v) => ({ entryId: e.id, lang: v.lang, text: renderPlainText(v.answer) })))
    .filter((a) => a.text.trim() !== '');
}

/**
 * The texts of `entries` the lexical model is built from (its vocabulary and IDF come from them,
 * in this fixed order): every phrasing, then every answer.
 */
function lexicalDocs(entries: FaqEntry[]): LexicalDoc[] {
  return [...rowsOf(entries).map((d) => ({ text: d.text, lang: d.lang })), ...answersOf(entries).map((d) => ({ text: d.text, lang: d.lang, answer: true as const }))];
}

/**
 * The index's vector for a row in a language the embedder does not cover: the index needs one
 * per row, and nearest() only ever searches a covered language, so it is never compared. A
 * distinct unit vector per row (seeded by its id) rather than one shared constant, so a vector
 * index is never built over thousands of identical points.
 */
export function placeholderVector(rowId: string, dimensions: number): Float32Array {
  let seed = 0;
  for (let i = 0; i < rowId.length; i++) seed = Math.imul(seed ^ rowId.charCodeAt(i), 0x01000193);
  const random = seededRandom(seed);
  const v = new Float32Array(dimensions);
  let norm = 0;
  for (let d = 0; d < dimensions; d++) {
    v[d] = random() - 0.5;
    norm += v[d]! * v[d]!;
  }
  norm = Math.sqrt(norm) || 1;
  for (let d = 0; d < dimensions; d++) v[d]! /= norm;
  return v;
}

function rowsOf(entries: FaqEntry[]): Array<Omit<IndexRow, 'vector' | 'tokens'>> {
  const rows: Array<Omit<IndexRow, 'vector' | 'tokens'>> = [];
  for (const e of entries) {
    // Conversation entries are matched apart (ConversationMatcher), synonyms read apart (Synonyms): not indexed, not trained on.
    if (e.status !== 'published' || !isFaqEntry(e)) continue;
    for (const v of e.variants) {
      rows.push({ rowId: `${e.id}|${v.lang}|0`, entryId: e.id, lang: v.lang, kind: 'question', text: v.question });
      v.alternates.forEach((alt, i) => rows.push({ rowId: `${e.id}|${v.lang}|${i + 1}`, entryId: e.id, lang: v.lang, kind: 'alternate', text: alt }));
    }
  }
  return rows;
}

/** Rows vectorised between two turns of the event loop when a version is switched to. */
const ACTIVATE_ROWS_PER_TURN = 250;

/** A promise settled on the event loop's next turn: requests waiting meanwhile are read first. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Prefetched question vectors kept waiting for their match, at most (512 numbers each with USE-lite). */
const PREFETCH_LIMIT = 256;

/**
 * The knowledge base as the bot sees it: published versions, the index behind them,
 * and `match()`, which scores every entry for a question and returns calibrated confidences.
 */
export class KnowledgeBase {
  private active?: ActiveVersion;
  /** Publishes and rollbacks, one at a time. */
  private readonly writes = new KeyedQueue<'writes'>();
  /** Question vectors asked for ahead of their match (see prefetch), by the text the match embeds. */
  private readonly prefetched = new BoundedMap<string, Promise<number[]>>(PREFETCH_LIMIT);
  private readonly defaultLang: string;
  private readonly retrieveLimit: number;
  private readonly calibrationSample: number;
  private overrides: Record<string, ThresholdOverride> = {};

  private constructor(
    private readonly options: KnowledgeBaseOptions,
    private readonly index: LanceIndex,
    private readonly snapshots: SnapshotStore,
  ) {
    this.defaultLang = options.defaultLang ?? 'en';
    this.retrieveLimit = options.retrieveLimit ?? 50;
    this.calibrationSample = options.calibrationSample ?? 600;
  }

  /** Open (or create) a knowledge base folder and load its live version, if any. */
  static async open(options: KnowledgeBaseOptions): Promise<KnowledgeBase> {
    const kb = new KnowledgeBase(options, await LanceIndex.open(path.join(options.dir, 'index')), new SnapshotStore(path.join(options.dir, 'snapshots')));
    kb.overrides = await readFile(kb.overridesFile, 'utf8').then((t) => JSON.parse(t) as Record<string, ThresholdOverride>, () => ({}));
    const current = await kb.snapshots.current();
    if (current !== undefined) await kb.activate(await kb.snapshots.load(current));
    return kb;
  }

  private get overridesFile(): string {
    return path.join(this.options.dir, 'threshold-overrides.json');
  }

  /**
   * The answer and clarify thresholds for questions in `lang` (after fallback, see
   * searchLanguage): an operator's override for the language, else the environment's fixed
   * ones, else those chosen at publish on held-out phrasings. Undefined when none apply (a
   * version published before thresholds were chosen, or too few phrasings to choose on): the
   * bot then uses its configured ones.
   */
  thresholds(lang: string): LanguageThresholds | undefined {
    const searchLang = this.searchLanguage(lang);
    const chosen = this.active?.snapshot.models[searchLang]?.thresholds;
    const override = this.overrides[searchLang];
    if (override) return { ...chosen, answer: override.answer, clarify: override.clarify, source: 'operator' };
    if (this.options.fixedThresholds) return { ...chosen, ...this.options.fixedThresholds, source: 'config' };
    return chosen && this.options.useChosenThresholds !== false ? { ...chosen, source: 'publish' } : undefined;
  }

  /**
   * Per published language: the thresholds in use, those chosen at publish (with their
   * precision/coverage curve), and the operator's override if any. For the admin UI.
   */
  thresholdReport(): Array<{ lang: string; effective?: LanguageThresholds; chosen?: Omit<LanguageThresholds, 'source'>; override?: ThresholdOverride }> {
    return this.languages.map((lang) => ({
      lang, effective: this.thresholds(lang), chosen: this.active?.snapshot.models[lang]?.thresholds, override: this.overrides[lang],
    }));
  }

  /** Operator overrides per language (see setThresholdOverride). */
  thresholdOverrides(): Record<string, ThresholdOverride> {
    return { ...this.overrides };
  }

  /**
   * Set (or, with undefined, remove) the operator's thresholds for a language. Kept in the
   * knowledge-base folder, across publishes and rollbacks.
   * @throws KnowledgeError when they are not in [0, 1] or clarify exceeds answer.
   */
  async setThresholdOverride(lang: string, t: ThresholdOverride | undefined): Promise<void> {
    if (t && !(t.answer >= 0 && t.answer <= 1 && t.clarify >= 0 && t.clarify <= t.answer)) {
      throw new KnowledgeError(`thresholds must satisfy 0 ≤ clarify ≤ answer ≤ 1, got answer ${t.answer}, clarify ${t.clarify}`);
    }
    const next = { ...this.overrides };
    if (t) next[lang] = t;
    else delete next[lang];
    await mkdir(this.options.dir, { recursive: true });
    const tmp = `${this.overridesFile}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(next, null, 2));
    await rename(tmp, this.overridesFile);
    this.overrides = next;
  }

  /** Live version number, or undefined before the first publish. */
  get version(): number | undefined {
    return this.active?.snapshot.version;
  }

  /** The embedding model the live version was built with; a different embedder needs a republish. */
  get embedderId(): string | undefined {
    return this.active?.snapshot.embedder;
  }

  /**
   * Whether the live version's lexical features were built with another text normalisation
   * (see TEXT_NORMALIZATION): its classifiers do not fit the features this code makes, and it
   * needs a republish of its entries. It still answers meanwhile, if less well.
   */
  get builtWithOtherNormalization(): boolean {
    return this.active !== undefined && (this.active.snapshot.textNormalization ?? 1) !== TEXT_NORMALIZATION;
  }

  get sourceHash(): string | undefined {
    return this.active?.snapshot.sourceHash;
  }

  /** Languages with published content. */
  get languages(): string[] {
    return [...(this.active?.langs ?? [])].sort();
  }

  /**
   * The live version's text per language, for the language detector (see
   * createLanguageDetector's `vocabulary`); undefined before the first publish.
   */
  get vocabulary(): KnowledgeVocabulary | undefined {
    return this.active?.vocabulary;
  }

  entries(): FaqEntry[] {
    return [...(this.active?.entries.values() ?? [])];
  }

  entry(id: string): FaqEntry | undefined {
    return this.active?.entries.get(id);
  }

  /** The entry's wording in `lang`, or in the default language when it has none. */
  variant(entryId: string, lang: string): EntryVariant | undefined {
    const e = this.entry(entryId);
    return e?.variants.find((v) => v.lang === lang) ?? e?.variants.find((v) => v.lang === this.defaultLang) ?? e?.variants[0];
  }

  /**
   * The words of a question that no entry of the language uses nor reads as its own (see
   * ConversationMatcher.unknownWords), typos of its words aside: "ชำรุด" where the entries say
   * "เสียหาย". What the unanswered inbox offers editors to add as synonyms.
   *
   * The inbox asks it of every stored question on each list, which for thousands of questions held
   * the event loop for about a second (eval/HISTORY.md), so the answers are kept per version, for
   * the UNKNOWN_WORDS_MEMO most recent questions.
   */
  unknownWords(text: string, lang: string): string[] {
    const state = this.active;
    if (!state) return [];
    const key = `${lang}\u0000${text}`;
    const memo = state.unknownWords.get(key);
    if (memo) return [...memo];
    const words = this.findUnknownWords(state, text, lang);
    state.unknownWords.set(key, words);
    return [...words];
  }

  private findUnknownWords(state: ActiveVersion, text: string, lang: string): string[] {
    const searchLang = this.searchLanguage(lang);
    // A typo of the knowledge base's own word is read as that word already: no synonym needed.
    const unknown = state.conversation.unknownWords(text, searchLang).filter((w) => state.lexical.correct(w, searchLang) === w);
    // As the customer spelled them ("hasło", not the folded "haslo"), where the segments agree.
    const typed = typedWords(text, searchLang);
    return unknown.map((w) => typed.find((t) => t.word === w)?.typed ?? w);
  }

  /**
   * Whether the text has a word that the FAQ entries' phrasings or answers use and no conversation
   * entry's does (see ConversationMatcher.mentionsTopic): "refund?" does, "hmm okay" does not. Its
   * English words count as English ones: "ابي refund" names a topic, "شكرا thanks" none.
   */
  mentionsTopic(text: string, lang: string): boolean {
    const state = this.active;
    if (!state) return true;
    const searchLang = this.searchLanguage(lang);
    if (state.conversation.mentionsTopic(text, searchLang)) return true;
    const english = state.mixed.englishWords(text, searchLang);
    return english.length > 0 && state.conversation.mentionsTopic(english.join(' '), 'en');
  }

  /** The language a question is searched in: its own (a tag's language) when it has content, else the default. */
  searchLanguage(lang: string): string {
    const langs = this.active?.langs;
    if (!langs || langs.has(lang)) return lang;
    // A tag names its language: "pl-PL" (an API's or a page's) is searched in Polish.
    const primary = primaryLanguage(lang);
    if (langs.has(primary)) return primary;
    return langs.has(this.defaultLang) ? this.defaultLang : ([...langs][0] ?? lang);
  }

  versions(): Promise<SnapshotSummary[]> {
    return this.snapshots.list();
  }

  /**
   * Embeddings as Float32Array: the cache's own arrays where it shares them, so a large
   * knowledge base holds each vector once (cache, index rows and matching all use it).
   */
  private async vectorsOf(texts: string[]): Promise<Float32Array[]> {
    const e = this.options.embeddings;
    if (e instanceof CachedEmbeddings) return e.embedDocumentsShared(texts);
    return (await e.embedDocuments(texts)).map((v) => Float32Array.from(v));
  }

  /**
   * Publish entries as a new version: embed (cached), index, fit the calibrator, switch.
   * Matching keeps using the previous version until the new one is ready.
   */
  publish(entries: FaqEntry[], meta: { note?: string; sourceHash?: string; onProgress?: (p: PublishProgress) => void } = {}): Promise<PublishResult> {
    return this.writes.run('writes', async () => {
      const started = performance.now();
      const progress = meta.onProgress ?? (() => undefined);
      const base = rowsOf(entries);
      if (base.length === 0) throw new KnowledgeError('nothing to publish: no published entry has a question');
      // Only rows in languages the embedder covers are embedded: nothing reads the vectors of the
      // others (matching, training and the vector search all skip them), and embedding them was
      // most of a multilingual publish with the default English-only model.
      const isCovered = (lang: string) => embedderCovers(this.options.embeddings, lang);
      const toEmbed = base.filter((r) => isCovered(r.lang));
      // Embedded in batches only to report progress; cached texts cost nothing either way.
      const embedded = new Map<string, Float32Array>();
      for (let i = 0; i < toEmbed.length; i += 256) {
        progress({ phase: 'embedding', done: i, total: toEmbed.length });
        const batch = toEmbed.slice(i, i + 256);
        (await this.vectorsOf(batch.map((r) => r.text))).forEach((v, j) => embedded.set(batch[j]!.rowId, v));
      }
      progress({ phase: 'indexing', done: base.length, total: base.length });
      const dimensions = embedded.values().next().value?.length ?? 1;
      const rows: IndexRow[] = base.map((r) => ({
        ...r, tokens: indexTokens(r.text, r.lang, !isCovered(r.lang)), vector: embedded.get(r.rowId) ?? placeholderVector(r.rowId, dimensions),
      }));
      const indexVersion = await this.index.write(rows, { vectorIndex: this.options.vectorIndex });
      progress({ phase: 'training', done: base.length, total: base.length });
      const trainStarted = performance.now();
      const answers = answersOf(entries);
      const trainingKey = this.trainingKey(rows, answers);
      const versions = await this.snapshots.list();
      // Same training inputs as the live version, or as an earlier one (an edit undone): its models
      // are what training would make again.
      const sameInputs = this.active?.snapshot.trainingKey === trainingKey ? this.active.snapshot.version
        : versions.filter((v) => v.trainingKey === trainingKey).at(-1)?.version;
      const kept = sameInputs === undefined ? undefined : await this.keptModels(sameInputs);
      // Trained, the lexical model comes from the training thread, which built it for training.
      const trained = kept ? undefined : await this.train(rows, answers, entries);
      const lexical = trained?.lexical ?? await lexicalOffThread(lexicalDocs(entries));
      const models = kept?.models ?? trained!.models;
      const trainSeconds = (performance.now() - trainStarted) / 1000;
      const version = Math.max(0, ...versions.map((s) => s.version)) + 1;
      const snapshot: Snapshot = {
        version, indexVersion, createdAt: new Date().toISOString(), note: meta.note, sourceHash: meta.sourceHash,
        embedder: this.options.embeddings.modelId, entries, textNormalization: TEXT_NORMALIZATION, trainingKey,
        models: kept ? kept.snapshot.models : Object.fromEntries([...models].map(([lang, m]) => [lang, { entryIds: m.entryIds, calibrator: m.calibrator, clauseCalibrator: m.clauseCalibrator, denseCovered: m.denseCovered, cvAccuracy: m.cvAccuracy, lexicalChatter: m.lexicalChatter, thresholds: m.thresholds }])),
      };
      progress({ phase: 'switching', done: base.length, total: base.length });
      for (const lang of models.keys()) await this.snapshots.saveBlob(version, `${lang}.classifier`, (kept ?? trained!).weights.get(lang)!);
      await this.snapshots.save(snapshot);
      await this.activate(snapshot, { lexical, models, vectors: new Map(rows.map((r) => [r.rowId, r.vector])) });
      await this.snapshots.setCurrent(version);
      return { version, rows: rows.length, entries: entries.length, seconds: (performance.now() - started) / 1000, trainSeconds, ...(kept ? { reusedModels: true } : { trainedOn: trained!.ranOn, ...(trained!.error ? { trainingThreadError: trained!.error } : {}) }) };
    });
  }

  /** Make an earlier version live again, recorded as a new version. */
  rollback(toVersion: number, note?: string): Promise<PublishResult> {
    return this.writes.run('writes', async () => {
      const started = performance.now();
      const old = await this.snapshots.load(toVersion).catch((cause) => {
        throw new KnowledgeError(`no knowledge-base version ${toVersion}`, undefined, undefined, { cause });
      });
      const indexVersion = await this.index.restore(old.indexVersion);
      const version = Math.max(0, ...(await this.snapshots.list()).map((s) => s.version)) + 1;
      const snapshot: Snapshot = { ...old, version, indexVersion, createdAt: new Date().toISOString(), note: note ?? `rollback to version ${toVersion}` };
      for (const lang of Object.keys(old.models)) {
        await this.snapshots.saveBlob(version, `${lang}.classifier`, await this.snapshots.loadBlob(toVersion, `${lang}.classifier`));
      }
      await this.snapshots.save(snapshot);
      // Built on the training thread: the server goes on answering meanwhile.
      await this.activate(snapshot, { lexical: await lexicalOffThread(lexicalDocs(old.entries)) });
      await this.snapshots.setCurrent(version);
      return { version, rows: 0, entries: old.entries.length, seconds: (performance.now() - started) / 1000 };
    });
  }

  /** Make `snapshot` the live version; `given`: what the caller already has of it (the rest is read or built here). */
  private async activate(snapshot: Snapshot, given: { lexical?: LexicalModel; models?: Map<string, LanguageModel>; vectors?: Map<string, Float32Array> } = {}): Promise<void> {
    const reader = await this.index.reader(snapshot.indexVersion);
    const base = rowsOf(snapshot.entries);
    const lexical = given.lexical ?? await lexicalModelFrom(lexicalDocs(snapshot.entries));
    const models = given.models ?? await this.loadModels(snapshot);
    // Vectors of covered languages: from this publish, else from the embedding cache (no model run).
    const covered = base.filter((r) => models.get(r.lang)?.denseCovered);
    const vectors = given.vectors ?? new Map<string, Float32Array>();
    if (!given.vectors && covered.length) {
      const embedded = await this.vectorsOf(covered.map((r) => r.text));
      covered.forEach((r, i) => vectors.set(r.rowId, embedded[i]!));
    }
    const rowById = new Map<string, MemoryRow>();
    const rowsByEntry = new Map<string, MemoryRow[]>();
    const rows: MemoryRow[] = [];
    for (const [i, r] of base.entries()) {
      // The version is built beside the live one, which answers meanwhile: let requests in
      // between parts of the work (about 0.3 s of it on the sample knowledge base).
      if (i % ACTIVATE_ROWS_PER_TURN === ACTIVATE_ROWS_PER_TURN - 1) await nextTurn();
      const v = models.get(r.lang)?.denseCovered ? vectors.get(r.rowId) : undefined;
      const row: MemoryRow = { rowId: r.rowId, entryId: r.entryId, lang: r.lang, text: r.text, lex: lexical.vectorize(r.text, r.lang), vector: v };
      rows.push(row);
      rowById.set(r.rowId, row);
      const key = `${r.entryId}|${r.lang}`;
      if (!rowsByEntry.has(key)) rowsByEntry.set(key, []);
      rowsByEntry.get(key)!.push(row);
    }
    // The table's tokens, as the publish wrote them (trigrams where the embedder does not cover the language).
    const uncovered = [...models.values()].filter((m) => !m.denseCovered).map((m) => m.lang);
    await nextTurn();
    const fullText = uncovered.length
      ? new Bm25Index(base.map((r) => ({ lang: r.lang, tokens: indexTokens(r.text, r.lang, !models.get(r.lang)?.denseCovered) })), uncovered)
      : undefined;
    await nextTurn();
    const vocabulary = KnowledgeVocabulary.fromEntries(snapshot.entries, this.defaultLang);
    await nextTurn();
    const conversation = new ConversationMatcher(snapshot.entries);
    const synonyms = Synonyms.fromEntries(snapshot.entries);
    const topics = new TopicShare(snapshot.entries, (word, lang) => lexical.wordForms(word, lang));
    const previous = this.active;
    this.active = {
      snapshot, reader, lexical, models, rowById, rowsByEntry, rows, fullText, vocabulary,
      entries: new Map(snapshot.entries.map((e) => [e.id, e])),
      conversation,
      synonyms,
      topics,
      mixed: new MixedLanguage(conversation, synonyms, [...models.keys()]),
      langs: new Set(models.keys()),
      outlierLex: new Map(),
      unknownWords: new BoundedMap(UNKNOWN_WORDS_MEMO),
    };
    // In-flight questions may still hold the previous reader; let them finish before closing it.
    if (previous) setTimeout(() => previous.reader.close(), 30_000).unref();
  }

  /** A version's trained models, as its snapshot and weights files keep them. */
  private async loadModels(snapshot: Snapshot): Promise<Map<string, LanguageModel>> {
    return this.modelsFrom(snapshot.models, await this.classifierWeights(snapshot));
  }

  /** Each language's classifier weights file of `snapshot`, as stored. */
  private async classifierWeights(snapshot: Snapshot): Promise<Map<string, Buffer>> {
    const weights = new Map<string, Buffer>();
    for (const lang of Object.keys(snapshot.models)) weights.set(lang, await this.snapshots.loadBlob(snapshot.version, `${lang}.classifier`));
    return weights;
  }

  /** Models from what a snapshot stores of them (`stored`) and their weights files. */
  private async modelsFrom(stored: Snapshot['models'], weights: ReadonlyMap<string, Buffer>): Promise<Map<string, LanguageModel>> {
    const models = new Map<string, LanguageModel>();
    for (const [lang, m] of Object.entries(stored)) {
      const classifier = SoftmaxClassifier.fromBuffer(weights.get(lang)!);
      const outlierVectors = m.denseCovered ? await this.outlierVectors(lang) : [];
      models.set(lang, { lang, ...m, classifier, outlierVectors: outlierVectors.length ? outlierVectors : undefined });
    }
    return models;
  }

  /**
   * The models of `version` to keep for a publish with the same training inputs, with their
   * weights files' bytes (copied as they are into the new version): the live models as they are,
   * an earlier version's read back; undefined when they cannot be read (then it trains).
   */
  private async keptModels(version: number): Promise<{ snapshot: Snapshot; models: Map<string, LanguageModel>; weights: Map<string, Buffer> } | undefined> {
    try {
      if (this.active?.snapshot.version === version) {
        return { snapshot: this.active.snapshot, models: this.active.models, weights: await this.classifierWeights(this.active.snapshot) };
      }
      const snapshot = await this.snapshots.load(version);
      const weights = await this.classifierWeights(snapshot);
      return { snapshot, models: await this.modelsFrom(snapshot.models, weights), weights };
    } catch {
      return undefined;
    }
  }

  /** The options every language trains with, defaults filled in: what trainingKey hashes is what trains. */
  private get trainingOptions() {
    return {
      calibrationSample: this.calibrationSample, outOfScopeRate: this.options.outOfScopeRate ?? 0.25,
      thresholds: { maxWrongRate: this.options.maxWrongAnswerRate ?? DEFAULT_MAX_WRONG_RATE },
    };
  }

  /**
   * Everything training reads, hashed: the rows' and answers' texts and ids, the embedding model,
   * the text normalisation, the training options and TRAINING_REVISION. Vectors and the lexical
   * model follow from these (the vectors from the model and the text).
   */
  private trainingKey(rows: IndexRow[], answers: Array<{ entryId: string; lang: string; text: string }>): string {
    const h = createHash('sha256');
    h.update(JSON.stringify({
      revision: TRAINING_REVISION, normalization: TEXT_NORMALIZATION, embedder: this.options.embeddings.modelId,
      options: this.trainingOptions, genericOutliers: this.options.genericOutliers !== false,
    }));
    for (const r of rows) h.update(`\0r${r.rowId}\0${r.entryId}\0${r.lang}\0${r.text}`);
    for (const a of answers) h.update(`\0a${a.entryId}\0${a.lang}\0${a.text}`);
    return h.digest('hex');
  }

  private genericOutliers(lang: string): string[] {
    return this.options.genericOutliers === false ? [] : outlierQuestions(lang);
  }

  /** The generic outliers as `state`'s lexical model reads them (what a lexically calibrated model was fitted with). */
  private outlierLex(state: ActiveVersion, lang: string): LexicalVector[] {
    let vectors = state.outlierLex.get(lang);
    if (!vectors) state.outlierLex.set(lang, vectors = this.genericOutliers(lang).map((text) => state.lexical.vectorize(text, lang)));
    return vectors;
  }

  /** The generic outliers' embeddings (cached after the first publish). */
  private async outlierVectors(lang: string): Promise<Float32Array[]> {
    const generic = this.genericOutliers(lang);
    return generic.length ? this.vectorsOf(generic) : [];
  }

  /**
   * Train every language's classifier and calibrator (deterministic, seeded) on the training
   * thread (trainOffThread): what needs the embedder (the vectors of the probes made from answers
   * and of the generic outliers) is computed here first. The models are what a restart loads from
   * the weights files and snapshot written from them; the lexical model is the one they were
   * trained with.
   */
  private async train(rows: IndexRow[], answers: Array<{ entryId: string; lang: string; text: string }>, entries: FaqEntry[]): Promise<{ models: Map<string, LanguageModel>; weights: Map<string, Buffer>; lexical: LexicalModel; ranOn: TrainedOn; error?: string }> {
    const languages: LanguageTrainingInput[] = [];
    for (const lang of [...new Set(rows.map((r) => r.lang))].sort()) {
      const covered = embedderCovers(this.options.embeddings, lang);
      const inLang = rows.filter((r) => r.lang === lang).map((r) => ({ rowId: r.rowId, entryId: r.entryId, text: r.text, vector: r.vector }));
      const langAnswers = answers.filter((a) => a.lang === lang).map((a) => ({ entryId: a.entryId, text: a.text }));
      // Calibration questions made from answers, one per entry with a phrasing (see TrainOptions.probes).
      const phrased = new Set(inLang.map((r) => r.entryId));
      const probeOf = langAnswers.filter((a) => phrased.has(a.entryId)).map((a) => ({ entryId: a.entryId, text: answerProbe(a.text, lang) })).filter((p) => p.text);
      const probeVectors = covered && probeOf.length ? await this.vectorsOf(probeOf.map((p) => p.text)) : [];
      const generic = this.genericOutliers(lang);
      const genericVectors = covered ? await this.outlierVectors(lang) : [];
      languages.push({
        lang, covered, rows: inLang, answers: langAnswers,
        probes: probeOf.map((p, i) => ({ ...p, vector: probeVectors[i] ?? new Float32Array(0) })),
        outliers: generic.map((text, i) => ({ text, vector: genericVectors[i] ?? new Float32Array(0) })),
      });
    }
    const { languages: trained, lexical, ranOn, error } = await trainOffThread({ docs: lexicalDocs(entries), options: this.trainingOptions, languages });
    const weights = new Map(trained.map((t) => [t.model.lang, Buffer.from(t.weights.buffer, t.weights.byteOffset, t.weights.byteLength)]));
    const models = await this.modelsFrom(Object.fromEntries(trained.map((t) => [t.model.lang, t.model])), weights);
    return { models, weights, lexical, ranOn, error };
  }

  /**
   * The FAQ matcher's candidates for one text (see match), best first by rank. `text` as the
   * matcher reads it (readAs: synonyms and typos in the knowledge base's words, for every signal
   * alike; small talk is compared as the customer wrote it, "thx" being no typo of a knowledge-base
   * word). `clauses`: the text is a question in several clauses, calibrated by the language's
   * clause calibrator where it has one.
   */
  private async matchFaq(state: ActiveVersion, model: LanguageModel, text: string, searchLang: string, k: number, o: MatchOptions, clauses = false): Promise<MatchCandidate[]> {
    const calibrator = (clauses && model.clauseCalibrator) || model.calibrator;
    const covered = model.denseCovered;
    // Both searches are awaited only after the scoring below; the no-op handlers keep a search
    // that fails meanwhile (or one left behind when embedding throws) from being an unhandled rejection.
    // The question's words as every lexical signal reads them: cut once for the search and the vector.
    const questionWords = state.lexical.questionWords(text, searchLang);
    const textHits = (o.fullText ?? !covered) ? this.fullTextHits(state, indexTokensOfWords(questionWords, !covered), searchLang) : Promise.resolve([]);
    textHits.catch(() => undefined);
    const queryVector = covered ? await this.questionVector(text) : undefined;
    const denseHits = queryVector && o.denseSearch ? state.reader.nearest(queryVector, searchLang, this.retrieveLimit) : Promise.resolve([]);
    denseHits.catch(() => undefined);
    const qLex = state.lexical.vectorize(text, searchLang, questionWords);
    const qVector = queryVector && Float32Array.from(queryVector);
    const probs = model.classifier.forward(toFeatures(qLex, qVector));

    const rows = new Map<string, ScoredRow>();
    // A LexicalQuery holds shared scratch arrays: take one per synchronous stretch, never across an await.
    const rowFor = (lq: LexicalQuery, mem: MemoryRow): ScoredRow => {
      let r = rows.get(mem.rowId);
      if (!r) {
        r = scoreRow(lq, mem, mem.vector, qVector);
        rows.set(mem.rowId, r);
      }
      return r;
    };
    const early = state.lexical.query(qLex);
    try {
      // The classifier's favourites get every phrasing scored, while the searches run.
      const n = Math.max(CLASSIFIER_CANDIDATES, k + 1);
      for (const c of o.exhaustive ? topIndices(probs, n) : entriesToScore(probs, n)) {
        for (const mem of state.rowsByEntry.get(`${model.entryIds[c]!}|${searchLang}`) ?? []) rowFor(early, mem);
      }
    } finally {
      early.release();
    }
    // Retrieval adds rows beyond those entries; the dense signal itself comes from the stored vectors.
    const [dense, fullText] = await Promise.all([denseHits, textHits]);
    const late = state.lexical.query(qLex);
    try {
      for (const h of dense) { const mem = state.rowById.get(h.rowId); if (mem) rowFor(late, mem); }
      for (const h of fullText) { const mem = state.rowById.get(h.rowId); if (mem) rowFor(late, mem).bm25 = h.score; }
    } finally {
      late.release();
    }

    const ranked = mergeRanking(model.entryIds, probs, rankEntries(rows.values(), covered));
    // The question's similarity to the nearest generic outlier, by embedding or, where the model was
    // calibrated so, by words: one per question, a gap per candidate.
    const nearestChatter = model.lexicalChatter ? nearestLexicalOutlier(qLex, this.outlierLex(state, searchLang)) : nearestOutlier(qVector, model.outlierVectors ?? []);
    return ranked.slice(0, k).map((r, i) => {
      const features = calibrationFeatures(ranked, i, nearestChatter, model.lexicalChatter);
      return {
        entryId: r.entryId,
        lang: searchLang,
        title: this.variant(r.entryId, searchLang)?.question ?? r.entryId,
        matchedText: r.similarity?.matchedText ?? '',
        score: r.probability,
        confidence: confidence(calibrator, features),
        signals: { ...(r.similarity?.signals ?? { dense: 0, lexical: 0, bm25: 0, coverage: 0 }), classifier: r.probability, chatter: features[4] },
      };
    });
  }

  /** BM25 hits for a question's index tokens: in memory where the version has them, else from LanceDB. */
  private fullTextHits(state: ActiveVersion, tokens: string, lang: string): Promise<RowHit[]> {
    if (!state.fullText?.searches(lang)) return state.reader.fullText(tokens, lang, this.retrieveLimit);
    return Promise.resolve(state.fullText.search(tokens, lang, this.retrieveLimit).map((h) => {
      const row = state.rows[h.row]!;
      return { rowId: row.rowId, entryId: row.entryId, score: h.score };
    }));
  }

  /**
   * Start embedding a question that is about to be matched in `lang`, so the model computes it
   * while the caller reads and writes its conversation: the model's call is the longest wait of
   * a question in a language the embedder covers, and it was the last thing a turn started.
   * Nothing is computed that `match` would not embed: the same corrected whole question and
   * clauses, only where the language's matcher uses embeddings, and the English words of a
   * question in another language where the English matcher does. The vectors wait for the match
   * (at most PREFETCH_LIMIT texts: a prefetch whose match never comes, because the turn settled
   * on another language or a person holds the conversation, is dropped in time).
   */
  prefetch(text: string, lang: string): void {
    const state = this.active;
    if (!state) return;
    const searchLang = this.searchLanguage(lang);
    const ahead: string[] = [];
    if (state.models.get(searchLang)?.denseCovered) {
      const chunks = questionChunks(text, searchLang);
      const { rest } = this.questionBeside(state, text, searchLang, chunks);
      for (const part of [text, ...chunks, ...(rest ? [rest] : [])]) ahead.push(this.readAs(state, part, searchLang));
    }
    // English words inside another language are matched in English too (see match).
    const inEnglish = state.models.get('en')?.denseCovered ? this.englishQuestion(state, text, searchLang) : undefined;
    if (inEnglish) ahead.push(inEnglish);
    for (const corrected of ahead) {
      if (this.prefetched.has(corrected)) continue;
      const vector = this.options.embeddings.embedQuery(corrected);
      // Its match, if it comes, sees the failure; without one it must not be an unhandled rejection.
      vector.catch(() => undefined);
      this.prefetched.set(corrected, vector);
    }
  }

  /**
   * The English words of a question in another language (MixedLanguage.englishWords) as one
   * English question, read as the English matcher reads questions; undefined without any.
   */
  private englishQuestion(state: ActiveVersion, text: string, lang: string): string | undefined {
    const englishWords = state.mixed.englishWords(text, lang);
    return englishWords.length ? this.readAs(state, englishWords.join(' '), 'en') : undefined;
  }

  /**
   * What the question beside an opening or closing act (`rest`, as the matcher reads it) names when
   * its words beyond small talk are a topic's ("I have a problem | with my account", "我的账户 | 有问题":
   * "account"; see TopicShare).
   */
  private topicOfRest(state: ActiveVersion, rest: string, lang: string): Array<{ entryId: string; share: number }> | undefined {
    const content = words(rest, lang).filter((w) => !state.conversation.smallTalkUses(w, lang));
    return content.length ? state.topics.shares(content.join(' '), lang) : undefined;
  }

  /** Whether every word of `text` but those of its English question is one small talk uses. */
  private onlySmallTalkBeside(state: ActiveVersion, text: string, lang: string, englishQuestion: string): boolean {
    const english = new Set(words(englishQuestion, 'en'));
    return words(text, lang).every((w) => english.has(w) || state.conversation.smallTalkUses(w, lang));
  }

  /** See MixedLanguage.languageAroundEnglish. */
  languageAroundEnglish(text: string): string | undefined {
    return this.active?.mixed.languageAroundEnglish(text);
  }

  /**
   * A question as the FAQ matcher reads it, for every signal alike: the editors' synonyms in the
   * knowledge base's words, then typos fixed toward its vocabulary (a synonym is no typo of the
   * word it is nearest to).
   */
  private readAs(state: ActiveVersion, text: string, searchLang: string): string {
    return state.lexical.correct(state.synonyms.rewrite(text, searchLang), searchLang);
  }

  /** The question's vector: its prefetch's (taken, so it serves one match), else computed now. */
  private questionVector(text: string): Promise<number[]> {
    const ahead = this.prefetched.get(text);
    if (!ahead) return this.options.embeddings.embedQuery(text);
    this.prefetched.delete(text);
    return ahead;
  }

  /**
   * The question after a message's opening acts or before a closing one
   * (ConversationMatcher.questionAfterOpening, questionBeforeClosing), which of its clauses
   * (`chunks`) already is that question (-1: none), and `rest`: the question when no clause is it,
   * to be matched beside the clauses.
   */
  private questionBeside(state: ActiveVersion, text: string, lang: string, chunks: readonly string[]): { beside?: string; clause: number; rest?: string } {
    const beside = state.conversation.questionAfterOpening(text, lang) ?? state.conversation.questionBeforeClosing(text, lang);
    const clause = beside ? chunks.findIndex((c) => state.conversation.sameWords(c, beside, lang)) : -1;
    return { beside, clause, rest: clause < 0 ? beside : undefined };
  }

  /**
   * Rank entries for a question in a language. The trained classifier scores every entry and
   * every phrasing of its top entries is scored; retrieval adds rows from LanceDB's BM25
   * full-text search where the embedder does not cover the language, and on request from either
   * search (see MatchOptions); the calibrator turns the signals into a confidence.
   */
  async match(text: string, lang: string, k = 5, o: MatchOptions = {}): Promise<MatchResult> {
    const state = this.active;
    if (!state) return { lang, candidates: [] };
    const searchLang = this.searchLanguage(lang);
    const model = state.models.get(searchLang);
    if (!model) return { lang: searchLang, candidates: [] };
    const asked = text;
    // A question in several clauses: each clause is also matched alone, and each of the whole
    // question's candidates keeps its most confident match among them (see questionChunks). The
    // ranking stays the whole question's: on long dev questions, letting a clause's favourite
    // take the lead cost 6-13 points of top-1 in every language. The whole question is
    // calibrated as one in several clauses (LanguageModel.clauseCalibrator), each clause as any question.
    const chunks = o.chunks === false ? [] : questionChunks(text, searchLang);
    // A question after opening acts ("hi, I want to know …") is also matched without them, as a
    // clause is, but the whole keeps its own calibrator: it is one question, not several. Where a
    // clause already is that question ("I have a question, about my refund"), it is that clause.
    const { beside, clause: besideClause, rest } = o.chunks === false ? { clause: -1 } : this.questionBeside(state, text, searchLang, chunks);
    // The whole question as the matcher reads it: matched, and reported when it differs.
    const readAs = this.readAs(state, text, searchLang);
    // English shop words inside another language ("kiedy dostanę refund?") are also read by the
    // English entries, and the two readings combined (see mixed-language.ts).
    const english = state.models.get('en');
    const englishQuestion = english && this.englishQuestion(state, text, searchLang);
    const depth = englishQuestion ? Math.max(k, MIXED_DEPTH) : k;
    const restAs = rest && this.readAs(state, rest, searchLang);
    // The whole question and its clauses are matched side by side: their questions reach the
    // embedder in the same turn, so they are embedded in one model call instead of one after another.
    const [whole, inEnglish, ...perClause] = await Promise.all([
      this.matchFaq(state, model, readAs, searchLang, depth, o, chunks.length > 0),
      englishQuestion ? this.matchFaq(state, english!, englishQuestion, 'en', MIXED_DEPTH, o) : Promise.resolve([]),
      ...[...chunks.map((chunk) => this.readAs(state, chunk, searchLang)), ...(restAs ? [restAs] : [])].map((part) => this.matchFaq(state, model, part, searchLang, k, o)),
    ]);
    let candidates = whole!;
    if (perClause.length) {
      const best = new Map(candidates.map((c) => [c.entryId, c]));
      for (const clause of perClause) {
        for (const c of clause) {
          const seen = best.get(c.entryId);
          if (seen && c.confidence > seen.confidence) best.set(c.entryId, { ...seen, confidence: c.confidence });
        }
      }
      candidates.splice(0, candidates.length, ...candidates.map((c) => best.get(c.entryId)!));
    }
    if (englishQuestion) candidates = mixedLanguageRanking(candidates, inEnglish!, { lang: searchLang, title: (id) => this.variant(id, searchLang)?.question }).slice(0, k);
    // A message of a word or two that many phrasings contain names a topic ("account", "订单"):
    // each entry is as sure as its share of those phrasings.
    const topic = state.topics.shares(readAs, searchLang);
    // Read only when no topic came first (a rest that is a clause was not read above).
    const restTopic = topic || !beside ? undefined : this.topicOfRest(state, restAs ?? this.readAs(state, beside, searchLang), searchLang);
    if (topic) candidates = topicCandidates(topic, candidates);
    // The rest beside an opening or closing act is the question: its own candidates, not the
    // whole message's ("mam problem z kontem": the whole's were led by entries that say "problem").
    else if (restTopic) candidates = topicCandidates(restTopic, perClause[besideClause < 0 ? perClause.length - 1 : besideClause]!);
    else if (englishQuestion) {
      // English words around nothing but small talk ("ขอ refund หน่อย", "我想refund"): as the
      // English words alone would be read, a topic when they are one ("refund").
      const englishTopic = state.topics.shares(englishQuestion, 'en');
      if (englishTopic && this.onlySmallTalkBeside(state, readAs, searchLang, englishQuestion)) candidates = topicCandidates(englishTopic, candidates);
    }
    // Small talk: a conversation entry that matches the whole message better than the best FAQ
    // entry's confidence comes first; it is never offered among FAQ suggestions (bot policy).
    const chat = state.conversation.match(asked, searchLang);
    if (chat) {
      const at = candidates.findIndex((c) => c.confidence < chat.confidence);
      candidates.splice(at < 0 ? candidates.length : at, 0, chat);
      if (candidates.length > k) candidates.pop();
    }
    const t = this.thresholds(searchLang);
    return { lang: searchLang, candidates, thresholds: t && { answer: t.answer, clarify: t.clarify, source: t.source }, ...(readAs !== text ? { readAs } : {}) };
  }
}
