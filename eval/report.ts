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
    ['ECE', r.ece.toFixed(3)],
    ['thresholds', `answer ≥ ${r.thresholds.answer}, clarify ≥ ${r.thresholds.clarify} (from ${r.thresholds.source}${r.thresholds.oosRate === undefined ? '' : `, for an out-of-scope share of ${pct(r.thresholds.oosRate)} (${r.thresholds.oosRateSource})`})`],
    ['latency p50 / p95', `${r.latencyMs.p50.toFixed(1)} ms / ${r.latencyMs.p95.toFixed(1)} ms`],
    ['build time', `${r.buildSeconds.toFixed(1)} s`],
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join('\n');
}
