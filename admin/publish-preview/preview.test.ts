import { describe, expect, it } from 'vitest';
import type { TestConsole, TestResult } from '../test-console/test-console.ts';
import { changeOf, PublishPreview } from './preview.ts';

const ans = (entry: string) => ({ zone: 'answer' as const, entry });
const zone = (z: 'clarify' | 'fallback' | 'handoff') => ({ zone: z });

describe('changeOf', () => {
  const suite = { source: 'suite' as const, text: 'q', expectedEntry: 'a' };
  const recent = { source: 'recent' as const, text: 'q' };
  const chosen = { source: 'unanswered' as const, text: 'q', expectedEntry: 'a' };
  const outOfScope = { source: 'suite' as const, text: 'weather?', expectedZone: 'fallback' };
  it.each([
    [suite, ans('a'), ans('a'), undefined],
    [suite, zone('clarify'), ans('a'), 'newly-answered'],
    [suite, ans('b'), ans('a'), 'fixed'],
    [suite, ans('a'), ans('b'), 'newly-wrong'],
    [suite, zone('fallback'), ans('b'), 'newly-wrong'],
    [suite, ans('b'), ans('c'), 'other'],
    [suite, ans('a'), zone('fallback'), 'newly-unanswered'],
    [suite, zone('clarify'), zone('handoff'), 'newly-unanswered'],
    [suite, zone('fallback'), zone('handoff'), 'other'],
    [outOfScope, zone('fallback'), ans('b'), 'newly-wrong'],
    [outOfScope, zone('fallback'), zone('clarify'), 'other'],
    [chosen, zone('clarify'), ans('a'), 'newly-answered'],
    [chosen, ans('a'), ans('b'), 'newly-wrong'],
    [recent, ans('a'), ans('b'), 'answer-changed'],
    [recent, zone('fallback'), ans('b'), 'newly-answered'],
    [recent, ans('a'), zone('clarify'), 'other'],
    [recent, ans('a'), zone('fallback'), 'newly-unanswered'],
  ] as const)('%o: %o → %o is %s', (q, live, draft, change) => {
    expect(changeOf(q, live, draft)).toBe(change);
  });
});

describe('PublishPreview with questions whose customer chose an entry', () => {
  /** A test console that answers each text from a table, per side. */
  const consoleOf = (answers: Record<string, { live: string; draft: string }>) => ({
    canTestDrafts: true,
    async test(r: { text: string; source: 'live' | 'draft' }): Promise<TestResult> {
      const entryId = answers[r.text]![r.source];
      return { lang: 'en', detectedLang: 'en', searchLang: 'en', source: r.source, zone: 'answer', thresholds: { answer: 0.5, clarify: 0.25 }, candidates: [], reply: { html: '', entryId } };
    },
  }) as unknown as TestConsole;

  it('judges them by the entry the customer chose, and leaves the gate to the suites', async () => {
    const preview = new PublishPreview({
      console: consoleOf({ 'where is my parcel': { live: 'track-order', draft: 'delivery-times' }, 'parcel late': { live: 'delivery-times', draft: 'track-order' } }),
      drafts: async () => [], liveVersion: () => 1, gate: 'block',
      recorded: async () => [
        { source: 'unanswered', text: 'where is my parcel', lang: 'en', expectedEntry: 'track-order' },
        { source: 'unanswered', text: 'parcel late', lang: 'en', expectedEntry: 'track-order' },
      ],
    });
    const r = await preview.run();
    expect(r.changed.map((i) => [i.text, i.change])).toEqual([['where is my parcel', 'newly-wrong'], ['parcel late', 'fixed']]);
    expect(r.counts).toMatchObject({ 'newly-wrong': 1, fixed: 1 });
    // A customer may press a suggestion to browse: their choices never block a publish.
    expect(r.gate).toMatchObject({ blocked: false, worse: 0, better: 0, reasons: [] });
  });
});
