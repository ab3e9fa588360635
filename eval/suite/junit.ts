import type { SuiteRun } from './results.ts';

const esc = (s: string) => s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!)
  // XML 1.0 forbids most control characters even escaped.
  .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

/** JUnit XML (one <testsuite> per suite file), as CI servers read it. */
export function toJunit(run: SuiteRun): string {
  const bySuite = new Map<string, SuiteRun['tests']>();
  for (const t of run.tests) (bySuite.get(t.suite) ?? bySuite.set(t.suite, []).get(t.suite)!).push(t);
  const suites = [...bySuite].map(([name, tests]) => {
    const cases = tests.map((t) => {
      const body = t.status === 'skip' ? `<skipped message="${esc(t.reason ?? '')}"/>`
        : t.status === 'fail' ? t.failures.filter((f) => !f.optional).map((f) => `<failure message="${esc(`turn ${f.step}: ${f.field}: ${f.message}`)}" type="${esc(f.field)}">${esc(`${t.file}:${f.line}: ${f.message}`)}</failure>`).join('')
          : '';
      const out = t.transcript.map((l) => `${l.role}: ${l.text}`).join('\n');
      return `    <testcase classname="${esc(name)}" name="${esc(t.name)}" file="${esc(t.file)}" line="${t.line}" time="${(t.durationMs / 1000).toFixed(3)}">${body}${out ? `<system-out>${esc(out)}</system-out>` : ''}</testcase>`;
    });
    const count = (s: string) => tests.filter((t) => t.status === s).length;
    const time = tests.reduce((s, t) => s + t.durationMs, 0) / 1000;
    return `  <testsuite name="${esc(name)}" tests="${tests.length}" failures="${count('fail')}" errors="0" skipped="${count('skip')}" time="${time.toFixed(3)}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="faqbot conversation suites" tests="${run.tests.length}" failures="${run.tests.filter((t) => t.status === 'fail').length}">\n${suites.join('\n')}\n</testsuites>\n`;
}

/** A short text summary for a terminal: failing tests with their misses, then per-language figures. */
export function formatRun(run: SuiteRun): string {
  const out: string[] = [`${run.target.description}`];
  for (const t of run.tests.filter((x) => x.status === 'fail')) {
    out.push(`FAIL ${t.id} (${t.file}:${t.line})`);
    for (const f of t.failures) out.push(`     turn ${f.step} (line ${f.line})${f.optional ? ' [optional]' : ''}: ${f.field}: ${f.message}`);
  }
  const count = (s: string) => run.tests.filter((t) => t.status === s).length;
  out.push(`${count('pass')} passed, ${count('fail')} failed, ${count('skip')} skipped (${run.tests.length} tests, ${run.questions.length} questions, ${(run.durationMs / 1000).toFixed(1)} s)`);
  out.push('', 'lang  questions  pass    right   wrong   clarify fallback handoff  ECE    p95 ms');
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7);
  for (const [lang, a] of Object.entries(run.aggregates)) {
    out.push(`${lang.padEnd(5)} ${String(a.questions).padStart(9)} ${pct(a.pass)} ${pct(a.answeredRight)} ${pct(a.answeredWrong)} ${pct(a.clarify)} ${pct(a.fallback)} ${pct(a.handoff)}  ${a.ece.toFixed(3)} ${String(a.latencyP95).padStart(7)}`);
  }
  if (run.coverage) out.push('', `coverage: ${run.coverage.covered}/${run.coverage.pairs} entry × language pairs exercised`);
  return out.join('\n');
}
