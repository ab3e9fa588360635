import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { Embeddings, type EmbeddingsParams } from '@langchain/core/embeddings';
import type { FeatureExtractionPipeline } from '@huggingface/transformers';
import type { LanguageAwareEmbeddings } from './embeddings.ts';
import { KnowledgeError } from './types.ts';

/** ONNX weight variants transformers.js knows, and the file-name suffix each one loads. */
const DTYPE_SUFFIX = {
  fp32: '', fp16: '_fp16', q8: '_quantized', int8: '_int8', uint8: '_uint8', q4: '_q4', q4f16: '_q4f16', bnb4: '_bnb4',
} as const;
export type TransformersDtype = keyof typeof DTYPE_SUFFIX;

export interface TransformersEmbeddingsOptions extends EmbeddingsParams {
  /**
   * A model id such as `Xenova/multilingual-e5-small`, resolved inside `modelsDir`
   * (`<modelsDir>/Xenova/multilingual-e5-small`), or an absolute path to a model folder.
   */
  model: string;
  /** Folder holding model folders (needed when `model` is an id, not an absolute path). */
  modelsDir?: string;
  /** How token vectors become one sentence vector. Default `mean` (sentence-transformers, E5). */
  pooling?: 'mean' | 'cls';
  /** L2-normalise vectors so a dot product is the cosine. Default true. */
  normalize?: boolean;
  /** Texts per forward pass. Default 32. */
  batchSize?: number;
  /** Languages the model was trained on. Default `['*']` (multilingual). */
  languages?: readonly string[];
  /** Prepended to every question before embedding (E5 models want `"query: "`). */
  queryPrefix?: string;
  /** Prepended to every document text before embedding (E5 models want `"passage: "`). */
  documentPrefix?: string;
  /** Which ONNX weights to load: `fp32` → `onnx/model.onnx`, `q8` → `onnx/model_quantized.onnx`… Default `fp32`. */
  dtype?: TransformersDtype;
}

/** Files a transformers.js feature-extraction model folder must hold, for a given dtype. */
export function expectedModelFiles(dtype: TransformersDtype = 'fp32'): string[] {
  return ['config.json', 'tokenizer.json', 'tokenizer_config.json', `onnx/model${DTYPE_SUFFIX[dtype]}.onnx`];
}

/** The absolute folder a model option points to. */
export function resolveModelFolder(model: string, modelsDir?: string): string {
  if (path.isAbsolute(model)) return path.normalize(model);
  if (!modelsDir) {
    throw new KnowledgeError(`embedding model "${model}" is not an absolute folder path, and no models folder was given to look it up in`);
  }
  if (model.split(/[\\/]/).includes('..')) throw new KnowledgeError(`embedding model id "${model}" must not contain ".."`);
  return path.resolve(modelsDir, model);
}

/**
 * Sentence embeddings from any transformers.js (ONNX) feature-extraction model on local disk:
 * e.g. `Xenova/multilingual-e5-small` or `Xenova/paraphrase-multilingual-MiniLM-L12-v2` copied
 * into the models folder. Never touches the network: remote model loading is switched off, and
 * a missing folder or file is reported up front with the list of files expected.
 */
export class TransformersEmbeddings extends Embeddings implements LanguageAwareEmbeddings {
  /** Stable id: model name, weights, pooling and prefixes, plus a fingerprint of the files on disk. */
  readonly modelId: string;
  readonly languages: readonly string[];
  /** The model folder in use. */
  readonly folder: string;
  /** Vector length, known once the model has run once. */
  dimensions?: number;

  private readonly pooling: 'mean' | 'cls';
  private readonly normalizeVectors: boolean;
  private readonly batchSize: number;
  private readonly queryPrefix: string;
  private readonly documentPrefix: string;
  private readonly dtype: TransformersDtype;
  private readonly modelsDir?: string;
  private extractor?: Promise<FeatureExtractionPipeline>;

