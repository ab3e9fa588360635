// Import and export: download the knowledge base in the three formats; import a file with a
// preview of what it adds, changes and removes, applied only after confirmation.
import { kb } from './api.js';
import { add, announce, clear, confirmDialog, el, pageAlert } from './dom.js';

const FORMATS = [
  ['markdown', 'Markdown folder (.zip)', '.zip'],
  ['csv', 'CSV (one row per language)', '.csv'],
  ['json', 'JSON', '.json'],
];

const formatOf = (name) => (/\.zip$/i.test(name) ? 'markdown' : /\.csv$/i.test(name) ? 'csv' : /\.json$/i.test(name) ? 'json' : '');

/** A zip is sent as base64, the text formats as they are. */
async function readContent(file, format) {
  if (format !== 'markdown') return file.text();
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function idList(label, ids, testid) {
  return el('div', { className: 'summary-col', 'data-testid': testid }, [
    el('h3', { text: `${label} (${ids.length})` }),
    ids.length ? el('ul', { className: 'small' }, ids.map((id) => el('li', { text: id }))) : el('p', { className: 'muted small', text: 'none' }),
  ]);
}

/** Render the import/export screen. */
export async function renderTransfer(container, ctx) {
  const downloads = el('ul', { className: 'downloads', 'data-testid': 'downloads' }, FORMATS.map(([format, label]) =>
    el('li', {}, [el('a', { href: `/api/admin/export?format=${format}`, download: '', 'data-testid': `export-${format}`, text: label })])));

  const file = el('input', { type: 'file', accept: '.zip,.csv,.json', 'data-testid': 'import-file' });
  const format = el('select', { 'data-testid': 'import-format' }, [el('option', { value: '', text: 'from the file name' }), ...FORMATS.map(([f, l]) => el('option', { value: f, text: l }))]);
  const error = el('div', { className: 'alert error', role: 'alert', hidden: true, 'data-testid': 'import-error' });
  const summary = el('div', { className: 'card import-summary', hidden: true, 'data-testid': 'import-summary', 'aria-live': 'polite' });
  let pending = null;

  function showSummary(s, applied) {
    clear(summary);
    summary.hidden = false;
    add(summary,
      el('p', { text: applied ? 'Imported. The drafts are now exactly the file\'s entries; publish to make them live.' : `This file would make these changes to the drafts (${s.unchanged} entries unchanged):` }),
      el('div', { className: 'summary-grid' }, [idList('Added', s.added, 'import-added'), idList('Changed', s.changed, 'import-changed'), idList('Removed', s.removed, 'import-removed')]),
    );
    const none = !s.added.length && !s.changed.length && !s.removed.length;
    if (!applied && none) summary.append(el('p', { className: 'muted', text: 'Nothing to apply: the drafts already match this file.' }));
    if (!applied && !none && ctx.canEdit) {
      summary.append(el('button', { type: 'button', className: 'primary edit-only', text: 'Apply this import', 'data-testid': 'import-apply', onclick: apply }));
    }
  }

  async function preview(e) {
    e.preventDefault();
    pageAlert('');
    error.hidden = true;
    clear(summary);
    summary.hidden = true;
    const f = file.files[0];
    if (!f) { error.hidden = false; error.textContent = 'Choose a file first.'; return; }
    const fmt = format.value || formatOf(f.name);
    if (!fmt) { error.hidden = false; error.textContent = 'Pick the format: the file name does not end in .zip, .csv or .json.'; return; }
    try {
      const content = await readContent(f, fmt);
      const s = await kb('POST', '/import/preview', { format: fmt, content });
      pending = { format: fmt, content };
      showSummary(s, false);
    } catch (err) {
      error.hidden = false;
      error.textContent = err.status === 422
        ? `The file is malformed${err.file ? ` in ${err.file}` : ''}${err.line ? ` at line ${err.line}` : ''}: ${err.message}. Nothing was imported.`
        : err.message;
    }
  }

  async function apply() {
    if (!pending) return;
    if (!(await confirmDialog('Replace all drafts with the file\'s entries? The live bot is unchanged until you publish.', { ok: 'Apply import' }))) return;
    try {
      const s = await kb('POST', '/import/apply', pending);
      pending = null;
      showSummary(s, true);
      announce('Imported.');
      ctx.refreshChanges();
    } catch (err) {
      error.hidden = false;
      error.textContent = err.status === 422 ? `The file is malformed${err.line ? ` at line ${err.line}` : ''}: ${err.message}. Nothing was imported.` : err.message;
    }
  }

  const form = el('form', { className: 'card', 'data-testid': 'import-form' }, [
    el('h2', { text: 'Import' }),
    el('p', { className: 'muted small', text: 'The drafts become exactly the file\'s entries. You see what changes before anything is applied.' }),
    el('label', {}, ['File', file]),
    el('label', {}, ['Format', format]),
    el('button', { type: 'submit', text: 'Preview import', 'data-testid': 'import-preview' }),
  ]);
  form.addEventListener('submit', preview);
  add(container,
    el('div', { className: 'screen-head' }, [el('h1', { text: 'Import / export' })]),
    el('section', { className: 'card' }, [el('h2', { text: 'Export' }), el('p', { className: 'muted small', text: 'Every entry as it is in the editor (drafts included).' }), downloads]),
    ctx.canEdit ? form : null, error, summary,
  );
}
