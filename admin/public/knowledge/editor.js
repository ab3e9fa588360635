// Entry editor: id, category, status, tags, follow-ups, and per language the question, alternate
// questions and Markdown answer with a live preview; two languages side by side. Saves drafts
// with the revision they started from, so a colleague's newer save is never overwritten silently.
import { kb, query } from './api.js';
import { chipInput } from './chips.js';
import { add, $, announce, clear, confirmDialog, debounce, dirOf, el, pageAlert, setSanitizedHtml, time } from './dom.js';

/** Entry kinds besides an FAQ entry (which is sent without a kind). */
const OTHER_KINDS = ['conversation', 'synonyms'];
const blank = (lang) => ({ id: '', tags: [], related: [], status: 'published', variants: [{ lang, question: '', alternates: [], answer: '' }] });

/**
 * A draft the agent console prepared from an agent's reply (POST /api/admin/conversations/:id/to-entry),
 * handed over in sessionStorage because it opens this page. Moves it to ctx.pendingDraft.
 */
function takeHandedDraft(ctx) {
  const raw = sessionStorage.getItem('kb-draft');
  if (!raw) return false;
  sessionStorage.removeItem('kb-draft');
  try {
    ctx.pendingDraft = { entry: JSON.parse(raw) };
    return true;
  } catch {
    return false;
  }
}

/** Languages side by side, remembered between entries. */
const panes = { left: '', right: '' };

function field(label, input) {
  return el('label', {}, [label, input]);
}

/**
 * The note under the alternates while a language has fewer than `enough` ways to ask (the
 * server's threshold, admin/knowledge/entry-list.ts); hidden once it has enough, and from those
 * who cannot edit.
 */
function phrasingsHint(variant, enough, readOnly) {
  const hint = el('p', { className: 'muted small', 'data-testid': 'few-phrasings', role: 'status' });
  const update = () => {
    const n = (variant.question.trim() ? 1 : 0) + variant.alternates.length;
    hint.hidden = readOnly || n === 0 || n >= enough;
    hint.textContent = `${n === 1 ? 'One way' : `${n} ways`} to ask so far. Customers word the same question in many ways, and `
      + `each phrasing added here gets more of them this answer rather than suggestions. Aim for ${enough} or more, worded as customers write.`;
  };
  update();
  return { node: hint, update };
}

/** The editor for one language's wording (or an "add translation" button when there is none). */
function variantEditor(model, lang, ctx, rerender, live) {
  const variant = model.variants.find((v) => v.lang === lang);
  const dir = dirOf(lang);
  const box = el('section', { className: 'card variant', 'data-testid': 'variant', 'data-lang': lang, lang });
  // Compared with what the bot answers now (as loaded; saving does not change the live version).
  const was = live?.variants.find((v) => v.lang === lang);
  const differs = variant && live && (!was || was.question !== variant.question || was.answer !== variant.answer || was.alternates.join('\n') !== variant.alternates.join('\n'));
  box.append(el('h3', {}, [`Language: ${lang} `, differs ? el('span', { className: 'badge warn', 'data-testid': 'variant-changed', text: was ? 'differs from the live answer' : 'not live yet' }) : null]));
  if (!variant) {
    box.append(el('p', { className: 'muted', text: `No ${lang} wording yet: customers writing in ${lang} get another language's answer.` }));
    if (ctx.canEdit) {
      box.append(el('button', { type: 'button', className: 'edit-only', text: `Add ${lang} translation`, 'data-testid': 'add-variant', onclick: () => {
        model.variants.push({ lang, question: '', alternates: [], answer: '' });
        rerender();
        document.querySelector(`[data-testid="variant"][data-lang="${lang}"] [data-testid="v-question"]`)?.focus();
      } }));
    }
    return box;
  }
  const ro = !ctx.canEdit;
  const question = el('input', { type: 'text', value: variant.question, dir, lang, maxlength: 500, readonly: ro, 'data-testid': 'v-question', required: true });
  const hint = phrasingsHint(variant, ctx.enoughPhrasings, ro);
  question.addEventListener('input', () => { variant.question = question.value; hint.update(); });
  const alternates = chipInput({ label: 'Other ways to ask', values: variant.alternates, testid: 'alternate', readOnly: ro, lang, dir,
    placeholder: 'Another phrasing, then Enter', onChange: () => { variant.alternates = alternates.values(); hint.update(); } });
  const answer = el('textarea', { rows: 6, dir, lang, readonly: ro, 'data-testid': 'v-answer', maxlength: 20000 });
  answer.value = variant.answer;
  const preview = el('div', { className: 'preview msg-body', dir, lang, 'data-testid': 'v-preview', 'aria-live': 'polite' });
  let asked = 0;
  const renderPreview = async () => {
    const seq = ++asked;
    try {
      const { html } = await kb('POST', '/preview', { markdown: answer.value });
      if (seq !== asked) return; // a newer keystroke's preview is on its way
      setSanitizedHtml(preview, html);
      preview.dataset.rendered = answer.value;
    } catch (err) {
      preview.textContent = err.status === 403 ? 'Your role cannot render previews; the Markdown is above.' : `Preview unavailable: ${err.message}`;
    }
  };
  const later = debounce(renderPreview, 300);
  answer.addEventListener('input', () => { variant.answer = answer.value; later(); });
  renderPreview();

  add(box,
    field('Question', question),
    alternates.node,
    hint.node,
    field('Answer (Markdown)', answer),
    el('div', { className: 'preview-wrap' }, [el('span', { className: 'field-label', text: 'As the web chat shows it' }), preview]),
  );
  if (ctx.canEdit && model.variants.length > 1) {
    box.append(el('button', { type: 'button', className: 'link danger edit-only', text: `Remove the ${lang} wording`, 'data-testid': 'remove-variant', onclick: async () => {
      if (!(await confirmDialog(`Remove the ${lang} question, alternates and answer from this entry?`, { ok: 'Remove' }))) return;
      model.variants = model.variants.filter((v) => v.lang !== lang);
      rerender();
    } }));
  }
  return box;
}

