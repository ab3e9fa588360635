import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  CachedEmbeddings, createLanguageDetector, FileEmbeddingCache, isFaqEntry, KnowledgeBase, loadKnowledgeFolder, UseLiteEmbeddings,
  type FaqEntry, type LanguageAwareEmbeddings,
} from '../knowledge/index.ts';
import { OOS, type Example } from './dataset.ts';
import { languageShares, type LanguageShares } from './metrics.ts';
import { askAll, predictionsOf } from './run.ts';

/**
 * A dev set derived from a knowledge-base folder, for calibration choices without a test set:
 * each entry's main question (its heading) becomes a question asked of a knowledge base built
 * from its alternates only (all of them, or the first `phrasings`), and a fifth of the entries
 * are left out entirely, their headings standing in for out-of-scope questions. Headings are
 * worded differently from the alternates (more formal, complete sentences), so this checks that
 * confidence holds beyond the phrasings the calibrator was fitted on.
 */
export interface DerivedKbOptions {
  kbDir: string;
  /** Alternates kept per entry and language; default all. 1 gives the one-phrasing shape. */
  phrasings?: number;
  /** Which fifth of the entries is left out (0–4). Default 0. */
  fold?: number;
  cacheDir?: string;
  embeddings?: LanguageAwareEmbeddings;
  maxWrongAnswerRate?: number;
}

/** Split the folder's entries into (knowledge base from alternates, questions from headings). */
export function deriveKb(entries: FaqEntry[], o: { phrasings?: number; fold?: number } = {}): { kb: FaqEntry[]; questions: Example[] } {
  const fold = o.fold ?? 0;
  const kb: FaqEntry[] = [];
  const questions: Example[] = [];
  // Synonyms (and small talk) are no question to ask: kept as they are, outside the folds.
  kb.push(...entries.filter((e) => !isFaqEntry(e)));
  entries.filter(isFaqEntry).sort((a, b) => a.id.localeCompare(b.id)).forEach((e, i) => {
    const left = i % 5 === fold;
    for (const v of e.variants) questions.push({ text: v.question, label: left ? OOS : e.id, split: 'test', lang: v.lang });
    if (left) return;
    const variants = e.variants.filter((v) => v.alternates.length).map((v) => {
      const kept = v.alternates.slice(0, o.phrasings ?? v.alternates.length);
      return { ...v, question: kept[0]!, alternates: kept.slice(1) };
    });
    if (variants.length) kb.push({ ...e, variants });
  });
  return { kb, questions };
}

/** Publish the derived knowledge base and ask its questions; the per-language table at its own thresholds. */
export async function runDerivedKb(o: DerivedKbOptions): Promise<Record<string, LanguageShares>> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'faqbot-derived-'));
  try {
    const embeddings = new CachedEmbeddings(o.embeddings ?? new UseLiteEmbeddings(), new FileEmbeddingCache(o.cacheDir ?? path.join(work, 'emb')));
    const { kb: entries, questions } = deriveKb(await loadKnowledgeFolder(o.kbDir), o);
    const kb = await KnowledgeBase.open({ dir: path.join(work, 'kb'), embeddings, maxWrongAnswerRate: o.maxWrongAnswerRate });
    await kb.publish(entries);
    const asked = await askAll(kb, await createLanguageDetector(), questions, 3, () => undefined);
    const preds = predictionsOf(asked, { answer: 0.5, clarify: 0.25, source: 'config' }, true);
    return languageShares(preds);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
