import type { QuestionResult, SuiteRun } from './results.ts';

export interface GateOptions {
  /** Significance of the one-sided exact sign (McNemar) test. Default 0.05. */
  alpha?: number;
  /** Net share of paired questions that may get worse before the test is asked at all. Default 0. */
  tolerance?: number;
  /** Fail when latency p95 grows by more than this share of the baseline's (0.5 = +50%). Default: reported, never failing (timings differ between machines). */
  latencyTolerance?: number;
  /** Fail on any test that passed in the baseline and fails now. Default: only tests marked `critical`. */
  strict?: boolean;
}

/** One metric of one language, paired on the questions both runs asked. */
export interface PairedComparison {
  lang: string;
  metric: 'pass' | 'answeredRight' | 'answeredWrong';
  pairs: number;
  baseline: number;
  current: number;
  /** Questions that got worse / better on this metric. */
  worse: number;
  better: number;
  /** One-sided exact sign test: the chance of this many or more "worse" among the changed ones if neither direction were likelier. */
  p: number;
  failed: boolean;
}

export interface ZoneTransition {
  id: string;
  text: string;
  lang: string;
  from: string;
  to: string;
  fromEntry?: string;
  toEntry?: string;
}

export interface GateResult {
  ok: boolean;
  /** Why it failed, one line each. */
  reasons: string[];
  comparisons: PairedComparison[];
  /** Outcome (right/wrong/clarify/fallback/handoff) before → after: counts. */
  table: Record<string, Record<string, number>>;
  transitions: ZoneTransition[];
  /** Tests that passed in the baseline and fail now, and the reverse. */
  regressed: string[];
  fixed: string[];
  latency: Array<{ lang: string; baseline: number; current: number; failed: boolean }>;
  calibration: Array<{ lang: string; baseline: number; current: number }>;
  /** Share of questions handed off (shown, not gated: more handoffs can be the intended effect). */
  handoff: Array<{ lang: string; baseline: number; current: number }>;
  /** Questions only one run asked (suites edited between the runs). */
  unpaired: { onlyBaseline: number; onlyCurrent: number };
}

/** P(X ≥ k) for X ~ Binomial(n, 1/2): the exact one-sided sign test (McNemar on the discordant pairs). */
export function signTestP(k: number, n: number): number {
  if (n === 0 || k <= 0) return 1;
  let term = Math.pow(0.5, n);
  let sum = 0;
  for (let i = 0; i <= n; i++) {
    if (i >= k) sum += term;
    term = (term * (n - i)) / (i + 1);
  }
  return Math.min(1, sum);
}

const METRICS: Array<{ metric: PairedComparison['metric']; good: (q: QuestionResult) => boolean }> = [
  { metric: 'pass', good: (q) => q.pass },
  { metric: 'answeredRight', good: (q) => q.outcome === 'right' },
  // Fewer wrong answers is the good direction.
  { metric: 'answeredWrong', good: (q) => q.outcome !== 'wrong' },
];

/**
 * Compare a run with a stored baseline, question by question. A metric fails when, on the
 * questions both runs asked, the net share that got worse exceeds `tolerance` and a one-sided
 * exact sign test on the changed questions says the drop is unlikely to be chance (p < alpha).
 * The bot is deterministic for one knowledge base, so a question only changes when the knowledge
 * base, the model or the code changed; the test keeps one moved answer in a large suite from
 * failing a build while a broad drop does.
 */
