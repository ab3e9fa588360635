import path from 'node:path';
import type { TransformersDtype } from '../knowledge/index.ts';
import { ConfigError, type Env } from './config.ts';

const DTYPES: TransformersDtype[] = ['fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4', 'q4f16', 'bnb4'];

/** Which sentence-embedding model the knowledge base uses. */
export interface EmbeddingsConfig {
  /**
   * `use-lite` (default: Universal Sentence Encoder lite, English, shipped in an npm package), or a
   * transformers.js model id inside `modelsDir` (e.g. `Xenova/multilingual-e5-small`), or an
   * absolute model folder. `EMBEDDINGS_MODEL`.
   */
  model: string;
  /** Folder of local transformers.js models. Default `./models`. `MODELS_DIR`. */
  modelsDir: string;
  /** Weights file to load: `fp32` = onnx/model.onnx, `q8` = onnx/model_quantized.onnx, … Default fp32. `EMBEDDINGS_DTYPE`. */
  dtype: TransformersDtype;
  /** Token pooling. Default mean. `EMBEDDINGS_POOLING`. */
  pooling: 'mean' | 'cls';
  /** Languages the model covers; `*` for all. Default `*`. `EMBEDDINGS_LANGUAGES`. */
  languages: string[];
  /** Prefix for questions; default "query: " for E5 models, else none. `EMBEDDINGS_QUERY_PREFIX`. */
  queryPrefix: string;
  /** Prefix for knowledge texts; default "passage: " for E5 models, else none. `EMBEDDINGS_DOCUMENT_PREFIX`. */
  documentPrefix: string;
  /** Texts per batch. Default 32. `EMBEDDINGS_BATCH_SIZE`. */
  batchSize: number;
}

/** Read the embedding settings; fails naming the variable. */
export function embeddingsConfig(env: Env, cwd: string): EmbeddingsConfig {
  const model = env.EMBEDDINGS_MODEL || 'use-lite';
  const dtype = (env.EMBEDDINGS_DTYPE || 'fp32') as TransformersDtype;
  if (!DTYPES.includes(dtype)) throw new ConfigError('EMBEDDINGS_DTYPE', `expected one of ${DTYPES.join(', ')}`);
  const pooling = (env.EMBEDDINGS_POOLING || 'mean') as EmbeddingsConfig['pooling'];
  if (pooling !== 'mean' && pooling !== 'cls') throw new ConfigError('EMBEDDINGS_POOLING', 'expected "mean" or "cls"');
  const batchSize = Number(env.EMBEDDINGS_BATCH_SIZE || 32);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1024) throw new ConfigError('EMBEDDINGS_BATCH_SIZE', 'expected an integer between 1 and 1024');
  const e5 = /e5/i.test(model);
  return {
    model,
    modelsDir: path.resolve(cwd, env.MODELS_DIR || './models'),
    dtype,
    pooling,
    languages: (env.EMBEDDINGS_LANGUAGES || '*').split(',').map((s) => s.trim()).filter(Boolean),
    // `??`: an empty value turns an E5 prefix off on purpose.
    queryPrefix: env.EMBEDDINGS_QUERY_PREFIX ?? (e5 ? 'query: ' : ''),
    documentPrefix: env.EMBEDDINGS_DOCUMENT_PREFIX ?? (e5 ? 'passage: ' : ''),
    batchSize,
  };
}
