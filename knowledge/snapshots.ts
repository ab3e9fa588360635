import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CalibratorState } from './calibrator.ts';
import type { LanguageThresholds } from './thresholds.ts';

/** A language's trained matcher, minus its weights (kept in a binary file beside the snapshot). */
export interface SnapshotModel {
  entryIds: string[];
  calibrator: CalibratorState;
  /** For questions in several clauses (absent when too few to fit on, and in versions published before it existed). */
  clauseCalibrator?: CalibratorState;
  denseCovered: boolean;
  cvAccuracy?: number;
  /** The chatter feature compares words (LanguageModel.lexicalChatter); absent in versions published before it could. */
  lexicalChatter?: boolean;
  /** Answer and clarify thresholds chosen at publish (absent in versions published before they were). */
  thresholds?: Omit<LanguageThresholds, 'source'>;
}
import type { FaqEntry } from './types.ts';

/** Everything that makes one published knowledge-base version reproducible. */
export interface Snapshot {
  version: number;
  /** LanceDB table version holding this version's rows. */
  indexVersion: number;
  createdAt: string;
  note?: string;
  embedder: string;
  entries: FaqEntry[];
  /** Matchers trained at publish time, per language. */
  models: Record<string, SnapshotModel>;
  /** Hash of the source the version was built from (to skip unchanged republishes). */
  sourceHash?: string;
  /** TEXT_NORMALIZATION the lexical features were built with; absent in versions from before it was recorded (1). */
  textNormalization?: number;
  /** Hash of what the models were trained on (KnowledgeBase.trainingKey): a later publish with the same one reuses them. */
  trainingKey?: string;
}

export type SnapshotSummary = Pick<Snapshot, 'version' | 'indexVersion' | 'createdAt' | 'note' | 'sourceHash' | 'trainingKey'> & { entries: number };

/** Snapshot files in `<dir>/v<N>.json`, plus `current.json` naming the live version. */
export class SnapshotStore {
  constructor(private readonly dir: string) {}

  private file(version: number) {
    return path.join(this.dir, `v${version}.json`);
  }

  /** Write atomically (temp file + rename), so a crash never leaves half a snapshot. */
  private async writeJson(file: string, value: unknown) {
    await mkdir(this.dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(value));
    await rename(tmp, file);
  }

  async save(snapshot: Snapshot): Promise<void> {
    await this.writeJson(this.file(snapshot.version), snapshot);
  }

  /** Binary side files of a version (classifier weights). */
  async saveBlob(version: number, name: string, data: Buffer): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const file = path.join(this.dir, `v${version}.${name}.bin`);
    await writeFile(`${file}.tmp`, data);
    await rename(`${file}.tmp`, file);
  }

  loadBlob(version: number, name: string): Promise<Buffer> {
    return readFile(path.join(this.dir, `v${version}.${name}.bin`));
  }

  async load(version: number): Promise<Snapshot> {
    return JSON.parse(await readFile(this.file(version), 'utf8')) as Snapshot;
  }

  async setCurrent(version: number): Promise<void> {
    await this.writeJson(path.join(this.dir, 'current.json'), { version });
  }

  async current(): Promise<number | undefined> {
    try {
      return (JSON.parse(await readFile(path.join(this.dir, 'current.json'), 'utf8')) as { version: number }).version;
    } catch {
      return undefined;
    }
  }

  async list(): Promise<SnapshotSummary[]> {
    let names: string[] = [];
    try {
      names = await readdir(this.dir);
    } catch {
      return [];
    }
    const versions = names.map((n) => /^v(\d+)\.json$/.exec(n)?.[1]).filter(Boolean).map(Number).sort((a, b) => a - b);
    const out: SnapshotSummary[] = [];
    for (const v of versions) {
      const s = await this.load(v);
      out.push({ version: s.version, indexVersion: s.indexVersion, createdAt: s.createdAt, note: s.note, sourceHash: s.sourceHash, trainingKey: s.trainingKey, entries: s.entries.length });
    }
    return out;
  }
}