export function compareRuns(baseline: SuiteRun, current: SuiteRun, o: GateOptions = {}): GateResult {
  const alpha = o.alpha ?? 0.05;
  const tolerance = o.tolerance ?? 0;
  const before = new Map(baseline.questions.map((q) => [q.id, q]));
  const pairs = current.questions.filter((q) => before.has(q.id)).map((q) => [before.get(q.id)!, q] as const);
  const reasons: string[] = [];
  const comparisons: PairedComparison[] = [];
  const langs = ['all', ...[...new Set(pairs.map(([, q]) => q.lang))].sort()];
  for (const lang of langs) {
    const ps = pairs.filter(([, q]) => lang === 'all' || q.lang === lang);
    if (!ps.length) continue;
    for (const { metric, good } of METRICS) {
      const worse = ps.filter(([b, c]) => good(b) && !good(c)).length;
      const better = ps.filter(([b, c]) => !good(b) && good(c)).length;
      const p = signTestP(worse, worse + better);
      const failed = (worse - better) / ps.length > tolerance && p < alpha;
      const rate = (side: 0 | 1) => {
        const n = ps.filter((x) => (metric === 'answeredWrong' ? !good(x[side]) : good(x[side]))).length;
        return Number((n / ps.length).toFixed(4));
      };
      comparisons.push({ lang, metric, pairs: ps.length, baseline: rate(0), current: rate(1), worse, better, p: Number(p.toFixed(4)), failed });
      if (failed) reasons.push(`${lang}: ${metric} ${metric === 'answeredWrong' ? 'rose' : 'dropped'} from ${pct(rate(0))} to ${pct(rate(1))} (${worse} worse, ${better} better of ${ps.length}; sign test p = ${p.toFixed(4)} < ${alpha})`);
    }
  }
  const table: GateResult['table'] = {};
  const transitions: ZoneTransition[] = [];
  for (const [b, c] of pairs) {
    (table[b.outcome] ??= {})[c.outcome] = (table[b.outcome]?.[c.outcome] ?? 0) + 1;
    if (b.outcome !== c.outcome || b.entry !== c.entry) transitions.push({ id: c.id, text: c.text, lang: c.lang, from: b.outcome, to: c.outcome, fromEntry: b.entry, toEntry: c.entry });
  }
  const beforeTests = new Map(baseline.tests.map((t) => [t.id, t]));
  const regressed: string[] = [];
  const fixed: string[] = [];
  for (const t of current.tests) {
    const b = beforeTests.get(t.id);
    if (b?.status === 'pass' && t.status === 'fail') {
      regressed.push(t.id);
      if (t.critical || o.strict) reasons.push(`${t.critical ? 'critical ' : ''}test regressed: ${t.id}`);
    }
    if (b?.status === 'fail' && t.status === 'pass') fixed.push(t.id);
  }
  const latency = langs.filter((l) => baseline.aggregates[l] && current.aggregates[l]).map((lang) => {
    const b = baseline.aggregates[lang]!.latencyP95;
    const c = current.aggregates[lang]!.latencyP95;
    const failed = o.latencyTolerance !== undefined && c > b * (1 + o.latencyTolerance);
    if (failed) reasons.push(`${lang}: latency p95 ${c} ms is more than ${pct(o.latencyTolerance!)} above the baseline's ${b} ms`);
    return { lang, baseline: b, current: c, failed };
  });
  const calibration = langs.filter((l) => baseline.aggregates[l] && current.aggregates[l]).map((lang) => ({ lang, baseline: baseline.aggregates[lang]!.ece, current: current.aggregates[lang]!.ece }));
  const handoff = langs.filter((l) => baseline.aggregates[l] && current.aggregates[l]).map((lang) => ({ lang, baseline: baseline.aggregates[lang]!.handoff, current: current.aggregates[lang]!.handoff }));
  const now = new Set(current.questions.map((q) => q.id));
  return {
    ok: reasons.length === 0, reasons, comparisons, table, transitions, regressed, fixed, latency, calibration, handoff,
    unpaired: { onlyBaseline: baseline.questions.filter((q) => !now.has(q.id)).length, onlyCurrent: current.questions.length - pairs.length },
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The gate as text for a terminal: verdict, per-language comparisons, the outcome transition table, moved questions. */
export function formatGate(g: GateResult): string {
  const out: string[] = [];
  out.push(g.ok ? 'baseline gate: passed' : 'baseline gate: FAILED');
  for (const r of g.reasons) out.push(`  - ${r}`);
  out.push('', 'lang  metric         baseline  current  worse  better  p');
  for (const c of g.comparisons) out.push(`${c.lang.padEnd(5)} ${c.metric.padEnd(14)} ${pct(c.baseline).padStart(8)} ${pct(c.current).padStart(8)} ${String(c.worse).padStart(6)} ${String(c.better).padStart(7)}  ${c.p.toFixed(4)}${c.failed ? '  FAIL' : ''}`);
  const outcomes = ['right', 'wrong', 'clarify', 'fallback', 'handoff', 'none'].filter((x) => g.table[x] || Object.values(g.table).some((r) => r[x]));
  out.push('', `outcome transitions (rows: baseline, columns: now)`, `${''.padEnd(9)}${outcomes.map((x) => x.padStart(9)).join('')}`);
  for (const from of outcomes) out.push(`${from.padEnd(9)}${outcomes.map((to) => String(g.table[from]?.[to] ?? 0).padStart(9)).join('')}`);
  if (g.transitions.length) {
    out.push('', 'moved questions:');
    for (const t of g.transitions.slice(0, 50)) out.push(`  [${t.lang}] ${t.from}${t.fromEntry ? ` (${t.fromEntry})` : ''} → ${t.to}${t.toEntry ? ` (${t.toEntry})` : ''}: ${t.text}`);
    if (g.transitions.length > 50) out.push(`  … and ${g.transitions.length - 50} more`);
  }
  if (g.regressed.length) out.push('', `tests that regressed: ${g.regressed.join('; ')}`);
  if (g.fixed.length) out.push(`tests fixed: ${g.fixed.join('; ')}`);
  out.push('', `latency p95: ${g.latency.map((l) => `${l.lang} ${l.baseline}→${l.current} ms${l.failed ? ' FAIL' : ''}`).join(', ')}`);
  out.push(`handed off: ${g.handoff.map((l) => `${l.lang} ${pct(l.baseline)}→${pct(l.current)}`).join(', ')}`);
  out.push(`calibration error: ${g.calibration.map((l) => `${l.lang} ${l.baseline.toFixed(3)}→${l.current.toFixed(3)}`).join(', ')}`);
  if (g.unpaired.onlyBaseline || g.unpaired.onlyCurrent) out.push(`not compared: ${g.unpaired.onlyBaseline} questions only in the baseline, ${g.unpaired.onlyCurrent} only now`);
  return out.join('\n');
}
