import path from 'node:path';
import { confidence, fitCalibrator, PRIOR_CALIBRATOR, type CalibrationFeatures, type CalibratorState } from './calibrator.ts';
import { dot, embedderCovers, type LanguageAwareEmbeddings } from './embeddings.ts';
import { LanceIndex, type IndexReader, type IndexRow } from './lance-index.ts';
import { LexicalModel, type LexicalVector } from './lexical-model.ts';
import { rankEntries, type EntryScore, type ScoredRow } from './scorer.ts';
import { indexTokens, words } from './segment.ts';
import { SnapshotStore, type Snapshot, type SnapshotSummary } from './snapshots.ts';
import { KnowledgeError, type EntryVariant, type FaqEntry, type MatchCandidate, type MatchResult } from './types.ts';

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
}

interface MemoryRow {
  rowId: string;
  entryId: string;
  lang: string;
  text: string;
  lex: LexicalVector;
  words: Set<string>;
}

interface ActiveVersion {
  snapshot: Snapshot;
  reader: IndexReader;
  entries: Map<string, FaqEntry>;
  langs: Set<string>;
  lexical: LexicalModel;
  rowsByLang: Map<string, MemoryRow[]>;
  rowById: Map<string, MemoryRow>;
}

export interface PublishResult {
  version: number;
  rows: number;
  entries: number;
  seconds: number;
}

/** Deterministic PRNG (mulberry32) so calibration samples are reproducible. */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function rowsOf(entries: FaqEntry[]): Array<Omit<IndexRow, 'vector' | 'tokens'>> {
  const rows: Array<Omit<IndexRow, 'vector' | 'tokens'>> = [];
  for (const e of entries) {
    if (e.status !== 'published') continue;
    for (const v of e.variants) {
      rows.push({ rowId: `${e.id}|${v.lang}|0`, entryId: e.id, lang: v.lang, kind: 'question', text: v.question });
      v.alternates.forEach((alt, i) => rows.push({ rowId: `${e.id}|${v.lang}|${i + 1}`, entryId: e.id, lang: v.lang, kind: 'alternate', text: alt }));
    }
  }
  return rows;
}

const features = (ranked: EntryScore[], i: number): CalibrationFeatures => {
  const s = ranked[i]?.score ?? 0;
  const rival = i === 0 ? (ranked[1]?.score ?? 0) : (ranked[0]?.score ?? 0);
  return [s, s - rival, ranked[i]?.signals.coverage ?? 0];
};

/**
 * The knowledge base as the bot sees it: published versions, the index behind them,
 * and `match()`, which scores every entry for a question and returns calibrated confidences.
 */
export class KnowledgeBase {
  private active?: ActiveVersion;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly defaultLang: string;
  private readonly retrieveLimit: number;
  private readonly calibrationSample: number;

  private constructor(
    private readonly opts: KnowledgeBaseOptions,
    private readonly index: LanceIndex,
    private readonly snapshots: SnapshotStore,
  ) {
    this.defaultLang = opts.defaultLang ?? 'en';
    this.retrieveLimit = opts.retrieveLimit ?? 50;
    this.calibrationSample = opts.calibrationSample ?? 600;
  }

  /** Open (or create) a knowledge base folder and load its live version, if any. */
  static async open(opts: KnowledgeBaseOptions): Promise<KnowledgeBase> {
    const kb = new KnowledgeBase(opts, await LanceIndex.open(path.join(opts.dir, 'index')), new SnapshotStore(path.join(opts.dir, 'snapshots')));
    const current = await kb.snapshots.current();
    if (current !== undefined) await kb.activate(await kb.snapshots.load(current));
    return kb;
  }

  /** Live version number, or undefined before the first publish. */
  get version(): number | undefined {
    return this.active?.snapshot.version;
  }

  get sourceHash(): string | undefined {
    return this.active?.snapshot.sourceHash;
  }

