import { describe, expect, it } from 'vitest';
import { aggregates } from './aggregate.ts';
import { compareRuns, formatGate, signTestP } from './gate.ts';
import type { QuestionResult, SuiteRun } from './results.ts';

function question(i: number, lang: string, outcome: QuestionResult['outcome']): QuestionResult {
  return {
    id: `S › t${i} › turn 1`, testId: `S › t${i}`, lang, text: `question ${i}`, expectedEntry: `e${i}`, zone: outcome === 'right' || outcome === 'wrong' ? 'answer' : outcome === 'none' ? 'none' : outcome,
    entry: outcome === 'right' ? `e${i}` : outcome === 'wrong' ? 'other' : undefined, confidence: 0.8, topRight: outcome === 'right', latencyMs: 10, outcome, pass: outcome === 'right',
  };
}

function run(qs: QuestionResult[], critical: string[] = []): SuiteRun {
  return {
    format: 'faqbot-suite-run/1', startedAt: '2026-01-01T00:00:00Z', target: { kind: 'in-process', description: 'test' }, files: [],
    tests: qs.map((q) => ({ id: q.testId, suite: 'S', file: 's.yml', name: q.testId, line: 1, critical: critical.includes(q.testId), status: q.pass ? 'pass' : 'fail', failures: [], transcript: [], durationMs: 1 })),
    questions: qs, aggregates: aggregates(qs), durationMs: 1,
  };
}

const base = Array.from({ length: 40 }, (_, i) => question(i, i % 2 ? 'pl' : 'en', 'right'));

describe('signTestP', () => {
  it('is the exact binomial tail', () => {
    expect(signTestP(1, 1)).toBe(0.5);
    expect(signTestP(5, 5)).toBeCloseTo(1 / 32, 12);
    expect(signTestP(0, 0)).toBe(1);
    // 6 of 8 changed pairs worse: (28 + 8 + 1) / 256.
    expect(signTestP(6, 8)).toBeCloseTo(37 / 256, 12);
  });
});

describe('compareRuns', () => {
  it('passes an identical run and fails a broad drop in one language', () => {
    expect(compareRuns(run(base), run(base)).ok).toBe(true);
    // Five Polish questions now hand off, none improved: p = 1/32 in pl.
    const now = base.map((q, i) => (q.lang === 'pl' && i < 10 ? question(i, 'pl', 'handoff') : q));
    const g = compareRuns(run(base), run(now));
    expect(g.ok).toBe(false);
    expect(g.reasons.join('\n')).toMatch(/pl: answeredRight dropped from 100\.0% to 75\.0% \(5 worse, 0 better of 20; sign test p = 0\.0313/);
    expect(g.comparisons.find((c) => c.lang === 'en' && c.metric === 'answeredRight')).toMatchObject({ worse: 0, failed: false });
    expect(g.table.right).toEqual({ right: 35, handoff: 5 });
    expect(g.transitions).toHaveLength(5);
    expect(formatGate(g)).toMatch(/outcome transitions[\s\S]*right\s+35\s+5/);
  });

  it('does not fail on one moved question, nor on moves that cancel out', () => {
    const one = base.map((q, i) => (i === 3 ? question(3, 'pl', 'clarify') : q));
    expect(compareRuns(run(base), run(one)).ok).toBe(true);
    const before = base.map((q, i) => (i < 5 ? question(i, q.lang, 'fallback') : q));
    const after = base.map((q, i) => (i >= 5 && i < 10 ? question(i, q.lang, 'fallback') : q));
    const g = compareRuns(run(before), run(after));
    expect(g.comparisons.find((c) => c.lang === 'all' && c.metric === 'pass')).toMatchObject({ worse: 5, better: 5, failed: false });
    expect(g.ok).toBe(true);
  });

  it('fails on a critical test that regressed, and on any with --strict', () => {
    const one = base.map((q, i) => (i === 3 ? question(3, 'pl', 'wrong') : q));
    expect(compareRuns(run(base), run(one, ['S › t3'])).reasons).toEqual(['critical test regressed: S › t3']);
    expect(compareRuns(run(base), run(one), { strict: true }).ok).toBe(false);
    expect(compareRuns(run(base), run(one)).regressed).toEqual(['S › t3']);
  });

  it('counts a rise in wrong answers, and latency only with a tolerance', () => {
    const wrong = base.map((q, i) => (i < 12 ? question(i, q.lang, 'wrong') : q));
    expect(compareRuns(run(base), run(wrong)).reasons.some((r) => r.startsWith('all: answeredWrong rose'))).toBe(true);
    const slow = base.map((q) => ({ ...q, latencyMs: 100 }));
    expect(compareRuns(run(base), run(slow)).ok).toBe(true);
    expect(compareRuns(run(base), run(slow), { latencyTolerance: 0.5 }).reasons[0]).toMatch(/all: latency p95 100 ms is more than 50\.0% above the baseline's 10 ms/);
  });
});
