import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  CachedEmbeddings, createLanguageDetector, FileEmbeddingCache, KnowledgeBase, seededRandom, UseLiteEmbeddings, words,
  type LanguageAwareEmbeddings,
} from '../knowledge/index.ts';
import { OOS, parseDataset, type Example } from './dataset.ts';
import { multiclassMcc } from './metrics.ts';
import { answeredAt, askHoldout, chooseThreshold, mccByThreshold, plannedOosRate, type Asked } from './run.ts';

/**
 * Dev splits: how a change to matching is judged without touching a test split. Each seed holds
 * out part of the dataset's `train` split (holdout(): a fifth of the labels left out as
 * out-of-scope questions, a fifth of the rest's texts as in-scope ones), publishes the remainder
 * and asks the held-out texts. Each seed's answer threshold is chosen on the other seeds pooled,
 * as the eval chooses one on its own holdouts, so the MCC includes the cost of choosing it.
 *
 * Random holdouts of a bot's own phrasings are easier than real questions: most have a
 * near-duplicate among the kept phrasings. The "novel" rows keep only the held-out in-scope
 * questions that share few words with every kept phrasing of their label (plus all the
 * out-of-scope ones). They were the closest proxy for real traffic found on HINT3 (top-1 and
 * confidence AUC close to the test splits'), so check a change there first.
 */

/** Word Jaccard under which a held-out question counts as worded unlike a kept phrasing. */
export const NOVEL_MAX_JACCARD = 0.34;

/** Default seeds: five holdouts, none of them the eval's own (11 onwards). */
export const DEV_SEEDS = [1000, 1001, 1002, 1003, 1004] as const;

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  const union = a.size + b.size - shared;
  return union ? shared / union : 0;
}

/** True when `question` shares less than NOVEL_MAX_JACCARD of its words with every one of `kept`. */
export function lexicallyNovel(question: string, kept: readonly string[], lang = 'en', maxJaccard = NOVEL_MAX_JACCARD): boolean {
  const q = new Set(words(question, lang));
  return kept.every((k) => jaccard(q, new Set(words(k, lang))) < maxJaccard);
}

/**
 * Area under the ROC curve of the best candidate's confidence for "answered right" against
 * everything else (wrong entry, or an out-of-scope question): how well the confidence ranks,
 * whatever threshold is chosen. Ties count half.
 */
export function confidenceAuc(asked: readonly Asked[]): number {
  const scored = asked.map((a) => ({ c: a.top?.confidence ?? 0, right: a.top !== undefined && a.top.entryId === a.example.label }));
  scored.sort((x, y) => x.c - y.c);
  const positives = scored.filter((s) => s.right).length;
  const negatives = scored.length - positives;
  if (!positives || !negatives) return Number.NaN;
  // Mann–Whitney U over ranks, with tied confidences given their mean rank.
  let rankSum = 0;
  for (let i = 0; i < scored.length;) {
    let j = i;
    while (j + 1 < scored.length && scored[j + 1]!.c === scored[i]!.c) j++;
    const meanRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (scored[k]!.right) rankSum += meanRank;
    i = j + 1;
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export interface DevFigures {
  /** Questions asked, over all seeds. */
  questions: number;
  /** Mean over seeds of the MCC at the threshold chosen on the other seeds. */
  mcc: number;
  /** Mean over seeds of the MCC at that seed's own best threshold (what a perfect choice would give). */
  bestMcc: number;
  auc: number;
  /** Share of in-scope questions whose own entry ranked first. */
  top1: number;
  /** Mean chosen threshold. */
  threshold: number;
}

/** Figures for per-seed answers: each seed's threshold chosen (chooseThreshold) on the others pooled. */
export function devFigures(perSeed: readonly Asked[][]): DevFigures {
  const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : Number.NaN);
  const mccs: number[] = [], best: number[] = [], aucs: number[] = [], top1: number[] = [], thresholds: number[] = [];
  perSeed.forEach((asked, i) => {
    const others = perSeed.filter((_, j) => j !== i).flat();
    const threshold = chooseThreshold(others.length ? others : asked, 'dev').answer;
    mccs.push(multiclassMcc(asked.map((a) => a.example.label), answeredAt(asked, threshold)));
    best.push(Math.max(...mccByThreshold(asked).map((g) => g.mcc)));
    const auc = confidenceAuc(asked);
    if (!Number.isNaN(auc)) aucs.push(auc);
    const inScope = asked.filter((a) => a.example.label !== OOS);
    if (inScope.length) top1.push(inScope.filter((a) => a.top?.entryId === a.example.label).length / inScope.length);
    thresholds.push(threshold);
  });
  return { questions: perSeed.reduce((s, a) => s + a.length, 0), mcc: mean(mccs), bestMcc: mean(best), auc: mean(aucs), top1: mean(top1), threshold: mean(thresholds) };
}

/**
 * One typo in one word of 4 or more Latin letters: a letter left out, added, changed or swapped
 * with the next one (the four single edits that typo correction reads past). Text without such a
 * word comes back as it was.
 */
export function withTypo(text: string, random: () => number): string {
  const words = [...text.matchAll(/\p{Script=Latin}{4,}/gu)];
  if (!words.length) return text;
  const w = words[Math.floor(random() * words.length)]!;
  const word = w[0];
  const at = Math.floor(random() * word.length);
  // A letter other than the one at `at`, so that every edit changes the word.
  const others = 'abcdefghijklmnopqrstuvwxyz'.replace(word[at]!.toLowerCase(), '');
  const letter = others[Math.floor(random() * others.length)]!;
  const dropped = word.slice(0, at) + word.slice(at + 1);
  const edits = [
    () => dropped,
    () => word.slice(0, at) + letter + word.slice(at),
    () => word.slice(0, at) + letter + word.slice(at + 1),
    () => (at + 1 < word.length && word[at] !== word[at + 1] ? word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2) : dropped),
  ];
  const typed = edits[Math.floor(random() * edits.length)]!();
  return text.slice(0, w.index) + typed + text.slice(w.index! + word.length);
}