  /** Languages with published content. */
  get languages(): string[] {
    return [...(this.active?.langs ?? [])].sort();
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

  /** The language a question is searched in: its own when it has content, else the default. */
  searchLanguage(lang: string): string {
    const langs = this.active?.langs;
    if (!langs || langs.has(lang)) return lang;
    return langs.has(this.defaultLang) ? this.defaultLang : ([...langs][0] ?? lang);
  }

  versions(): Promise<SnapshotSummary[]> {
    return this.snapshots.list();
  }

  /** Run write operations one at a time. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * Publish entries as a new version: embed (cached), index, fit the calibrator, switch.
   * Matching keeps using the previous version until the new one is ready.
   */
  publish(entries: FaqEntry[], meta: { note?: string; sourceHash?: string } = {}): Promise<PublishResult> {
    return this.serial(async () => {
      const started = performance.now();
      const base = rowsOf(entries);
      if (base.length === 0) throw new KnowledgeError('nothing to publish: no published entry has a question');
      const vectors = await this.opts.embeddings.embedDocuments(base.map((r) => r.text));
      const rows: IndexRow[] = base.map((r, i) => ({ ...r, tokens: indexTokens(r.text, r.lang), vector: vectors[i]! }));
      const indexVersion = await this.index.write(rows);
      const lexical = new LexicalModel(rows);
      const calibrators = this.fitCalibrators(rows, lexical);
      const version = Math.max(0, ...(await this.snapshots.list()).map((s) => s.version)) + 1;
      const snapshot: Snapshot = {
        version, indexVersion, createdAt: new Date().toISOString(), note: meta.note, sourceHash: meta.sourceHash,
        embedder: this.opts.embeddings.modelId, entries, calibrators,
      };
      await this.snapshots.save(snapshot);
      await this.activate(snapshot, lexical);
      await this.snapshots.setCurrent(version);
      return { version, rows: rows.length, entries: entries.length, seconds: (performance.now() - started) / 1000 };
    });
  }

  /** Make an earlier version live again, recorded as a new version. */
  rollback(toVersion: number, note?: string): Promise<PublishResult> {
    return this.serial(async () => {
      const started = performance.now();
      const old = await this.snapshots.load(toVersion).catch((cause) => {
        throw new KnowledgeError(`no knowledge-base version ${toVersion}`, undefined, undefined, { cause });
      });
      const indexVersion = await this.index.restore(old.indexVersion);
      const version = Math.max(0, ...(await this.snapshots.list()).map((s) => s.version)) + 1;
      const snapshot: Snapshot = { ...old, version, indexVersion, createdAt: new Date().toISOString(), note: note ?? `rollback to version ${toVersion}` };
      await this.snapshots.save(snapshot);
      await this.activate(snapshot);
      await this.snapshots.setCurrent(version);
      return { version, rows: 0, entries: old.entries.length, seconds: (performance.now() - started) / 1000 };
    });
  }

  private async activate(snapshot: Snapshot, lexical?: LexicalModel): Promise<void> {
    const reader = await this.index.reader(snapshot.indexVersion);
    const base = rowsOf(snapshot.entries);
    lexical ??= new LexicalModel(base);
    const rowsByLang = new Map<string, MemoryRow[]>();
    const rowById = new Map<string, MemoryRow>();
    for (const r of base) {
      const row: MemoryRow = { rowId: r.rowId, entryId: r.entryId, lang: r.lang, text: r.text, lex: lexical.vectorize(r.text, r.lang), words: new Set(words(r.text, r.lang)) };
      if (!rowsByLang.has(r.lang)) rowsByLang.set(r.lang, []);
      rowsByLang.get(r.lang)!.push(row);
      rowById.set(r.rowId, row);
    }
    const previous = this.active;
    this.active = {
      snapshot, reader, lexical, rowsByLang, rowById,
      entries: new Map(snapshot.entries.map((e) => [e.id, e])),
      langs: new Set(rowsByLang.keys()),
    };
    // In-flight questions may still hold the previous reader; let them finish before closing it.
    if (previous) setTimeout(() => previous.reader.close(), 30_000).unref();
  }

  /**
   * Fit one calibrator per language on the knowledge base's own phrasings: each sampled
   * phrasing is asked (a) with only itself held out — right if the top entry is its own —
   * and (b) with its whole entry held out, which stands in for an out-of-scope question
   * that resembles the content. Deterministic (seeded sample).
   */
  private fitCalibrators(rows: IndexRow[], lexical: LexicalModel): Record<string, CalibratorState> {
    const out: Record<string, CalibratorState> = {};
    const langs = [...new Set(rows.map((r) => r.lang))];
    for (const lang of langs) {
      const inLang = rows.filter((r) => r.lang === lang);
      const covered = embedderCovers(this.opts.embeddings, lang);
      const lex = inLang.map((r) => lexical.vectorize(r.text, lang));
      const rowWords = inLang.map((r) => words(r.text, lang));
      const rowWordSets = rowWords.map((w) => new Set(w));
      const random = rng(7);
      const order = inLang.map((_, i) => i).sort((a, b) => a - b);
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      const examples: Array<{ x: CalibrationFeatures; y: 0 | 1 }> = [];
      for (const qi of order.slice(0, this.calibrationSample)) {
        const q = inLang[qi]!;
        const scored: ScoredRow[] = inLang.map((r, j) => ({
          rowId: r.rowId, entryId: r.entryId, text: r.text, bm25: 0,
          dense: covered ? dot(q.vector, r.vector) : 0,
          lexical: LexicalModel.similarity(lex[qi]!, lex[j]!),
          coverage: lexical.coverage(rowWords[qi]!, rowWordSets[j]!),
        }));
        const withoutSelf = rankEntries(scored.filter((_, j) => j !== qi), covered);
        if (withoutSelf.length) examples.push({ x: features(withoutSelf, 0), y: withoutSelf[0]!.entryId === q.entryId ? 1 : 0 });
        const withoutEntry = rankEntries(scored.filter((r) => r.entryId !== q.entryId), covered);
        if (withoutEntry.length) examples.push({ x: features(withoutEntry, 0), y: 0 });
      }
      out[lang] = fitCalibrator(examples);
    }
    return out;
  }

  /**
   * Rank entries for a question in a language. Retrieval is hybrid: LanceDB's vector search
   * (when the embedder covers the language) and its BM25 full-text search; every retrieved
   * row is then re-scored lexically and the signals fused and calibrated.
   */
  async match(text: string, lang: string, k = 5): Promise<MatchResult> {
    const state = this.active;
    if (!state) return { lang, candidates: [] };
    const searchLang = this.searchLanguage(lang);
    const covered = embedderCovers(this.opts.embeddings, searchLang);
    const [denseHits, textHits] = await Promise.all([
      covered ? this.opts.embeddings.embedQuery(text).then((v) => state.reader.nearest(v, searchLang, this.retrieveLimit)) : [],
      state.reader.fullText(indexTokens(text, searchLang), searchLang, this.retrieveLimit),
    ]);
    const qLex = state.lexical.vectorize(text, searchLang);
    const qWords = words(text, searchLang);
    const rows = new Map<string, ScoredRow>();
    const rowFor = (rowId: string): ScoredRow | undefined => {
      let r = rows.get(rowId);
      const mem = state.rowById.get(rowId);
      if (!r && mem) {
        r = { rowId, entryId: mem.entryId, text: mem.text, dense: 0, bm25: 0, lexical: LexicalModel.similarity(qLex, mem.lex), coverage: state.lexical.coverage(qWords, mem.words) };
        rows.set(rowId, r);
      }
      return r;
    };
    for (const h of denseHits) { const r = rowFor(h.rowId); if (r) r.dense = Math.max(r.dense, h.score); }
    for (const h of textHits) { const r = rowFor(h.rowId); if (r) r.bm25 = Math.max(r.bm25, h.score); }
    const ranked = rankEntries(rows.values(), covered);
    const calibrator = state.snapshot.calibrators[searchLang] ?? PRIOR_CALIBRATOR;
    const candidates: MatchCandidate[] = ranked.slice(0, k).map((e, i) => ({
      entryId: e.entryId,
      lang: searchLang,
      title: this.variant(e.entryId, searchLang)?.question ?? e.entryId,
      matchedText: e.matchedText,
      score: e.score,
      confidence: confidence(calibrator, features(ranked, i)),
      signals: e.signals,
    }));
    return { lang: searchLang, candidates };
  }
}
