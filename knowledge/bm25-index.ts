/**
 * LanceDB's BM25 full-text search over the knowledge index, in memory.
 *
 * Matching runs a full-text search for every question in a language the embedder does not cover
 * (MatchOptions.fullText). Through LanceDB each one cost ~3.5 ms of CPU on its own threads and
 * ~1 ms on the main thread (the query plan, the language filter, Arrow batches into JS), for a
 * knowledge base of a few thousand phrasings; this index answers the same question in ~0.1 ms.
 *
 * It scores as LanceDB 0.31 (lance-index 8) does with the index `LanceIndex.write` builds
 * (whitespace tokenizer, nothing folded, stemmed or removed): tokens of 40 UTF-8 bytes or more
 * are dropped, a repeated query token counts once, IDF ln(1 + (N − n + 0.5) / (n + 0.5)) and the
 * average length over every row of the table (all languages, as its language filter only
 * selects rows), k1 = 1.2, b = 0.75, in single precision. Scores equal LanceDB's within float
 * rounding (its sum may add the tokens in another order: 1–4 units in the last place); where
 * rows tie at the limit, the first rows are kept, whereas LanceDB keeps whichever its heap
 * holds (bm25-index.test.ts compares the two).
 */

const f32 = Math.fround;
const K1 = f32(1.2);
const B = f32(0.75);
const K1_PLUS_1 = f32(K1 + 1);
const ONE_MINUS_B = f32(1 - B);
/** LanceDB's tokenizer drops tokens from this many UTF-8 bytes on (its `max_token_length`). */
export const MAX_TOKEN_BYTES = 40;

const utf8 = new TextEncoder();
/** Whether LanceDB's tokenizer keeps a token: pure ASCII is checked without encoding. */
function kept(token: string): boolean {
  if (token === '') return false;
  // A UTF-16 unit is 1–3 UTF-8 bytes (a surrogate pair is 4 for 2 units): a token is surely
  // short under 14 units, and surely long from 40.
  if (token.length < 14) return true;
  if (token.length >= MAX_TOKEN_BYTES) return false;
  return utf8.encode(token).length < MAX_TOKEN_BYTES;
}

/** Tokens of a `tokens` string (indexTokens joins them with single spaces; none holds whitespace). */
function tokensOf(text: string): string[] {
  return text.split(' ').filter(kept);
}

/** One row of the knowledge index: its language and its full-text tokens (IndexRow.tokens). */
export interface Bm25Row {
  lang: string;
  tokens: string;
}

/** A row found by search: its position in the rows given to the index, and its BM25 score. */
export interface Bm25Hit {
  row: number;
  score: number;
}

export class Bm25Index {
  private readonly tokenIds = new Map<string, number>();
  /** Rows containing each token, over the whole table (every language). */
  private readonly docFrequency: number[] = [];
  /**
   * Postings of searchable rows, token after token (token t's from postingStart[t] to
   * postingStart[t + 1]): row positions, ascending, and term frequencies. Typed arrays: a few
   * bytes a posting rather than a JavaScript array per token.
   */
  private readonly postingStart: Int32Array;
  private readonly postingRows: Int32Array;
  private readonly postingFreqs: Uint16Array;
  /** Per row, LanceDB's length normalisation k1 · (1 − b + b · length / average length). */
  private readonly lengthNorm: Float32Array;
  private readonly rowLangs: string[];
  private readonly searchable: ReadonlySet<string>;
  private readonly rowCount: number;
  /** Scratch for one search: a score per row, and which rows have one. */
  private readonly scores: Float64Array;
  private readonly touched: Int32Array;

  /**
   * `rows` in the table's order (its row ids); `languages` are those searched here: the others'
   * rows only count in the statistics (LanceDB scores over the whole table).
   */
  constructor(rows: readonly Bm25Row[], languages: Iterable<string>) {
    this.searchable = new Set(languages);
    this.rowCount = rows.length;
    this.rowLangs = rows.map((r) => r.lang);
    const lengths = new Int32Array(rows.length);
    const postingRows: number[][] = [];
    const postingFreqs: number[][] = [];
    let total = 0;
    rows.forEach((r, i) => {
      const tokens = tokensOf(r.tokens);
      lengths[i] = tokens.length;
      total += tokens.length;
      const freq = new Map<number, number>();
      for (const t of tokens) {
        let id = this.tokenIds.get(t);
        if (id === undefined) {
          id = this.docFrequency.length;
          this.tokenIds.set(t, id);
          this.docFrequency.push(0);
          postingRows.push([]);
          postingFreqs.push([]);
        }
        freq.set(id, (freq.get(id) ?? 0) + 1);
      }
      const searchable = this.searchable.has(r.lang);
      for (const [id, n] of freq) {
        this.docFrequency[id]!++;
        if (!searchable) continue;
        postingRows[id]!.push(i);
        postingFreqs[id]!.push(n);
      }
    });
    this.postingStart = new Int32Array(postingRows.length + 1);
    postingRows.forEach((p, t) => { this.postingStart[t + 1] = this.postingStart[t]! + p.length; });
    this.postingRows = Int32Array.from(postingRows.flat());
    // A token repeated more than 65,535 times in one phrasing is not a phrasing.
    this.postingFreqs = Uint16Array.from(postingFreqs.flat(), (n) => Math.min(n, 0xffff));
    const averageLength = f32(f32(total) / f32(rows.length));
    this.lengthNorm = Float32Array.from(lengths, (n) => f32(K1 * f32(ONE_MINUS_B + f32(f32(B * n) / averageLength))));
    this.scores = new Float64Array(rows.length);
    this.touched = new Int32Array(rows.length);
  }

  /** Whether `lang`'s rows are searched here. */
  searches(lang: string): boolean {
    return this.searchable.has(lang);
  }

  /**
   * The `limit` best rows of `lang` for a query segmented like the rows' tokens, best first
   * (ties: the earlier row first). Rows sharing no token with the query are not hits.
   */
  search(tokens: string, lang: string, limit: number): Bm25Hit[] {
    if (!this.searchable.has(lang) || limit <= 0) return [];
    const { scores, touched } = this;
    let hits = 0;
    const seen = new Set<number>();
    for (const token of tokensOf(tokens)) {
      const id = this.tokenIds.get(token);
      if (id === undefined || seen.has(id)) continue;
      seen.add(id);
      const n = this.docFrequency[id]!;
      const idf = f32(Math.log(f32(f32(f32(this.rowCount - n) + 0.5) / f32(n + 0.5)) + 1));
      for (let j = this.postingStart[id]!, end = this.postingStart[id + 1]!; j < end; j++) {
        const row = this.postingRows[j]!;
        if (this.rowLangs[row] !== lang) continue;
        const tf = this.postingFreqs[j]!;
        const weight = f32(f32(K1_PLUS_1 * tf) / f32(tf + this.lengthNorm[row]!));
        if (scores[row] === 0) touched[hits++] = row;
        scores[row] = f32(scores[row]! + f32(idf * weight));
      }
    }
    const found: Bm25Hit[] = new Array(hits);
    for (let i = 0; i < hits; i++) {
      const row = touched[i]!;
      found[i] = { row, score: scores[row]! };
      scores[row] = 0;
    }
    found.sort((a, b) => b.score - a.score || a.row - b.row);
    if (found.length > limit) found.length = limit;
    return found;
  }
}
