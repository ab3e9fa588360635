import { UseLiteEmbeddings } from './embeddings.ts';
import type { QueryBatchEmbeddings } from './micro-batch-embeddings.ts';
import { TransformersEmbeddings, type TransformersDtype } from './transformers-embeddings.ts';

/**
 * Which sentence-embedding model to run, as plain data: it is sent to the embedding thread, which
 * builds its own embedder from it. `use-lite` (the default model, shipped in an npm package), or
 * a transformers.js model with its options.
 */
export interface EmbedderSpec {
  model: 'use-lite' | (string & {});
  modelsDir?: string;
  dtype?: TransformersDtype;
  pooling?: 'mean' | 'cls';
  languages?: readonly string[];
  queryPrefix?: string;
  documentPrefix?: string;
  batchSize?: number;
}

/** The embedder a spec describes, in this thread. */
export function createEmbedder(spec: EmbedderSpec): QueryBatchEmbeddings {
  const { model, ...options } = spec;
  return model === 'use-lite' ? new UseLiteEmbeddings() : new TransformersEmbeddings({ model, ...options });
}
