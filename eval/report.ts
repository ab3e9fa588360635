import type { EvalReport } from './run.ts';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The report as a plain table for the terminal. */
export function formatReport(r: EvalReport): string {
  const rows: Array<[string, string]> = [
    ['dataset', r.dataset],
    ['test questions', String(r.nTest)],
    ['accuracy (oos as a class)', pct(r.accuracy)],
    ['in-scope accuracy', pct(r.inScopeAccuracy)],
    ['oos recall', pct(r.oosRecall)],
    ['oos precision', pct(r.oosPrecision)],
    ['MCC', r.mcc.toFixed(3)],
    ['macro-F1', r.macroF1.toFixed(3)],
    ['top-3 recall', pct(r.top3)],
    ['MRR', r.mrr.toFixed(3)],
    ['ECE', `${r.ece.toFixed(3)} (a perfectly calibrated matcher would show about ${r.eceFloor.toFixed(3)} on these questions)`],
    ['thresholds', `answer ≥ ${r.thresholds.answer}, clarify ≥ ${r.thresholds.clarify} (from ${r.thresholds.source}${r.thresholds.oosRate === undefined ? '' : `, for an out-of-scope share of ${pct(r.thresholds.oosRate)} (${r.thresholds.oosRateSource})`})`],
    ['latency p50 / p95', `${r.latencyMs.p50.toFixed(1)} ms / ${r.latencyMs.p95.toFixed(1)} ms`],
    ['build time', `${r.buildSeconds.toFixed(1)} s`],
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  return [rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join('\n'), languageTable(r)].filter(Boolean).join('\n\n');
}

/** Per language: shares of the in-scope questions, then out-of-scope answered, ECE and the ECE that sampling alone would leave. */
export function languageTable(r: Pick<EvalReport, 'byLanguage'>): string {
  const langs = Object.entries(r.byLanguage ?? {});
  if (!langs.length) return '';
  const head = ['lang', 'in-scope', 'right', 'wrong', 'clarified ✓', 'clarified ✗', 'handed off', 'wrong/answers', 'oos answered', 'ECE', 'ECE floor', 'mean conf.', 'top-1', 'top-3', 'answer / clarify'];
  const lines = langs.map(([lang, s]) => [lang || '?', String(s.inScope), pct(s.answeredRight), pct(s.answeredWrong), pct(s.clarifiedRight), pct(s.clarifiedWithout), pct(s.handedOff),
    pct(s.wrongOfAnswers), s.outOfScope ? `${pct(s.outOfScopeAnswered)} of ${s.outOfScope}` : '-', s.ece.toFixed(3), s.eceFloor.toFixed(3), s.meanConfidence.toFixed(3), pct(s.top1), pct(s.top3),
    s.thresholds ? `${s.thresholds.answer} / ${s.thresholds.clarify}` : '-']);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  return [head, ...lines].map((l) => l.map((c, i) => c.padEnd(widths[i]!)).join('  ')).join('\n');
}
