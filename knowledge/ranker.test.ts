import { describe, expect, it } from 'vitest';
import { seededRandom } from './classifier.ts';
import { PRIOR_CALIBRATOR } from './calibrator.ts';
import { SENTENCE_WORDS, chatterGap, nearestOutlier, sentenceWeight, topIndices, trainLanguage, type TrainingRow } from './ranker.ts';

describe('topIndices', () => {
  it('returns the n largest, largest first, lower index first on ties', () => {
    const random = seededRandom(3);
    for (let trial = 0; trial < 50; trial++) {
      const values = Array.from({ length: 40 }, () => Math.round(random() * 20));
      const n = 1 + (trial % 9);
      const expected = values.map((v, i) => ({ v, i })).sort((a, b) => b.v - a.v || a.i - b.i).slice(0, n).map((x) => x.i);
      expect(topIndices(values, n)).toEqual(expected);
    }
    expect(topIndices([1, 2], 5)).toEqual([1, 0]);
    expect(topIndices([], 3)).toEqual([]);
  });
});

describe('the weight of a held-out phrasing in calibration', () => {
  it('counts sentences fully and fragments less, in any script', () => {
    expect(sentenceWeight('I sent my return last week, how long until the refund comes through?', 'en')).toBe(1);
    expect(sentenceWeight('refund time', 'en')).toBeCloseTo(2 / SENTENCE_WORDS, 9);
    expect(sentenceWeight('上周寄回了退货，退款多久能到账？', 'zh')).toBeGreaterThan(sentenceWeight('退款时效', 'zh'));
    expect(sentenceWeight('', 'en')).toBe(0.2);
  });
});

describe('the chatter feature', () => {
  const unit = (...xs: number[]) => {
    const n = Math.hypot(...xs);
    return Float32Array.from(xs.map((x) => x / n));
  };
  const outliers = [unit(1, 0, 0), unit(0, 1, 0), unit(1, 1, 0)];

  it('finds the nearest outlier by cosine, skipping one when asked and ignoring vectors of another size', () => {
    expect(nearestOutlier(unit(1, 0, 0), outliers)).toBeCloseTo(1, 6);
    expect(nearestOutlier(unit(1, 0, 0), outliers, 0)).toBeCloseTo(Math.SQRT1_2, 6);
    expect(nearestOutlier(unit(0, 0, 1), outliers)).toBe(0);
    expect(nearestOutlier(undefined, outliers)).toBe(0);
    expect(nearestOutlier(unit(1, 0), outliers)).toBe(0);
  });

  it('is 0 when the phrasing is at least as near as the chatter, negative by the difference otherwise', () => {
    expect(chatterGap(0.8, 0.6)).toBe(0);
    expect(chatterGap(0.6, 0.6)).toBe(0);
    expect(chatterGap(0.5, 0.8)).toBeCloseTo(-0.3, 9);
  });
});

describe('calibrating a knowledge base with one phrasing per entry', () => {
  /** The sample knowledge base in English, each entry's heading only (or with its alternates), with its answer; lexical signals only. */
  async function onePhrasing(alternates = false) {
    const { loadKnowledgeFolder } = await import('./load-folder.ts');
    const { LexicalModel } = await import('./lexical-model.ts');
    const { renderPlainText } = await import('./render.ts');
    const { answerProbe } = await import('./answer-probe.ts');
    const entries = await loadKnowledgeFolder('knowledge/sample-kb');
    const en = entries.flatMap((e) => e.variants.filter((v) => v.lang === 'en').map((v) => ({ entryId: e.id, question: v.question, alternates: v.alternates, answer: renderPlainText(v.answer) })));
    const lexical = new LexicalModel([...en.map((e) => ({ lang: 'en', text: e.question })), ...en.map((e) => ({ lang: 'en', text: e.answer }))]);
    const row = (entryId: string, text: string, isAnswer?: boolean): TrainingRow => ({ rowId: `${entryId}|${text.length}|${isAnswer ? 'a' : 'q'}`, entryId, text, vector: new Float32Array(0), lex: lexical.vectorize(text, 'en'), isAnswer });
    const rows = [...en.flatMap((e) => [e.question, ...(alternates ? e.alternates : [])].map((t) => row(e.entryId, t))), ...en.map((e) => row(e.entryId, e.answer, true))];
    const probes = en.map((e) => row(e.entryId, answerProbe(e.answer, 'en'))).filter((p) => p.text);
    return { rows, probes, lexical };
  }

  it('asks questions made from the answers, so the calibrator has right answers to learn from', async () => {
    const { rows, probes, lexical } = await onePhrasing();
    const o = { calibrationSample: 600, outOfScopeRate: 0.25 };
    const without = await trainLanguage('en', rows, lexical, false, o);
    const withProbes = await trainLanguage('en', rows, lexical, false, { ...o, probes });
    // Held out, an entry's only phrasing leaves only its answer to match it with: hardly ever right.
    expect(without.cvAccuracy).toBeLessThan(0.05);
    expect(withProbes.cvAccuracy).toBeGreaterThan(0.15);
    expect(withProbes.calibrator).not.toEqual(PRIOR_CALIBRATOR);
    expect(withProbes.calibrator.examples).toBeGreaterThan(20);
  }, 120_000);

  it('keeps the rest of a probed entry\'s answer in its fold, so the classifier\'s probability counts toward confidence', async () => {
    const { rows, probes, lexical } = await onePhrasing();
    const model = await trainLanguage('en', rows, lexical, false, { calibrationSample: 600, outOfScopeRate: 0.25, probes });
    // With no answer at all in its fold, a probed entry was weaker than in the published model: its
    // probes were right 37% of the time and the classifier's probability got weight 0.
    expect(model.cvAccuracy).toBeGreaterThan(0.5);
    expect(model.calibrator.weights[0]).toBeGreaterThan(1);
  }, 120_000);

  it('asks the probes of entries with several phrasings too, beside their held-out phrasings', async () => {
    const { rows, probes, lexical } = await onePhrasing(true);
    const o = { calibrationSample: 600, outOfScopeRate: 0.25 };
    const without = await trainLanguage('en', rows, lexical, false, o);
    const withProbes = await trainLanguage('en', rows, lexical, false, { ...o, probes });
    // Each probe is asked in one fold, unless its entry is the one left out there: about 4 in 5.
    expect(withProbes.calibrator.examples - without.calibrator.examples).toBeGreaterThan(probes.length / 2);
    expect(withProbes.calibrator).not.toEqual(without.calibrator);
  }, 120_000);
});
