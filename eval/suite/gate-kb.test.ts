import { describe, expect, it } from 'vitest';
import type { FaqEntry } from '../../knowledge/index.ts';
import { FIXTURE_ENTRIES } from '../../knowledge/test-fixtures.ts';
import { compareRuns } from './gate.ts';
import { parseSuite } from './parse.ts';
import type { SuiteRun } from './results.ts';
import { runSuites } from './run.ts';
import { fixtureTarget } from './test-support.ts';

/** Each fixture entry asked in both languages, three ways each (its question and two alternates). */
const SUITE = parseSuite(`suite: Fixture
tests:
${FIXTURE_ENTRIES.flatMap((e) => e.variants.flatMap((v) => [v.question, ...v.alternates.slice(0, 2)].map((text, i) => `  - name: ${e.id} ${v.lang} ${i}
    turns:
      - say: ${JSON.stringify(text)}
        expect: { entry: ${e.id}, zone: answer }`))).join('\n')}
`, 'fixture.yml');

async function runOn(entries: FaqEntry[], name: string): Promise<SuiteRun> {
  const f = await fixtureTarget(`faqbot-suite-gate-${name}-`, entries);
  try {
    return await runSuites([SUITE], f.target);
  } finally {
    await f.close();
  }
}

describe('the baseline gate on knowledge-base changes', () => {
  it('fails a change that breaks an answer, passes a neutral one', async () => {
    const baseline = await runOn(FIXTURE_ENTRIES, 'base');
    expect(baseline.aggregates.all!.answeredRight).toBeGreaterThan(0.9);

    // Neutral: one answer reworded. Every question lands where it did.
    const reworded = FIXTURE_ENTRIES.map((e) => e.id !== 'delivery-cost' ? e : { ...e, variants: e.variants.map((v) => ({ ...v, answer: `${v.answer} (updated)` })) });
    const neutral = compareRuns(baseline, await runOn(reworded, 'neutral'));
    expect(neutral.ok, neutral.reasons.join('\n')).toBe(true);
    expect(neutral.transitions).toEqual([]);

    // Breaking: the returns entry is gone; its six questions go elsewhere or unanswered.
    const broken = compareRuns(baseline, await runOn(FIXTURE_ENTRIES.filter((e) => e.id !== 'return-an-item'), 'broken'));
    expect(broken.ok).toBe(false);
    expect(broken.reasons.some((r) => /^all: answeredRight dropped .* \(6 worse, 0 better of 36; sign test p = 0\.0156/.test(r)), broken.reasons.join('\n')).toBe(true);
    expect(broken.transitions.map((t) => t.from)).toEqual(Array(6).fill('right'));
  }, 300_000);
});
