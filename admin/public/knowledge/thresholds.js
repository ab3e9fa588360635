// Answer and clarify thresholds per language: those chosen at publish on held-out phrasings,
// with their precision/coverage curve, and the operator's override (kept across publishes).
import { kb } from './api.js';
import { add, announce, clear, el, pageAlert } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';
const svg = (tag, attrs = {}) => {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
};
const pct = (x) => `${Math.round(x * 100)}%`;

/**
 * The curve as a small inline chart: x is the answer threshold, one line the share of questions
 * answered (coverage), the other the share of answers that are right (precision); the chosen and
 * the effective thresholds are marked.
 */
function curveChart(curve, chosen, effective) {
  const w = 240, h = 110, pad = 18;
  const x = (t) => pad + t * (w - 2 * pad);
  const y = (v) => h - pad - v * (h - 2 * pad);
  const line = (f) => curve.map((c, i) => `${i ? 'L' : 'M'}${x(c.t).toFixed(1)},${y(f(c)).toFixed(1)}`).join(' ');
  const chart = svg('svg', { viewBox: `0 0 ${w} ${h}`, width: w, height: h, role: 'img', class: 'threshold-curve', 'data-testid': 'threshold-curve' });
  chart.append(svg('title'));
  chart.firstChild.textContent = 'Share of questions answered (coverage) and share of answers right (precision) at each answer threshold';
  chart.append(svg('rect', { x: pad, y: pad, width: w - 2 * pad, height: h - 2 * pad, fill: 'none', stroke: 'currentColor', 'stroke-opacity': 0.2 }));
  chart.append(svg('path', { d: line((c) => c.answered), fill: 'none', stroke: '#2b6cb0', 'stroke-width': 2, 'data-series': 'coverage' }));
  chart.append(svg('path', { d: line((c) => 1 - c.wrong), fill: 'none', stroke: '#2f855a', 'stroke-width': 2, 'data-series': 'precision' }));
  for (const [t, color, dash] of [[chosen, '#718096', '3 3'], [effective, '#c05621', '']]) {
    if (t == null) continue;
    chart.append(svg('line', { x1: x(t), x2: x(t), y1: pad, y2: h - pad, stroke: color, 'stroke-width': 1.5, 'stroke-dasharray': dash }));
  }
  const label = (text, lx, ly, anchor = 'start') => {
    const node = svg('text', { x: lx, y: ly, 'font-size': 9, fill: 'currentColor', 'text-anchor': anchor });
    node.textContent = text;
    return node;
  };
  chart.append(label('0', x(0), h - 4, 'middle'), label('answer threshold', w / 2, h - 4, 'middle'), label('1', x(1), h - 4, 'middle'),
    label('coverage', pad + 2, pad - 6), label('precision', w - pad, pad - 6, 'end'));
  return chart;
}

/** One language's card: thresholds in use, what was chosen, the curve, and the override form. */
function languageCard(t, ctx, reload) {
  const eff = t.effective;
  const chosen = t.chosen;
  const answer = el('input', { type: 'number', min: 0, max: 1, step: 0.01, value: eff?.answer ?? '', 'aria-label': `Answer threshold (${t.lang})`, 'data-testid': 'override-answer', required: true });
  const clarify = el('input', { type: 'number', min: 0, max: 1, step: 0.01, value: eff?.clarify ?? '', 'aria-label': `Clarify threshold (${t.lang})`, 'data-testid': 'override-clarify', required: true });
  const form = el('form', { className: 'row edit-only', 'data-testid': 'override-form' }, [
    el('label', {}, ['Answer ≥ ', answer]), el('label', {}, ['Clarify ≥ ', clarify]),
    el('button', { type: 'submit', text: 'Override', 'data-testid': 'override-save' }),
    t.override ? el('button', { type: 'button', text: 'Use the chosen ones', 'data-testid': 'override-reset', onclick: () => save('DELETE') }) : null,
  ]);
  async function save(method) {
    try {
      const body = method === 'PUT' ? { answer: Number(answer.value), clarify: Number(clarify.value) } : undefined;
      await kb(method, `/thresholds/${encodeURIComponent(t.lang)}`, body);
      announce(method === 'PUT' ? `Thresholds for ${t.lang} overridden.` : `Thresholds for ${t.lang} chosen at publish again.`);
      await reload();
    } catch (err) {
      pageAlert(err.message);
    }
  }
  form.addEventListener('submit', (e) => { e.preventDefault(); save('PUT'); });
  const at = chosen?.curve?.find((c) => Math.abs(c.t - (eff?.answer ?? -1)) < 0.026);
  return el('li', { className: 'card threshold', 'data-testid': 'threshold', 'data-lang': t.lang }, [
    el('div', { className: 'version-head' }, [
      el('strong', { text: t.lang }),
      el('span', { 'data-testid': 'threshold-values', text: eff ? `answer ≥ ${eff.answer} · clarify ≥ ${eff.clarify}` : 'the configured ANSWER_THRESHOLD / CLARIFY_THRESHOLD' }),
      el('span', { className: `badge${eff?.source === 'operator' ? ' warn' : ''}`, 'data-testid': 'threshold-source',
        text: eff ? { publish: 'chosen at publish', operator: 'overridden', config: 'from the environment' }[eff.source] : chosen ? 'chosen, not in use (AUTO_THRESHOLDS is off)' : 'none chosen' }),
    ]),
    chosen ? el('p', { className: 'muted small', text: `Chosen at publish for at most ${pct(chosen.maxWrongRate ?? 0.05)} wrong answers, on ${chosen.heldOut} held-out questions: answer ≥ ${chosen.answer}, clarify ≥ ${chosen.clarify}.${at ? ` Near the threshold in use, ${pct(at.answered)} of questions are answered and ${pct(1 - at.wrong)} of answers are right.` : ''}` })
      : el('p', { className: 'muted small', text: 'Too few phrasings to choose thresholds on: the configured ones apply.' }),
    chosen?.curve?.length ? curveChart(chosen.curve, chosen.answer, eff?.answer) : null,
    t.override ? el('p', { className: 'small', text: `Overridden by ${t.override.by ?? 'an operator'}${t.override.at ? ` on ${new Date(t.override.at).toLocaleString()}` : ''}.` }) : null,
    ctx.canEdit ? form : null,
  ]);
}

/** Render the thresholds section into `container`; returns a reload function. */
export async function renderThresholds(container, ctx, current) {
  const list = el('ol', { className: 'versions', 'data-testid': 'thresholds' });
  async function reload() {
    const r = await kb('GET', '/thresholds');
    if (!current()) return;
    clear(list);
    for (const t of r.languages) list.append(languageCard(t, ctx, reload));
    if (!r.languages.length) list.append(el('li', { className: 'muted', text: 'Nothing published yet.' }));
  }
  add(container,
    el('h2', { className: 'section-title', text: 'Answer thresholds' }),
    el('p', { className: 'muted small', text: 'Per language, the bot answers at or above the answer threshold, offers suggestions at or above the clarify threshold, and hands off below. Each publish chooses them on held-out phrasings; an override stays until you remove it.' }),
    list,
  );
  await reload();
  return reload;
}