export interface DevReport {
  dataset: string;
  all: DevFigures;
  novel: DevFigures;
}

export interface DevOptions {
  dataset: string;
  examples?: Example[];
  seeds?: readonly number[];
  embeddings?: LanguageAwareEmbeddings;
  cacheDir?: string;
  oosRate?: number;
  /**
   * Share of held-out questions given one typo (withTypo, seeded by the split's seed), to check
   * that typo correction still reads past them. Default 0.
   */
  typoRate?: number;
  onProgress?: (done: number, total: number) => void;
}

/** One dataset's dev splits: every seed's holdout published and asked, then figures for all questions and for the novel ones. */
export async function runDevSplits(o: DevOptions): Promise<DevReport> {
  const examples = o.examples ?? parseDataset(await readFile(o.dataset, 'utf8'), path.basename(o.dataset));
  const train = examples.filter((e) => e.split === 'train');
  if (!train.length) throw new Error(`${o.dataset}: no "train" examples to make dev splits from`);
  const seeds = o.seeds ?? DEV_SEEDS;
  const rate = plannedOosRate(examples, o.oosRate).rate;
  const work = await mkdtemp(path.join(os.tmpdir(), 'faqbot-dev-'));
  const embeddings = new CachedEmbeddings(o.embeddings ?? new UseLiteEmbeddings(), new FileEmbeddingCache(o.cacheDir ?? path.join(work, 'emb')));
  // Questions are asked of the knowledge base opened last; its vocabulary informs language choice, as in the bot.
  let asking: KnowledgeBase | undefined;
  const detector = await createLanguageDetector({ vocabulary: () => asking?.vocabulary });
  const all: Asked[][] = [];
  const novel: Asked[][] = [];
  try {
    for (const [i, seed] of seeds.entries()) {
      const kb = (asking = await KnowledgeBase.open({ dir: path.join(work, `kb-${seed}`), embeddings, outOfScopeRate: rate }));
      const random = seededRandom(seed + 1);
      const typos = o.typoRate ?? 0;
      const perturb = typos > 0 ? (held: Example[]) => held.map((e) => (random() < typos ? { ...e, text: withTypo(e.text, random) } : e)) : undefined;
      const { rest, asked } = await askHoldout(kb, detector, train, { outOfScopeRate: rate, seed, k: 3, perturb });
      const kept = new Map<string, string[]>();
      for (const r of rest) (kept.get(r.label) ?? kept.set(r.label, []).get(r.label)!).push(r.text);
      all.push(asked);
      novel.push(asked.filter((a) => a.example.label === OOS || lexicallyNovel(a.example.text, kept.get(a.example.label) ?? [], a.example.lang)));
      o.onProgress?.(i + 1, seeds.length);
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return { dataset: path.basename(o.dataset), all: devFigures(all), novel: devFigures(novel) };
}

export function formatDevReports(reports: readonly DevReport[]): string {
  const f = (x: number) => (Number.isNaN(x) ? '  –  ' : x.toFixed(3));
  const row = (name: string, kind: string, d: DevFigures) =>
    `${name.padEnd(30)} ${kind.padEnd(5)} ${String(d.questions).padStart(6)}  ${f(d.mcc)}  ${f(d.bestMcc)}  ${f(d.auc)}  ${f(d.top1)}  ${d.threshold.toFixed(2)}`;
  const lines = [`${'dataset'.padEnd(30)} ${'rows'.padEnd(5)} ${'asked'.padStart(6)}  MCC    best   AUC    top-1  thr.`];
  for (const r of reports) lines.push(row(r.dataset, 'all', r.all), row('', 'novel', r.novel));
  if (reports.length > 1) {
    const mean = (pick: (r: DevReport) => DevFigures): DevFigures => {
      const ds = reports.map(pick);
      const m = (k: keyof DevFigures) => ds.reduce((s, d) => s + d[k], 0) / ds.length;
      return { questions: ds.reduce((s, d) => s + d.questions, 0), mcc: m('mcc'), bestMcc: m('bestMcc'), auc: m('auc'), top1: m('top1'), threshold: m('threshold') };
    };
    lines.push(row('mean', 'all', mean((r) => r.all)), row('', 'novel', mean((r) => r.novel)));
  }
  return lines.join('\n');
}
