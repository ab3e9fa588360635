// Test console: what the bot would do with a question, against the live version or the drafts:
// ranked entries with each signal, the confidence against the thresholds, and the zone.
import { kb } from './api.js';
import { add, bar, clear, dirOf, el, pageAlert, setSanitizedHtml } from './dom.js';

const ZONES = {
  answer: ['Answers', 'ok', 'The bot answers with the top entry.'],
  clarify: ['Asks to clarify', 'warn', 'The bot offers the top entries as "did you mean…".'],
  fallback: ['Not understood', 'warn', 'The bot says it did not understand and offers starter topics; it hands off only after repeated failures.'],
  handoff: ['Hands off', 'danger', 'The bot passes the customer to a person.'],
};
const SIGNALS = ['dense', 'lexical', 'bm25', 'coverage', 'classifier', 'chatter'];
const last = { text: '', lang: '', source: 'live' };

function candidateRow(c, i, thresholds) {
  const signals = el('dl', { className: 'signals' });
  for (const s of SIGNALS) {
    const v = c.signals?.[s];
    signals.append(el('div', {}, [el('dt', { text: s }), el('dd', { text: typeof v === 'number' ? v.toFixed(3) : '—' })]));
  }
  return el('li', { className: 'card candidate', 'data-testid': 'candidate', 'data-entry': c.entryId }, [
    el('div', { className: 'version-head' }, [
      el('strong', { text: `${i + 1}. ${c.title}`, dir: 'auto' }),
      el('a', { className: 'small', href: `#entry/${encodeURIComponent(c.entryId)}`, text: c.entryId }),
    ]),
    el('div', { className: 'conf-row' }, [
      el('span', { className: 'small', text: 'confidence' }),
      bar(c.confidence, [{ value: thresholds.clarify, label: `clarify from ${thresholds.clarify}` }, { value: thresholds.answer, label: `answer from ${thresholds.answer}` }]),
      el('strong', { 'data-testid': 'confidence', text: `${Math.round(c.confidence * 100)}%` }),
      el('span', { className: 'muted small', text: `score ${c.score.toFixed(3)}` }),
    ]),
    signals,
  ]);
}

/** Render the test console. */
export async function renderTestConsole(container, ctx, _param, current) {
  if (!ctx.languages.length) await ctx.loadMeta();
  const text = el('textarea', { rows: 2, maxlength: 2000, required: true, dir: 'auto', 'data-testid': 'test-text', placeholder: 'Type a question as a customer would' });
  text.value = last.text;
  const lang = el('select', { 'data-testid': 'test-lang' }, [el('option', { value: '', text: 'detect' }), ...ctx.languages.map((l) => el('option', { value: l, text: l }))]);
  lang.value = last.lang;
  const radio = (value, label) => el('label', { className: 'check' }, [
    el('input', { type: 'radio', name: 'source', value, checked: last.source === value, 'data-testid': `test-source-${value}` }), label]);
  const result = el('div', { className: 'test-result', 'data-testid': 'test-result', 'aria-live': 'polite' });

  const form = el('form', { className: 'card test-form', 'data-testid': 'test-form' }, [
    el('label', {}, ['Question', text]),
    el('div', { className: 'row' }, [
      el('label', { className: 'filter' }, ['Language', lang]),
      el('fieldset', { className: 'source' }, [el('legend', { text: 'Match against' }), radio('live', 'live version'), radio('draft', 'drafts (not published)')]),
      el('button', { type: 'submit', className: 'primary', text: 'Test', 'data-testid': 'test-run' }),
    ]),
  ]);
  text.addEventListener('keydown', (e) => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); form.requestSubmit(); } });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!text.value.trim()) return;
    last.text = text.value;
    last.lang = lang.value;
    last.source = form.elements.source.value;
    result.setAttribute('aria-busy', 'true');
    try {
      const r = await kb('POST', '/test', { text: text.value, lang: lang.value || undefined, source: last.source });
      if (!current()) return;
      show(r);
    } catch (err) {
      pageAlert(err.message);
    } finally {
      result.removeAttribute('aria-busy');
    }
  });

  function show(r) {
    clear(result);
    const [label, kind, explain] = ZONES[r.zone] || [r.zone, '', ''];
    const reply = el('div', { className: 'preview msg-body', dir: dirOf(r.lang), 'data-testid': 'test-reply' });
    if (r.reply?.html) setSanitizedHtml(reply, r.reply.html);
    add(result,
      el('div', { className: 'card zone' }, [
        el('span', { className: `zone-badge ${kind}`, 'data-testid': 'zone', 'data-zone': r.zone, text: label }),
        el('span', { className: 'small', text: ` ${explain}` }),
        el('p', { className: 'muted small', 'data-testid': 'thresholds', text: `Thresholds: answer at ${Math.round(r.thresholds.answer * 100)}% or more, clarify at ${Math.round(r.thresholds.clarify * 100)}% or more, otherwise hand off. Searched in ${r.lang} (detected ${r.detectedLang}), ${r.source === 'draft' ? 'drafts' : 'live version'}.` }),
        r.readAs ? el('p', { className: 'muted small', 'data-testid': 'read-as', dir: 'auto', text: `Read as: ${r.readAs} (synonyms and typo correction)` }) : null,
        r.unknownWords ? el('p', { className: 'muted small', 'data-testid': 'unknown-words', dir: 'auto', text: `Words no entry uses: ${r.unknownWords.join(', ')} (a synonym may help)` }) : null,
        r.reply?.html ? el('div', {}, [el('span', { className: 'field-label', text: 'Reply' }), reply]) : null,
      ]),
      el('ol', { className: 'candidates', 'data-testid': 'candidates' }, r.candidates.map((c, i) => candidateRow(c, i, r.thresholds))),
    );
    if (!r.candidates.length) result.append(el('p', { className: 'muted', text: 'No entry came close.' }));
  }

  container.append(el('div', { className: 'screen-head' }, [el('h1', { text: 'Test a question' })]), form, result);
  text.focus();
}