  constructor(options: TransformersEmbeddingsOptions) {
    const { model, modelsDir, pooling = 'mean', normalize = true, batchSize = 32, languages = ['*'], queryPrefix = '', documentPrefix = '', dtype = 'fp32', ...params } = options;
    super(params);
    if (!(dtype in DTYPE_SUFFIX)) throw new KnowledgeError(`unknown embedding model dtype "${dtype}" (one of ${Object.keys(DTYPE_SUFFIX).join(', ')})`);
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new KnowledgeError(`embedding batch size must be a positive integer, got ${batchSize}`);
    this.folder = resolveModelFolder(model, modelsDir);
    this.modelsDir = modelsDir;
    this.pooling = pooling;
    this.normalizeVectors = normalize;
    this.batchSize = batchSize;
    this.languages = [...languages];
    this.queryPrefix = queryPrefix;
    this.documentPrefix = documentPrefix;
    this.dtype = dtype;
    const files = checkModelFolder(this.folder, model, dtype);
    const settings = [dtype, pooling, normalize ? 'norm' : 'raw', JSON.stringify([queryPrefix, documentPrefix])].join('|');
    this.modelId = `transformers:${path.isAbsolute(model) ? path.basename(this.folder) : model}:${dtype}:${pooling}:${fingerprint(files, settings)}`;
  }

  private load(): Promise<FeatureExtractionPipeline> {
    this.extractor ??= (async () => {
      const { env, pipeline } = await import('@huggingface/transformers');
      env.allowRemoteModels = false;
      env.allowLocalModels = true;
      if (this.modelsDir) env.localModelPath = this.modelsDir;
      // An absolute folder is read as is, whatever `env.localModelPath` says.
      return await pipeline('feature-extraction', this.folder, { dtype: this.dtype, device: 'cpu', local_files_only: true });
    })().catch((error: unknown) => {
      this.extractor = undefined;
      throw new KnowledgeError(`cannot load embedding model from ${this.folder}: ${error instanceof Error ? error.message : String(error)}`,
        undefined, undefined, { cause: error });
    });
    return this.extractor;
  }

  private async embed(texts: string[]): Promise<number[][]> {
    if (!texts.length) return [];
    const extractor = await this.load();
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += this.batchSize) {
      const batch = texts.slice(i, i + this.batchSize);
      const tensor = await extractor(batch, { pooling: this.pooling, normalize: this.normalizeVectors });
      const [rows, dim] = tensor.dims as [number, number];
      const data = tensor.data as Float32Array;
      for (let r = 0; r < rows; r++) out.push(Array.from(data.subarray(r * dim, (r + 1) * dim), (x) => (Number.isFinite(x) ? x : 0)));
      this.dimensions = dim;
      tensor.dispose?.();
    }
    return out;
  }

  embedDocuments(texts: string[]): Promise<number[][]> {
    return this.embed(texts.map((t) => this.documentPrefix + t));
  }

  async embedQuery(text: string): Promise<number[]> {
    return (await this.embed([this.queryPrefix + text]))[0]!;
  }

  /** Several questions in batches of batchSize (see MicroBatchEmbeddings). */
  embedQueries(texts: string[]): Promise<number[][]> {
    return this.embed(texts.map((t) => this.queryPrefix + t));
  }

  /** Frees the ONNX session. */
  async dispose(): Promise<void> {
    const extractor = this.extractor;
    this.extractor = undefined;
    if (extractor) await (await extractor.catch(() => undefined))?.dispose();
  }
}

/** Throws a KnowledgeError naming the folder and every missing file; returns the files' paths. */
function checkModelFolder(folder: string, model: string, dtype: TransformersDtype): string[] {
  const expected = expectedModelFiles(dtype);
  const hint = `a transformers.js model folder needs ${expected.join(', ')}`;
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new KnowledgeError(`embedding model "${model}" not found: no folder ${folder} (${hint})`, folder);
  }
  const missing = expected.filter((f) => !existsSync(path.join(folder, f)));
  if (missing.length) {
    throw new KnowledgeError(`embedding model "${model}" is incomplete: missing ${missing.join(', ')} (${hint})`, folder);
  }
  return expected.map((f) => path.join(folder, f));
}

/**
 * Short hash of the settings, the configuration files' content and the weights' size plus three
 * 1 MB samples of them: replacing a model under the same name changes the id, so vectors cached
 * for the old model are never reused, while copying the folder elsewhere keeps the id.
 */
function fingerprint(files: string[], settings: string): string {
  const h = createHash('sha256').update(settings);
  for (const f of files) {
    h.update('\0').update(path.basename(f)).update('\0');
    const size = statSync(f).size;
    if (f.endsWith('.json')) { h.update(readFileSync(f)); continue; }
    h.update(String(size));
    const fd = openSync(f, 'r');
    try {
      const chunk = Buffer.alloc(Math.min(size, 1 << 20));
      for (const at of new Set([0, Math.floor((size - chunk.length) / 2), size - chunk.length])) {
        h.update(chunk.subarray(0, readSync(fd, chunk, 0, chunk.length, at)));
      }
    } finally {
      closeSync(fd);
    }
  }
  return h.digest('hex').slice(0, 12);
}
