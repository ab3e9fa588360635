import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, warmEmbeddingCache } from '../app/test-support.ts';
import { runDerivedKb } from './derived-kb.ts';
import type { LanguageShares } from './metrics.ts';

/**
 * Calibration of the whole publish-and-match path, on a fixed derived set (eval/derived-kb.ts):
 * the sample knowledge base's alternates are published, its headings asked (a fifth of the
 * entries left out: their headings are out of scope). A calibrator that learns nothing (its prior)
 * or learns the wrong scale fails these bounds: before the calibration pool had generic
 * off-topic questions in every language and long questions were matched clause by clause, the
 * same set gave ECE up to 0.24 and a mean confidence 0.25–0.38 below the share answered right.
 */
describe('confidence on questions worded unlike the phrasings it was fitted on', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let shares: Record<string, LanguageShares>;

  beforeAll(async () => {
    dir = await tempDir('faqbot-calibration-');
    shares = await runDerivedKb({ kbDir: 'knowledge/sample-kb', fold: 0, cacheDir: await warmEmbeddingCache(`${dir.dir}/emb`, 'sample') });
  }, 300_000);
  afterAll(() => dir?.cleanup());

  it('keeps the expected calibration error low in every language', () => {
    expect(Object.keys(shares).sort()).toEqual(['ar', 'en', 'pl', 'th', 'zh']);
    for (const [lang, s] of Object.entries(shares)) {
      expect(s.top1, lang).toBeGreaterThan(0.7);
      expect(s.ece, lang).toBeLessThan(ECE_BOUND);
    }
  });
});

/** Fixed when the test was written; see eval/HISTORY.md for the figures it guards. */
const ECE_BOUND = 0.2;
