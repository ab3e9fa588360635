import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDataset, runEval, type EvalReport, type Example } from '../eval/index.ts';
import { isFaqEntry, loadKnowledgeFolder, seededRandom, shuffleInPlace } from '../knowledge/index.ts';
import { runNlpjs } from './nlpjs-baseline.ts';

/** The shared public datasets, beside the repository. */
export const DATASETS_DIR = path.resolve(new URL('../../shared/datasets', import.meta.url).pathname);

/** One shared dataset, by its path under DATASETS_DIR. */
export const loadSharedDataset = async (file: string): Promise<Example[]> => parseDataset(await readFile(path.join(DATASETS_DIR, file), 'utf8'), file);

export const QUALITY_DATASETS = [
  'banking77.jsonl',
  'banking77_oos.jsonl',
  'hint3/hint3_v1_curekart.jsonl',
  'hint3/hint3_v1_sofmattress.jsonl',
  'hint3/hint3_v1_powerplay11.jsonl',
  // The same bots' test questions relabelled (v2), and their smaller training subsets: no target,
  // but the issue asks for higher accuracy and MCC than NLP.js on every shared dataset.
  'hint3/hint3_v2_curekart.jsonl',
  'hint3/hint3_v2_sofmattress.jsonl',
  'hint3/hint3_v2_powerplay11.jsonl',
  'hint3/hint3_v1_curekart_subset.jsonl',
  'hint3/hint3_v1_sofmattress_subset.jsonl',
  'hint3/hint3_v1_powerplay11_subset.jsonl',
];

/** Name of the BANKING77 10-examples-per-intent rows (5 seeds) for `--datasets`. */
export const FEW_SHOT_ROWS = 'banking77-10shot';
/** Name of the sample knowledge base's rows (one per language) for `--datasets`. */
export const SAMPLE_KB_ROWS = 'sample-kb';
/** The project's sample knowledge base and its independently written questions (see README). */
const SAMPLE_KB_DIR = new URL('../knowledge/sample-kb', import.meta.url).pathname;
const SAMPLE_KB_QUESTIONS = new URL('../eval/sample-kb-questions.jsonl', import.meta.url).pathname;

/**
 * The bench's rows whose name contains one of `filters` (all of them without filters):
 * `npm run bench -- --only quality --datasets hint3_v2,10shot`.
 */
export function selectDatasets(filters: readonly string[] = []): string[] {
  const names = [...QUALITY_DATASETS, FEW_SHOT_ROWS, SAMPLE_KB_ROWS];
  return filters.length ? names.filter((n) => filters.some((f) => n.includes(f))) : names;
}

/** k training examples per label (seeded), every val and test example kept. */
export function fewShot(examples: Example[], k: number, seed: number): Example[] {
  const random = seededRandom(seed);
  const byLabel = new Map<string, Example[]>();
  for (const e of examples.filter((x) => x.split === 'train')) (byLabel.get(e.label) ?? byLabel.set(e.label, []).get(e.label)!).push(e);
  const chosen: Example[] = [];
  for (const group of byLabel.values()) {
    chosen.push(...shuffleInPlace([...group], random).slice(0, k));
  }
  return [...chosen, ...examples.filter((x) => x.split !== 'train')];
}

export interface QualityRow {
  dataset: string;
  ours: Pick<EvalReport, 'accuracy' | 'inScopeAccuracy' | 'oosRecall' | 'mcc' | 'latencyMs' | 'buildSeconds' | 'thresholds'>;
  nlpjs: { accuracy: number; inScopeAccuracy: number; oosRecall: number; mcc: number; latencyMs: { p50: number } };
}

/**
 * BANKING77's published accuracies are closed-set (every test question has an answer), so its
 * rows plan for no out-of-scope questions (`npm run eval -- banking77.jsonl --oos-rate 0`);
 * every other dataset plans for its own train/val share, or the default.
 */
const CLOSED_SET = new Set(['banking77.jsonl']);

