import * as lancedb from '@lancedb/lancedb';
import { Index } from '@lancedb/lancedb';
import { within } from '../shared/index.ts';

/** One row of the knowledge index: an entry's question or alternate phrasing in one language. */
export interface IndexRow {
  rowId: string;
  entryId: string;
  lang: string;
  kind: 'question' | 'alternate';
  text: string;
  /** Words and character trigrams, space-separated: what the full-text index sees. */
  tokens: string;
  vector: Float32Array;
}

const TABLE = 'kb_rows';
/**
 * From this many rows on, the vectors get an HNSW index (scalar-quantised). LanceDB's exact
 * scan grows with the table (measured on BANKING77 phrasings: 2 ms at 100 rows, 11 ms at
 * 3,000, 100-190 ms at 10,000), while HNSW stayed near 2 ms from 100 to 10,000 rows with
 * 97-100% of the exact top 50 and builds in under 3 s at 10,000. Candidates found this way
 * are re-scored exactly from the stored vectors, so a missed neighbour costs little.
 */
export const ANN_MIN_ROWS = 256;
/** HNSW search breadth: twice the usual 50 candidates (recall@50 rose from 97-98% to 99%+). */
const HNSW_EF = 100;

/**
 * An index build that has not finished by then never will: LanceDB 0.31 was seen leaving the
 * promise of a full-text index build unsettled, with no thread working on it. Failing the
 * publish with a clear error (the live version stays) beats hanging it for good. Generous: an
 * HNSW index over 100,000 vectors took about 60-110 s here.
 */
const INDEX_BUILD_LIMIT_MS = 15 * 60_000;

async function settleWithin(work: Promise<void>, ms: number, what: string): Promise<void> {
  if (await within(work, ms) === 'late') throw new Error(`building ${what} did not finish within ${ms / 60_000} minutes`);
}

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * The knowledge index in LanceDB, embedded in the data folder: vectors plus a BM25
 * full-text index over pre-segmented tokens (whitespace tokenizer, since Intl.Segmenter
 * already did the language-aware work). Every publish writes a new table version.
 */
export class LanceIndex {
  private constructor(private readonly db: lancedb.Connection) {}

  static async open(dir: string): Promise<LanceIndex> {
    return new LanceIndex(await lancedb.connect(dir));
  }

  /**
   * Replace the table's content with `rows`; returns the new table version. `vectorIndex`
   * builds the HNSW index (from ANN_MIN_ROWS rows) for `IndexReader.nearest`; without it,
   * nearest() scans every vector exactly.
   */
  async write(rows: IndexRow[], o: { vectorIndex?: boolean } = {}): Promise<number> {
    const table = await this.db.createTable(TABLE, rows as unknown as Record<string, unknown>[], { mode: 'overwrite' });
    await settleWithin(table.createIndex('tokens', {
      config: Index.fts({ baseTokenizer: 'whitespace', lowercase: false, stem: false, removeStopWords: false, asciiFolding: false, withPosition: false }),
    }), INDEX_BUILD_LIMIT_MS, 'the full-text index');
    if (o.vectorIndex && rows.length >= ANN_MIN_ROWS) {
      await settleWithin(table.createIndex('vector', { config: Index.hnswSq({ distanceType: 'cosine' }) }), INDEX_BUILD_LIMIT_MS, 'the vector index');
    }
    const version = await table.version();
    table.close();
    return version;
  }

  /** Make an earlier table version the latest again; returns the new version. */
  async restore(version: number): Promise<number> {
    const table = await this.db.openTable(TABLE);
    await table.checkout(version);
    await table.restore();
    const latest = await table.version();
    table.close();
    return latest;
  }

  /** A read-only view pinned to one version, so a publish never changes answers mid-question. */
  async reader(version: number): Promise<IndexReader> {
    const table = await this.db.openTable(TABLE);
    await table.checkout(version);
    return new IndexReader(table);
  }

  async hasTable(): Promise<boolean> {
    return (await this.db.tableNames()).includes(TABLE);
  }
}

export interface RowHit {
  rowId: string;
  entryId: string;
  score: number;
}

export class IndexReader {
  constructor(private readonly table: lancedb.Table) {}

  /** Nearest rows by cosine similarity within one language (score = 1 − cosine distance). */
  async nearest(vector: number[] | Float32Array, lang: string, limit: number): Promise<RowHit[]> {
    const rows = await this.table.vectorSearch(vector).distanceType('cosine').where(`lang = ${quote(lang)}`)
      .ef(Math.max(HNSW_EF, 2 * limit)).select(['rowId', 'entryId', '_distance']).limit(limit).toArray();
    return rows.map((r) => ({ rowId: String(r.rowId), entryId: String(r.entryId), score: 1 - Number(r._distance) }));
  }

  /** BM25 full-text hits within one language. `tokens` must be segmented like IndexRow.tokens. */
  async fullText(tokens: string, lang: string, limit: number): Promise<RowHit[]> {
    if (!tokens.trim()) return [];
    const rows = await this.table.query().fullTextSearch(tokens, { columns: ['tokens'] }).where(`lang = ${quote(lang)}`)
      .select(['rowId', 'entryId', '_score']).limit(limit).toArray();
    return rows.map((r) => ({ rowId: String(r.rowId), entryId: String(r.entryId), score: Number(r._score) }));
  }

  close(): void {
    this.table.close();
  }
}
