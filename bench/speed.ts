import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import os from 'node:os';
import path from 'node:path';
import { entriesFromExamples, percentile, type Example } from '../eval/index.ts';
import { CachedEmbeddings, FileEmbeddingCache, KnowledgeBase, seededRandom, shuffleInPlace, UseLiteEmbeddings } from '../knowledge/index.ts';
import { loadSharedDataset } from './quality.ts';

export interface SpeedRow {
  alternates: number;
  entries: number;
  buildSeconds: number;
  trainSeconds: number;
  match: { p50: number; p95: number };
  embed: { p50: number; p95: number };
  rssMb: number;
  /** RSS of a fresh process that opened the published knowledge base and answered the same questions. */
  reopenedRssMb: number;
  /** The same, in a process that collects garbage after opening and every 50 questions. */
  reopenedAfterGcMb: number;
}

/** The questions every size is asked: BANKING77's first 300 test texts. */
export const speedQuestions = (banking: Example[]): string[] => banking.filter((e) => e.split === 'test').slice(0, 300).map((e) => e.text);

/**
 * Memory of serving a published knowledge base: a new process opens it (bench/reopened-memory.ts),
 * once as is and once collecting garbage as it goes.
 */
async function reopenedRss(dir: string, cacheDir: string): Promise<Pick<SpeedRow, 'reopenedRssMb' | 'reopenedAfterGcMb'>> {
  const script = fileURLToPath(new URL('./reopened-memory.ts', import.meta.url));
  const run = async (flags: string[]) => {
    const { stdout } = await promisify(execFile)(process.execPath, [...flags, '--import', 'tsx', script, dir, cacheDir], { maxBuffer: 1 << 24 });
    return (JSON.parse(stdout.trim().split('\n').pop()!) as { rssMb: number }).rssMb;
  };
  return { reopenedRssMb: await run([]), reopenedAfterGcMb: await run(['--expose-gc']) };
}

/**
 * A knowledge base of `n` alternate questions made from BANKING77's training texts (past
 * 10,003 the texts repeat with a numbered suffix, so every phrasing is distinct).
 */
function knowledgeOfSize(all: Example[], n: number): Example[] {
  // The file is sorted by label: shuffle (seeded) so every size spans many intents.
  const random = seededRandom(5);
  const train = shuffleInPlace([...all], random);
  const out: Example[] = [];
  for (let i = 0; i < n; i++) {
    const base = train[i % train.length]!;
    const round = Math.floor(i / train.length);
    out.push(round === 0 ? base : { ...base, text: `${base.text} (${round})` });
  }
  return out;
}

/**
 * Per-question matching latency against knowledge bases of growing size, next to the bare
 * cost of embedding one question, and the process memory after building.
 */
export async function runSpeedBench(sizes: number[], cacheDir: string, log: (line: string) => void): Promise<SpeedRow[]> {
  const banking = await loadSharedDataset('banking77.jsonl');
  const train = banking.filter((e) => e.split === 'train');
  const questions = speedQuestions(banking);
  const rows: SpeedRow[] = [];
  for (const n of sizes) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'faqbot-speed-'));
    try {
      const use = new UseLiteEmbeddings();
      const kb = await KnowledgeBase.open({ dir, embeddings: new CachedEmbeddings(use, new FileEmbeddingCache(cacheDir)) });
      const examples = knowledgeOfSize(train, n);
      const built = await kb.publish(entriesFromExamples(examples));
      await kb.match('warm up', 'en');
      const match: number[] = [];
      const embed: number[] = [];
      for (const q of questions) {
        let t = performance.now();
        await use.embedQuery(q);
        embed.push(performance.now() - t);
        t = performance.now();
        await kb.match(q, 'en');
        match.push(performance.now() - t);
      }
      const row: SpeedRow = {
        alternates: n,
        entries: new Set(examples.map((e) => e.label)).size,
        buildSeconds: built.seconds,
        trainSeconds: built.trainSeconds ?? 0,
        match: { p50: percentile(match, 50), p95: percentile(match, 95) },
        embed: { p50: percentile(embed, 50), p95: percentile(embed, 95) },
        rssMb: process.memoryUsage().rss / 2 ** 20,
        ...await reopenedRss(dir, cacheDir),
      };
      rows.push(row);
      log(formatSpeed(row));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  return rows;
}

export const SPEED_HEADER = `${'alternates'.padStart(10)} ${'entries'.padStart(7)} | match p50/p95 ms | embed p50/p95 ms | ratio p50 / p95 | build s (train s) | RSS MB (reopened; collecting)`;

export function formatSpeed(r: SpeedRow): string {
  const ratio = `${(r.match.p50 / r.embed.p50).toFixed(2)}x / ${(r.match.p95 / r.embed.p95).toFixed(2)}x`;
  return `${String(r.alternates).padStart(10)} ${String(r.entries).padStart(7)} | ${r.match.p50.toFixed(1).padStart(6)} / ${r.match.p95.toFixed(1).padStart(6)} | ${r.embed.p50.toFixed(1).padStart(6)} / ${r.embed.p95.toFixed(1).padStart(6)} | ${ratio.padStart(15)} | ${r.buildSeconds.toFixed(1).padStart(7)} (${r.trainSeconds.toFixed(1)}) | ${r.rssMb.toFixed(0)} (${r.reopenedRssMb.toFixed(0)}; ${r.reopenedAfterGcMb.toFixed(0)})`;
}
