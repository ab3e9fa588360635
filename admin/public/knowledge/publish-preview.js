// "What changes if I publish": the suites and recent customer questions put to the live version
// and to the drafts (POST /api/admin/publish-preview), the moves between them, coverage, and the
// publish gate with an admin's audited override.
import { kb } from './api.js';
import { $, add, announce, clear, confirmDialog, el, pageAlert } from './dom.js';

const CHANGES = [
  ['newly-answered', 'Newly answered'],
  ['fixed', 'Fixed (now the expected entry)'],
  ['newly-wrong', 'Newly wrong'],
  ['newly-unanswered', 'Newly unanswered (not understood or handed off)'],
  ['answer-changed', 'Answered from another entry'],
  ['other', 'Other moves'],
];
const BAD = new Set(['newly-wrong', 'newly-unanswered']);
const SOURCES = { suite: 'suite', recent: 'recent question', unanswered: 'unanswered inbox' };

const sideText = (s) => `${s.zone}${s.entry ? ` · ${s.entry}` : ''}${typeof s.confidence === 'number' ? ` (${s.confidence.toFixed(2)})` : ''}`;

function render(r, ctx) {
  const panel = clear($('publish-preview'));
  panel.hidden = false;
  const asked = r.questions.suite + r.questions.recent + r.questions.unanswered;
  add(panel, el('div', { className: 'row-end' }, [
    el('h2', { text: 'What changes if I publish' }),
    el('span', { className: 'spacer' }),
    el('button', { type: 'button', className: 'link', text: 'Close', 'data-testid': 'preview-close', onclick: () => { panel.hidden = true; } }),
  ]));
  add(panel, el('p', { className: 'muted', 'data-testid': 'preview-asked', text: `${asked} questions asked of the live version${r.liveVersion ? ` (v${r.liveVersion})` : ''} and of the drafts: ${r.questions.suite} from suites, ${r.questions.recent} recent customer questions, ${r.questions.unanswered} from the unanswered inbox (${r.seconds} s).` }));
  for (const e of r.suiteErrors) add(panel, el('p', { className: 'error', text: `Suite not read: ${e}` }));

  const g = r.gate;
  const gateText = g.mode === 'off' ? 'The publish gate is off.'
    : g.reasons.length ? `${g.blocked ? (r.overridden ? 'Publishing was blocked; an admin overrode the gate.' : 'Publishing is blocked') : 'Warning'}: ${g.reasons.join('; ')}.`
      : `No regression on the suites (${g.worse} worse, ${g.better} better).`;
  add(panel, el('p', { className: `gate ${g.reasons.length ? (g.blocked && !r.overridden ? 'error' : 'warn') : 'ok'}`, 'data-testid': 'preview-gate', 'data-blocked': String(g.blocked && !r.overridden), text: gateText }));
  if (g.blocked && !r.overridden && ctx.me?.permissions?.includes('users')) {
    add(panel, el('button', {
      type: 'button', 'data-testid': 'preview-override', text: 'Override the gate (admin)…',
      onclick: async () => {
        const reason = await confirmDialog('Publish these drafts despite the regressions? The override is recorded in the audit log with your reason.', { ok: 'Override', input: 'Reason' });
        if (!reason) return;
        try {
          await kb('POST', '/publish-preview/override', { reason });
          announce('Gate overridden for these drafts.');
          await runPreview(ctx);
        } catch (err) {
          pageAlert(err.message);
        }
      },
    }));
  }

  const counts = el('ul', { className: 'preview-counts', 'data-testid': 'preview-counts' });
  for (const [key, label] of CHANGES) add(counts, el('li', { 'data-change': key, className: r.counts[key] && BAD.has(key) ? 'bad' : '' }, [el('b', { text: String(r.counts[key]) }), ` ${label}`]));
  add(panel, counts);

  // Zone transitions, live (rows) → drafts (columns).
  const zones = ['answer', 'clarify', 'fallback', 'handoff'];
  const table = el('table', { className: 'preview-table', 'data-testid': 'preview-transitions' }, [
    el('thead', {}, [el('tr', {}, [el('th', { text: 'live ↓ / drafts →' }), ...zones.map((z) => el('th', { text: z }))])]),
    el('tbody', {}, zones.map((from) => el('tr', {}, [el('th', { text: from }), ...zones.map((to) => el('td', { className: from !== to && r.table[from]?.[to] ? 'moved' : '', text: String(r.table[from]?.[to] ?? 0) }))]))),
  ]);
  add(panel, table);

  if (r.changed.length) {
    const list = el('table', { className: 'preview-changed', 'data-testid': 'preview-changed' }, [
      el('thead', {}, [el('tr', {}, ['change', 'question', 'from', 'live', 'drafts'].map((h) => el('th', { text: h })))]),
      el('tbody', {}, r.changed.map((i) => el('tr', { 'data-change': i.change, 'data-testid': 'preview-item', className: BAD.has(i.change) ? 'bad' : '' }, [
        el('td', { text: (CHANGES.find(([k]) => k === i.change) || [, i.change])[1] }),
        el('td', { text: `${i.text}${i.lang ? ` [${i.lang}]` : ''}${i.expectedEntry ? (i.source === 'suite' ? ` → expects ${i.expectedEntry}` : ` → the customer chose ${i.expectedEntry}`) : i.expectedZone ? ` → expects ${i.expectedZone}` : ''}` }),
        el('td', { text: i.test ? `${SOURCES[i.source]}: ${i.test}` : SOURCES[i.source] }),
        el('td', { text: sideText(i.live) }),
        el('td', { text: sideText(i.draft) }),
      ]))),
    ]);
    add(panel, list);
  } else add(panel, el('p', { text: 'No question changes.' }));

  const missing = Object.entries(r.coverage.missing);
  const cov = el('details', { 'data-testid': 'preview-coverage' }, [
    el('summary', { text: `Coverage: ${r.coverage.covered} of ${r.coverage.pairs} entry × language pairs are asked by a suite or a recorded question` }),
    missing.length ? el('ul', {}, missing.map(([id, langs]) => el('li', { text: `${id}: ${langs.join(', ')}` }))) : el('p', { text: 'Every entry is asked in every language.' }),
  ]);
  add(panel, cov);
}

/** Run the preview of the current drafts and show it. */
export async function runPreview(ctx, { fresh = false } = {}) {
  const button = $('preview-publish');
  button.disabled = true;
  const previous = button.textContent;
  button.textContent = 'Checking…';
  try {
    const r = await kb('POST', `/publish-preview${fresh ? '?fresh=1' : ''}`, {});
    render(r, ctx);
    announce(`Preview ready: ${r.changed.length} questions change.`);
    return r;
  } catch (err) {
    pageAlert(`Could not preview the publish: ${err.message}`);
    return undefined;
  } finally {
    button.disabled = false;
    button.textContent = previous;
  }
}

let bound = false;

/** Wire the "What changes?" button once. */
export function initPublishPreview(ctx) {
  if (bound) return;
  bound = true;
  $('preview-publish').addEventListener('click', () => runPreview(ctx));
  window.addEventListener('kb:published', () => { $('publish-preview').hidden = true; });
}