/** What to send: trimmed texts, empty optional fields left out. */
function toPayload(model) {
  const entry = {
    id: model.id.trim(), tags: model.tags, related: model.related, status: model.status,
    variants: model.variants.map((v) => ({ lang: v.lang, question: v.question.trim(), alternates: v.alternates, answer: v.answer })),
  };
  if (model.category && model.category.trim()) entry.category = model.category.trim();
  if (OTHER_KINDS.includes(model.kind)) entry.kind = model.kind;
  return entry;
}

function describeError(err) {
  const details = Array.isArray(err.details) ? err.details.map((d) => `${(Array.isArray(d.path) ? d.path.join('.') : d.path) || 'entry'}: ${d.message}`).join('; ') : '';
  return details ? `${err.message} (${details})` : err.message;
}

/** Render the editor for entry `id` (or a new entry when `id` is undefined). */
export async function renderEditor(container, ctx, id, current) {
  if (!ctx.languages.length || ctx.enoughPhrasings === undefined) await ctx.loadMeta();
  let loaded = null;
  let model;
  let fromUnanswered;
  if (id) {
    loaded = await kb('GET', `/entries/${encodeURIComponent(id)}`);
    model = structuredClone(loaded.entry);
  } else if (ctx.pendingDraft || takeHandedDraft(ctx)) {
    model = { ...blank('en'), ...structuredClone(ctx.pendingDraft.entry) };
    fromUnanswered = ctx.pendingDraft.fromUnanswered;
    ctx.pendingDraft = null;
  } else {
    model = blank(ctx.languages.includes('en') ? 'en' : ctx.languages[0] || 'en');
  }
  if (!current()) return;
  let revision = loaded?.revision;
  model.tags ||= [];
  model.related ||= [];

  const langs = () => [...new Set([...ctx.languages, ...model.variants.map((v) => v.lang)])];
  if (!langs().includes(panes.left) || panes.left === panes.right) panes.left = model.variants[0]?.lang || langs()[0];
  if (panes.right && !langs().includes(panes.right)) panes.right = '';
  if (!panes.right) panes.right = langs().find((l) => l !== panes.left && model.variants.some((v) => v.lang === l)) || langs().find((l) => l !== panes.left) || '';

  const ro = !ctx.canEdit;
  const conflict = el('div', { className: 'alert error', role: 'alert', hidden: true, 'data-testid': 'conflict' });
  const status = el('p', { className: 'muted small', role: 'status', 'data-testid': 'editor-status' });
  const meta = () => {
    status.textContent = loaded
      ? [`revision ${revision}`, loaded.updatedAt ? `saved ${time(loaded.updatedAt)}${loaded.updatedBy ? ` by ${loaded.updatedBy}` : ''}` : '',
        loaded.changed ? 'not published yet' : loaded.live ? 'same as the live version' : 'not live yet'].filter(Boolean).join(' · ')
      : fromUnanswered ? 'New entry from an unanswered question: not saved yet.' : 'New entry: not saved yet.';
  };
  meta();

  const idInput = el('input', { type: 'text', value: model.id, readonly: ro || Boolean(loaded), pattern: '[a-z0-9][a-z0-9-]*', maxlength: 120,
    placeholder: 'e.g. return-an-item', 'data-testid': 'e-id', required: true, 'aria-describedby': 'id-hint' });
  idInput.addEventListener('input', () => { model.id = idInput.value; });
  const category = el('input', { type: 'text', value: model.category || '', readonly: ro, maxlength: 100, 'data-testid': 'e-category' });
  category.addEventListener('input', () => { model.category = category.value; });
  const statusSelect = el('select', { disabled: ro, 'data-testid': 'e-status' }, [
    el('option', { value: 'published', text: 'answered by the bot once published' }),
    el('option', { value: 'draft', text: 'kept as a draft (the bot never uses it)' }),
  ]);
  statusSelect.value = model.status;
  const kindSelect = el('select', { disabled: ro, 'data-testid': 'e-kind' }, [
    el('option', { value: 'faq', text: 'FAQ entry: an answer from the knowledge base' }),
    el('option', { value: 'conversation', text: 'conversation entry: small talk, answered with starter topics, never a handoff' }),
    el('option', { value: 'synonyms', text: 'synonyms: each alternate phrasing is a group of words that mean the same here' }),
  ]);
  kindSelect.value = OTHER_KINDS.includes(model.kind) ? model.kind : 'faq';
  // What the fields of a synonyms entry hold, since they read as an FAQ entry's.
  const kindHint = el('p', { className: 'muted small', 'data-testid': 'kind-hint', dir: 'auto' });
  const showKindHint = () => {
    kindHint.textContent = model.kind === 'synonyms'
      ? 'One group a line, words or short phrases separated by commas ("parcel, package"). Customers\' words the other entries never use are read as the group\'s word they do use, in every entry. End a member with * for any ending ("reklamow*"). The question is a title; the answer a note. Never answered or shown to customers.'
      : '';
    kindHint.hidden = model.kind !== 'synonyms';
  };
  showKindHint();
  kindSelect.addEventListener('change', () => { model.kind = kindSelect.value === 'faq' ? undefined : kindSelect.value; showKindHint(); });
  statusSelect.addEventListener('change', () => { model.status = statusSelect.value; });
  const tags = chipInput({ label: 'Tags', values: model.tags, testid: 'tag', readOnly: ro, options: ctx.tags, placeholder: 'tag, then Enter', onChange: () => { model.tags = tags.values(); } });
  const related = chipInput({ label: 'Follow-up suggestions (entry ids)', values: model.related, testid: 'related', readOnly: ro, options: ctx.entryIds.filter((e) => e !== model.id),
    placeholder: 'entry id, then Enter', onChange: () => { model.related = related.values(); } });

  const grid = el('div', { className: 'variants-grid', 'data-testid': 'variants' });
  const pick = (side) => {
    const s = el('select', { 'data-testid': `pane-${side}` });
    const fill = () => {
      clear(s);
      if (side === 'right') s.append(el('option', { value: '', text: '— only one' }));
      for (const l of langs()) {
        const has = model.variants.some((v) => v.lang === l);
        s.append(el('option', { value: l, text: has ? l : `${l} (missing)` }));
      }
      s.value = panes[side];
    };
    s.addEventListener('change', () => { panes[side] = s.value; renderGrid(); });
    return { s, fill };
  };
  const left = pick('left');
  const right = pick('right');
  function renderGrid() {
    const missing = ctx.languages.filter((l) => !model.variants.some((v) => v.lang === l));
    missingBadge.hidden = !missing.length;
    missingBadge.textContent = `missing: ${missing.join(', ')}`;
    left.fill();
    right.fill();
    clear(grid);
    grid.classList.toggle('two', Boolean(panes.right));
    grid.append(variantEditor(model, panes.left, ctx, renderGrid, loaded?.live));
    if (panes.right && panes.right !== panes.left) grid.append(variantEditor(model, panes.right, ctx, renderGrid, loaded?.live));
  }
  const missingBadge = el('span', { className: 'badge missing', 'data-testid': 'editor-missing' });

  const history = el('ol', { className: 'audit small', 'data-testid': 'entry-history' });
  const historyBox = el('details', { className: 'card' }, [el('summary', { text: 'History of this entry' }), history]);
  historyBox.addEventListener('toggle', async () => {
    if (!historyBox.open || !loaded) return;
    const r = await kb('GET', `/audit${query({ entryId: model.id, limit: 50 })}`);
    clear(history);
    for (const e of r.events) history.append(el('li', { text: `${time(e.at)} · ${e.actor?.email || 'system'} · ${e.action}` }));
    if (!r.events.length) history.append(el('li', { className: 'muted', text: 'No recorded change.' }));
  });

  async function save(overwrite) {
    pageAlert('');
    conflict.hidden = true;
    const entry = toPayload(model);
    if (!entry.id) { pageAlert('Give the entry an id (lower-case letters, digits and dashes).'); idInput.focus(); return; }
    try {
      if (!loaded) {
        const r = await kb('POST', '/entries', fromUnanswered ? { entry, fromUnanswered } : { entry });
        ctx.dirty = false;
        announce(`Saved ${r.entry.id}.`);
        ctx.refreshChanges();
        ctx.go(`#entry/${encodeURIComponent(r.entry.id)}`);
        return;
      }
      if (overwrite) revision = (await kb('GET', `/entries/${encodeURIComponent(model.id)}`)).revision;
      const r = await kb('PUT', `/entries/${encodeURIComponent(model.id)}`, { entry, revision });
      revision = r.revision;
      ctx.dirty = false;
      loaded = { ...loaded, entry: r.entry, revision, changed: true, updatedAt: new Date().toISOString(), updatedBy: ctx.me.email };
      meta();
      status.textContent = `Saved (revision ${revision}). Publish to let the bot use it.`;
      announce('Saved.');
      ctx.refreshChanges();
    } catch (err) {
      if (err.status === 409 && loaded) showConflict(err, 'save');
      else pageAlert(err.status === 409 ? `An entry with the id “${entry.id}” already exists: choose another id.` : describeError(err));
    }
  }

  function showConflict(err, what) {
    clear(conflict);
    add(conflict,
      el('strong', { text: 'Someone else changed this entry after you opened it. ' }),
      el('span', { text: `Your ${what} was not applied (${err.message}). Your edits are still in the form.` }),
      el('div', { className: 'row-end' }, [
        el('button', { type: 'button', text: 'Load their version (drop my edits)', 'data-testid': 'conflict-reload', onclick: () => { ctx.dirty = false; ctx.go(`#entry/${encodeURIComponent(model.id)}`); } }),
        what === 'save' ? el('button', { type: 'button', className: 'primary', text: 'Save mine over theirs', 'data-testid': 'conflict-overwrite', onclick: () => save(true) }) : null,
      ]),
    );
    conflict.hidden = false;
    conflict.scrollIntoView({ block: 'nearest' });
  }

  async function remove() {
    if (!(await confirmDialog(`Delete “${model.id}”? It stays in the live bot until the next publish, and earlier versions keep it.`, { ok: 'Delete' }))) return;
    try {
      await kb('DELETE', `/entries/${encodeURIComponent(model.id)}${query({ revision })}`);
      ctx.dirty = false;
      announce(`Deleted ${model.id}.`);
      ctx.refreshChanges();
      ctx.go('#entries');
    } catch (err) {
      if (err.status === 409) showConflict(err, 'delete');
      else pageAlert(err.message);
    }
  }

  const form = el('form', { className: 'editor', 'data-testid': 'editor', novalidate: true });
  // Choosing which languages to show side by side is not an edit.
  const touched = (e) => { if (ctx.canEdit && !e.target.closest('.pane-pickers')) ctx.dirty = true; };
  form.addEventListener('input', touched);
  form.addEventListener('change', touched);
  form.addEventListener('click', (e) => { if (e.target.closest('.chip-x, [data-testid="add-variant"]')) touched(e); });
  form.addEventListener('submit', (e) => { e.preventDefault(); if (ctx.canEdit) save(false); });
  add(form, ...[
    el('div', { className: 'screen-head' }, [
      el('a', { href: '#entries', className: 'link', text: '← Entries' }),
      el('h1', { text: loaded ? `Entry ${model.id}` : 'New entry', dir: 'auto' }),
    ]),
    status, conflict,
    el('section', { className: 'card entry-fields' }, [
      field('Id', idInput),
      el('p', { id: 'id-hint', className: 'muted small', text: loaded ? 'The id cannot change (links and analytics use it).' : 'Lower-case letters, digits and dashes; it cannot change later.' }),
      el('div', { className: 'two-fields' }, [field('Category', category), field('Status', statusSelect)]),
      field('Kind', kindSelect), kindHint,
      tags.node, related.node,
    ]),
    el('section', { className: 'wording' }, [
      el('div', { className: 'pane-pickers' }, [
        el('h2', { text: 'Wording' }),
        field('Left', left.s), field('Side by side with', right.s),
        missingBadge,
      ]),
      grid,
    ]),
    ctx.canEdit ? el('div', { className: 'editor-actions edit-only' }, [
      el('button', { type: 'submit', className: 'primary', text: loaded ? 'Save draft' : 'Create entry', 'data-testid': 'save' }),
      loaded ? el('button', { type: 'button', className: 'danger', text: 'Delete entry', 'data-testid': 'delete', onclick: remove }) : null,
    ]) : el('p', { className: 'muted', text: 'Your role can read entries but not change them.' }),
    loaded ? historyBox : null,
  ].filter(Boolean));
  container.append(form);
  renderGrid();
  (loaded ? $('screen') : idInput).focus();
}
