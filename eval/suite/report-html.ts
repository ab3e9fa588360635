import { inlineChartScripts } from '../../admin/index.ts';
import type { GateResult } from './gate.ts';
import type { HistoryPoint } from './history.ts';
import type { SuiteRun } from './results.ts';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
/** JSON safe inside a <script> element. */
const scriptJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

/** Reliability bins (10 equal-width) over questions whose top choice is known. */
export function reliabilityBins(run: SuiteRun): Array<{ confidence: number; accuracy: number; count: number }> {
  const bins = Array.from({ length: 10 }, () => ({ sum: 0, right: 0, count: 0 }));
  for (const q of run.questions) {
    if (q.confidence === undefined || q.topRight === undefined) continue;
    const b = bins[Math.min(9, Math.floor(q.confidence * 10))]!;
    b.sum += q.confidence;
    b.right += q.topRight ? 1 : 0;
    b.count++;
  }
  return bins.map((b) => ({ confidence: b.count ? b.sum / b.count : 0, accuracy: b.count ? b.right / b.count : 0, count: b.count }));
}

function metricsTable(run: SuiteRun): string {
  const rows = Object.entries(run.aggregates).map(([lang, a]) => `<tr><th>${esc(lang)}</th><td>${a.questions}</td><td>${pct(a.pass)}</td><td>${pct(a.answeredRight)}</td><td>${pct(a.answeredWrong)}</td><td>${pct(a.clarify)}</td><td>${pct(a.fallback)}</td><td>${pct(a.handoff)}</td><td>${a.ece.toFixed(3)}</td><td>${a.latencyP95}</td></tr>`);
  return `<table><thead><tr><th>language</th><th>questions</th><th>passed</th><th>answered right</th><th>answered wrong</th><th>clarified</th><th>not understood</th><th>handed off</th><th>calibration error</th><th>latency p95 (ms)</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function gateSection(g: GateResult | undefined): string {
  if (!g) return '<section id="transitions"><h2>Changes against a baseline</h2><p class="muted">No baseline given (<code>--baseline previous.json</code>).</p></section>';
  const outcomes = ['right', 'wrong', 'clarify', 'fallback', 'handoff', 'none'].filter((x) => g.table[x] || Object.values(g.table).some((r) => r[x]));
  const cell = (from: string, to: string) => {
    const n = g.table[from]?.[to] ?? 0;
    return `<td class="${n && from !== to ? (rank(to) < rank(from) ? 'bad' : 'good') : ''}">${n}</td>`;
  };
  const table = `<table class="transitions"><thead><tr><th>baseline ↓ / now →</th>${outcomes.map((o) => `<th>${o}</th>`).join('')}</tr></thead><tbody>${outcomes.map((f) => `<tr><th>${f}</th>${outcomes.map((t) => cell(f, t)).join('')}</tr>`).join('')}</tbody></table>`;
  const comps = `<table><thead><tr><th>language</th><th>metric</th><th>baseline</th><th>now</th><th>worse</th><th>better</th><th>sign test p</th><th></th></tr></thead><tbody>${g.comparisons.map((c) => `<tr><th>${esc(c.lang)}</th><td>${c.metric}</td><td>${pct(c.baseline)}</td><td>${pct(c.current)}</td><td>${c.worse}</td><td>${c.better}</td><td>${c.p.toFixed(4)}</td><td>${c.failed ? '<b class="bad">fails</b>' : ''}</td></tr>`).join('')}</tbody></table>`;
  const moved = g.transitions.length ? `<table><thead><tr><th>language</th><th>question</th><th>baseline</th><th>now</th></tr></thead><tbody>${g.transitions.map((t) => `<tr><td>${esc(t.lang)}</td><td>${esc(t.text)}</td><td>${esc(t.from)}${t.fromEntry ? ` <code>${esc(t.fromEntry)}</code>` : ''}</td><td class="${rank(t.to) < rank(t.from) ? 'bad' : 'good'}">${esc(t.to)}${t.toEntry ? ` <code>${esc(t.toEntry)}</code>` : ''}</td></tr>`).join('')}</tbody></table>` : '<p>No question changed.</p>';
  return `<section id="transitions"><h2>Changes against the baseline: ${g.ok ? '<span class="good">gate passed</span>' : '<span class="bad">gate failed</span>'}</h2>
${g.reasons.length ? `<ul>${g.reasons.map((r) => `<li class="bad">${esc(r)}</li>`).join('')}</ul>` : ''}
<h3>Zone transitions</h3>${table}<h3>Paired comparisons</h3>${comps}
<table><thead><tr><th>language</th><th>handed off</th><th>calibration error</th><th>latency p95 (ms)</th></tr></thead><tbody>${g.handoff.map((h, i) => `<tr><th>${esc(h.lang)}</th><td>${pct(h.baseline)} → ${pct(h.current)}</td><td>${g.calibration[i]!.baseline.toFixed(3)} → ${g.calibration[i]!.current.toFixed(3)}</td><td class="${g.latency[i]!.failed ? 'bad' : ''}">${g.latency[i]!.baseline} → ${g.latency[i]!.current}</td></tr>`).join('')}</tbody></table><h3>Questions that moved</h3>${moved}
${g.regressed.length ? `<p>Tests that regressed: ${g.regressed.map(esc).join('; ')}</p>` : ''}</section>`;
}

/** Better outcomes rank higher (for colouring transitions). */
const rank = (o: string) => ({ right: 4, clarify: 3, handoff: 2, fallback: 1, none: 1, wrong: 0 })[o] ?? 1;

function failingTests(run: SuiteRun): string {
  const failing = run.tests.filter((t) => t.status === 'fail');
  if (!failing.length) return '<p class="good">Every test passed.</p>';
  return failing.map((t) => {
    const lines = t.transcript.map((l) => {
      const misses = l.line !== undefined ? t.failures.filter((f) => f.line === l.line) : [];
      const meta = l.role === 'bot' ? `<span class="meta">${[l.zone, l.entryId, l.confidence !== undefined ? `confidence ${l.confidence.toFixed(2)}` : '', l.latencyMs !== undefined ? `${l.latencyMs} ms` : '', l.lang].filter(Boolean).map((x) => esc(String(x))).join(' · ')}</span>` : '';
      return `<div class="msg ${l.role}"><span class="who">${l.role}</span> ${esc(l.text)} ${meta}${misses.map((m) => `<div class="miss">✗ ${esc(m.field)}: ${esc(m.message)}${m.optional ? ' (optional)' : ''}</div>`).join('')}</div>`;
    });
    return `<details open class="test"><summary><b>${esc(t.id)}</b> <span class="muted">${esc(t.file)}:${t.line}</span>${t.critical ? ' <span class="bad">critical</span>' : ''}</summary>${lines.join('')}</details>`;
  }).join('');
}

function coverageSection(run: SuiteRun): string {
  const c = run.coverage;
  if (!c) return '<p class="muted">Coverage is computed in process (the entries are read from the knowledge base).</p>';
  const missing = Object.entries(c.missing);
  return `<p>${c.covered} of ${c.pairs} entry × language pairs (${c.entries} entries) are exercised by a test question.</p>${missing.length ? `<table><thead><tr><th>entry</th><th>languages no test asks in</th></tr></thead><tbody>${missing.map(([id, langs]) => `<tr><td><code>${esc(id)}</code></td><td>${langs.map(esc).join(', ')}</td></tr>`).join('')}</tbody></table>` : ''}`;
}

/**
 * One self-contained HTML page (Chart.js and the project's chart helpers inlined, no network):
 * per-language metrics, reliability diagram, zone transitions against the baseline, failing tests
 * with their conversation, latency histogram, trends over stored runs and coverage.
 */
export function renderReport(o: { run: SuiteRun; gate?: GateResult; history?: HistoryPoint[] }): string {
  const { run } = o;
  const count = (s: string) => run.tests.filter((t) => t.status === s).length;
  const history = o.history?.length ? o.history : [];
  const data = {
    reliability: reliabilityBins(run),
    latencies: run.questions.map((q) => q.latencyMs),
    trend: {
      labels: history.map((h) => h.startedAt.slice(0, 16).replace('T', ' ')),
      series: (['pass', 'answeredRight', 'answeredWrong', 'handoff', 'ece'] as const).map((m) => ({ label: m, data: history.map((h) => h.aggregates.all?.[m] ?? null) })),
    },
  };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Conversation suites: ${esc(run.target.description)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:16px 24px;color:#202124}
h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ddd;padding-bottom:4px}h3{font-size:15px}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ddd;padding:4px 8px;text-align:left}thead th{background:#f3f4f6}
.good{color:#137333}.bad{color:#c5221f}td.bad{background:#fce8e6}td.good{background:#e6f4ea}.muted{color:#5f6368}
.charts{display:grid;grid-template-columns:1fr 1fr;gap:24px}.chart{position:relative;height:280px}
.msg{margin:4px 0;padding:6px 10px;border-radius:8px;max-width:80%}.msg.customer{background:#e8f0fe;margin-left:auto}.msg.bot{background:#f1f3f4}.msg.agent{background:#fef7e0}
.who{font-weight:600;font-size:12px;text-transform:uppercase;color:#5f6368}.meta{display:block;font-size:12px;color:#5f6368}.miss{color:#c5221f;font-weight:600}
details.test{border:1px solid #ddd;border-radius:8px;padding:8px 12px;margin:12px 0;display:flex;flex-direction:column}
.summary span{margin-right:16px}
</style></head><body>
<h1>Conversation suites</h1>
<p class="summary"><span>${esc(run.target.description)}</span><span>${esc(run.startedAt)}</span></p>
<p class="summary"><span class="good">${count('pass')} passed</span><span class="${count('fail') ? 'bad' : ''}">${count('fail')} failed</span><span>${count('skip')} skipped</span><span>${run.questions.length} questions</span><span>${(run.durationMs / 1000).toFixed(1)} s</span></p>
<section id="metrics"><h2>Per language</h2>${metricsTable(run)}
<p class="muted">Questions are customer turns with an expected entry or zone. Calibration error: expected calibration error (10 bins) of the bot's confidence in its top choice.</p></section>
<section class="charts"><div><h2>Reliability</h2><div class="chart"><canvas id="reliability"></canvas></div></div>
<div><h2>Latency</h2><div class="chart"><canvas id="latency"></canvas></div></div></section>
${gateSection(o.gate)}
<section id="failing"><h2>Failing tests</h2>${failingTests(run)}</section>
<section id="trends"><h2>Trends over stored runs</h2>${history.length > 1 ? '<div class="chart"><canvas id="trend"></canvas></div>' : '<p class="muted">One run so far: keep a history (<code>--history dir</code>) to see trends.</p>'}</section>
<section id="coverage"><h2>Coverage</h2>${coverageSection(run)}</section>
<script type="application/json" id="report-data">${scriptJson(data)}</script>
${inlineChartScripts()}
<script>
(function () {
  var d = JSON.parse(document.getElementById('report-data').textContent);
  FaqCharts.reliability(document.getElementById('reliability'), d.reliability);
  FaqCharts.histogram(document.getElementById('latency'), d.latencies, { label: 'turns', binCount: 20 });
  var t = document.getElementById('trend');
  if (t) FaqCharts.line(t, d.trend, { max: 1 });
})();
</script>
</body></html>
`;
}
