import { expectedCalibrationError, percentile } from '../metrics.ts';
import type { Aggregate, QuestionResult } from './results.ts';

const share = (n: number, d: number) => (d ? Number((n / d).toFixed(4)) : 0);

/** Shares of one group of questions. */
export function aggregate(qs: QuestionResult[]): Aggregate {
  const count = (o: QuestionResult['outcome']) => qs.filter((q) => q.outcome === o).length;
  const known = qs.filter((q) => q.topRight !== undefined && q.confidence !== undefined);
  return {
    questions: qs.length,
    pass: share(qs.filter((q) => q.pass).length, qs.length),
    answeredRight: share(count('right'), qs.length),
    answeredWrong: share(count('wrong'), qs.length),
    handoff: share(count('handoff'), qs.length),
    clarify: share(count('clarify'), qs.length),
    fallback: share(count('fallback'), qs.length),
    ece: Number(expectedCalibrationError(known.map((q) => q.confidence!), known.map((q) => q.topRight!)).toFixed(4)),
    latencyP95: Number(percentile(qs.map((q) => q.latencyMs), 95).toFixed(1)),
  };
}

/** `all`, then each language, sorted. */
export function aggregates(qs: QuestionResult[]): Record<string, Aggregate> {
  const out: Record<string, Aggregate> = { all: aggregate(qs) };
  for (const lang of [...new Set(qs.map((q) => q.lang))].sort()) out[lang] = aggregate(qs.filter((q) => q.lang === lang));
  return out;
}