async function compare(name: string, examples: Example[], cacheDir: string, oosRate?: number): Promise<QualityRow> {
  const ours = await runEval({ dataset: name, examples, cacheDir, oosRate });
  const nlpjs = await runNlpjs(examples);
  return { dataset: name, ours, nlpjs };
}

/**
 * Every shared dataset through our eval and through NLP.js on the same data, plus
 * BANKING77 with 10 examples per intent (5 seeds).
 */
export async function runQualityBench(cacheDir: string, log: (line: string) => void, filters: readonly string[] = []): Promise<QualityRow[]> {
  const rows: QualityRow[] = [];
  const selected = selectDatasets(filters);
  for (const file of QUALITY_DATASETS.filter((f) => selected.includes(f))) {
    const examples = await loadSharedDataset(file);
    const row = await compare(path.basename(file), examples, cacheDir, CLOSED_SET.has(file) ? 0 : undefined);
    rows.push(row);
    log(formatRow(row));
  }
  if (selected.includes(FEW_SHOT_ROWS)) {
    const banking = await loadSharedDataset('banking77.jsonl');
    for (let seed = 1; seed <= 5; seed++) {
      const row = await compare(`banking77 10-shot seed ${seed}`, fewShot(banking, 10, seed), cacheDir, 0);
      rows.push(row);
      log(formatRow(row));
    }
  }
  if (selected.includes(SAMPLE_KB_ROWS)) {
    for (const row of await sampleKbRows(cacheDir)) {
      rows.push(row);
      log(formatRow(row));
    }
  }
  return rows;
}

/**
 * The sample knowledge base, one row per language: ours publishes the folder (every language,
 * answering at the default 0.5 / 0.25, as the product does) and is asked that language's sample questions;
 * NLP.js is trained on that language's phrasings (each entry's question and alternates) and asked
 * the same questions.
 */
export async function sampleKbRows(cacheDir: string): Promise<QualityRow[]> {
  const entries = await loadKnowledgeFolder(SAMPLE_KB_DIR);
  const questions = parseDataset(await readFile(SAMPLE_KB_QUESTIONS, 'utf8'), 'sample-kb-questions.jsonl');
  const rows: QualityRow[] = [];
  for (const lang of [...new Set(questions.map((q) => q.lang))].sort()) {
    const test = questions.filter((q) => q.lang === lang && q.split === 'test');
    // The FAQ entries' phrasings: the folder's synonym groups are no intent (NLP.js has no use for them).
    const train: Example[] = entries.filter(isFaqEntry).flatMap((e) => e.variants.filter((v) => v.lang === lang)
      .flatMap((v) => [v.question, ...v.alternates].map((text) => ({ text, label: e.id, split: 'train' as const, lang }))));
    // The product's default thresholds (AUTO_THRESHOLDS off); `npm run eval -- … --kb` shows the chosen ones.
    const ours = await runEval({ dataset: `sample-kb ${lang}`, examples: test, kbDir: SAMPLE_KB_DIR, cacheDir, defaultThresholds: { answer: 0.5, clarify: 0.25, source: 'config' }, fixedThresholds: true });
    rows.push({ dataset: `sample-kb ${lang}`, ours, nlpjs: await runNlpjs([...train, ...test]) });
  }
  return rows;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}`.padStart(5);

export const QUALITY_HEADER = `${'dataset'.padEnd(34)} | ours: acc  in-sc  oosR   MCC  ms/q | NLP.js: acc  in-sc  oosR   MCC  ms/q`;

export function formatRow(r: QualityRow): string {
  const o = r.ours;
  const n = r.nlpjs;
  return `${r.dataset.padEnd(34)} |     ${pct(o.accuracy)}  ${pct(o.inScopeAccuracy)} ${pct(o.oosRecall)} ${o.mcc.toFixed(3)} ${o.latencyMs.p50.toFixed(1).padStart(5)} |       ${pct(n.accuracy)}  ${pct(n.inScopeAccuracy)} ${pct(n.oosRecall)} ${n.mcc.toFixed(3)} ${n.latencyMs.p50.toFixed(1).padStart(5)}`;
}
