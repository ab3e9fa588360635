import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, warmEmbeddingCache } from '../app/test-support.ts';
import { runDerivedKb } from './derived-kb.ts';
import type { LanguageShares } from './metrics.ts';

/**
 * Calibration of the whole publish-and-match path, on a fixed derived set (eval/derived-kb.ts):
 * the sample knowledge base's alternates are published, its headings asked (a fifth of the
 * entries left out: their headings are out of scope). A calibrator that learns nothing (its prior)
 * or learns the wrong scale fails these bounds: before the calibration pool had generic
 * off-topic questions in every language and held-out fragments weighed less, the same set (two
 * folds) gave ECE 0.12–0.24; fold 0 now gives 0.12–0.25, 0.17 on average.
 */
describe('confidence on questions worded unlike the phrasings it was fitted on', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let shares: Record<string, LanguageShares>;

  beforeAll(async () => {
    dir = await tempDir('faqbot-calibration-');
    shares = await runDerivedKb({ kbDir: 'knowledge/sample-kb', fold: 0, cacheDir: await warmEmbeddingCache(`${dir.dir}/emb`, 'sample') });
  }, 300_000);
  afterAll(() => dir?.cleanup());

  it('keeps the expected calibration error bounded in every language, and low on average', () => {
    expect(Object.keys(shares).sort()).toEqual(['ar', 'en', 'pl', 'th', 'zh']);
    const all = Object.entries(shares);
    for (const [lang, s] of all) {
      expect(s.top1, lang).toBeGreaterThan(0.7);
      expect(s.ece, lang).toBeLessThan(0.3);
    }
    expect(all.reduce((sum, [, s]) => sum + s.ece, 0) / all.length).toBeLessThan(MEAN_ECE_BOUND);
  });
});

/** Fixed when the test was written (fold 0 gave 0.169); see eval/HISTORY.md for the figures it guards. */
const MEAN_ECE_BOUND = 0.2;
