import { describe, expect, it } from 'vitest';
import { aggregates } from './aggregate.ts';
import { formatRun, toJunit } from './junit.ts';
import type { SuiteRun, TestResult } from './results.ts';

const test = (name: string, status: TestResult['status'], extra: Partial<TestResult> = {}): TestResult => ({
  id: `Returns › ${name}`, suite: 'Returns', file: 'eval/suites/returns.yml', name, line: 3, critical: false, status, failures: [], transcript: [], durationMs: 1500, ...extra,
});

const run: SuiteRun = {
  format: 'faqbot-suite-run/1', startedAt: '2026-01-01T00:00:00Z', target: { kind: 'in-process', description: 'in process: sample' }, files: ['eval/suites/returns.yml'],
  tests: [
    test('ok', 'pass'),
    test('bad <one> & "quoted"', 'fail', {
      failures: [{ step: 1, line: 7, field: 'entry', message: 'expected entry "a", answered from "b"' }, { step: 2, line: 9, field: 'zone', message: 'optional miss', optional: true }],
      transcript: [{ role: 'customer', text: 'How do I return <it>?' }, { role: 'bot', text: 'Use the form.' }],
    }),
    test('later', 'skip', { reason: 'http: the clock of a turn can only be set in process' }),
  ],
  questions: [], aggregates: aggregates([]), durationMs: 4500,
};

describe('toJunit', () => {
  it('writes one testsuite with a failure per required miss, skipped tests with the reason, and escaped text', () => {
    const xml = toJunit(run);
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
    expect(xml).toContain('<testsuite name="Returns" tests="3" failures="1" errors="0" skipped="1" time="4.500">');
    expect(xml).toContain('name="bad &lt;one&gt; &amp; &quot;quoted&quot;"');
    expect(xml.match(/<failure /g)).toHaveLength(1);
    expect(xml).toContain('<failure message="turn 1: entry: expected entry &quot;a&quot;, answered from &quot;b&quot;" type="entry">eval/suites/returns.yml:7: expected entry &quot;a&quot;, answered from &quot;b&quot;</failure>');
    expect(xml).toContain('<skipped message="http: the clock of a turn can only be set in process"/>');
    expect(xml).toContain('customer: How do I return &lt;it&gt;?');
  });

  it('summarises a run for the terminal with each miss and its line', () => {
    const text = formatRun(run);
    expect(text).toContain('FAIL Returns › bad <one> & "quoted" (eval/suites/returns.yml:3)');
    expect(text).toContain('turn 1 (line 7): entry: expected entry "a", answered from "b"');
    expect(text).toContain('turn 2 (line 9) [optional]: zone: optional miss');
    expect(text).toContain('1 passed, 1 failed, 1 skipped');
  });
});
