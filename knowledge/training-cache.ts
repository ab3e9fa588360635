import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { LexicalState } from './lexical-model.ts';
import type { TrainingInput } from './train-languages.ts';
import type { TrainedLanguage } from './training-thread.ts';

/** What training returns, as it crosses threads: each language's model and weights, and the lexical model's state. */
export interface TrainingResult {
  languages: TrainedLanguage[];
  lexical: LexicalState;
}

/**
 * A folder of training results, each under the hash of its whole input (texts, vectors, options).
 * Training is deterministic, so a result found here is what training the same input would give,
 * as long as the code that trains is the same: the folder must belong to one build of the code
 * (the test suite keeps it beside its templates, whose folder is named by the hash of the sources).
 * The product's own repeated publishes are spared by the snapshots instead (KnowledgeBase.publish:
 * trainingKey); this serves many knowledge-base folders trained on the same inputs, which a test
 * run publishes dozens of times.
 */
export class TrainingCache {
  constructor(readonly dir: string) {}

  /**
   * The key of `input`: all of it as JSON, vectors as their bytes, hashed. Not its structured-clone
   * serialisation: that writes a string as V8 holds it (one or two bytes a character), so equal
   * texts read from different files gave different keys.
   */
  key(input: TrainingInput): string {
    const json = JSON.stringify(input, (_key, value: unknown) => (value instanceof Float32Array ? Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') : value));
    return createHash('sha256').update(json).digest('hex');
  }

  /** The result stored under `key`, or undefined when there is none or it cannot be read. */
  async get(key: string): Promise<TrainingResult | undefined> {
    const bytes = await readFile(this.file(key)).catch(() => undefined);
    if (!bytes) return undefined;
    try {
      const result = deserialize(bytes) as Partial<TrainingResult> | undefined;
      return Array.isArray(result?.languages) && result.lexical ? result as TrainingResult : undefined;
    } catch {
      return undefined;
    }
  }

  /** Store `result` under `key`: written aside and renamed, so that a reader sees all of it or nothing. */
  async put(key: string, result: TrainingResult): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const partial = `${this.file(key)}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    try {
      await writeFile(partial, serialize(result));
      await rename(partial, this.file(key));
    } catch {
      await rm(partial, { force: true });
    }
  }

  private file(key: string): string {
    return path.join(this.dir, `${key}.v8`);
  }
}

let cache: TrainingCache | undefined;

/**
 * Keep training results in `dir` for the rest of the process (undefined: stop). Only the test
 * suite sets one (app/test-setup.ts), for the folder of its templates.
 */
export function useTrainingCache(dir: string | undefined): void {
  cache = dir ? new TrainingCache(dir) : undefined;
}

/** The process's training cache, if one is set. */
export function trainingCache(): TrainingCache | undefined {
  return cache;
}
