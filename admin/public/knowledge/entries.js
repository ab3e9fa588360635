// Entries screen: search, filters (tag, language, status, missing translation, few phrasings) and
// the list, with badges for missing translations, few phrasings and unpublished changes.
import { kb, query } from './api.js';
import { add, clear, debounce, el, time } from './dom.js';

const filters = { q: '', tag: '', lang: '', status: '', missing: '', few: '' };

/** A filter <select> whose options are refreshed after each load (keeping the choice). */
function filterSelect(name, label, testid) {
  const s = el('select', { name, 'data-testid': testid });
  return { label: el('label', { className: 'filter' }, [label, s]), set(options) {
    clear(s);
    for (const [value, text] of options) s.append(el('option', { value, text }));
    s.value = filters[name];
  } };
}

function entryRow(e, enough) {
  const badges = el('span', { className: 'q-top' }, [
    e.status === 'draft' ? el('span', { className: 'badge', text: 'draft (not answered)' }) : null,
    e.kind === 'conversation' ? el('span', { className: 'badge', text: 'conversation', 'data-testid': 'kind-badge', title: 'Small talk: answered with starter topics, never a handoff' }) : null,
    e.kind === 'synonyms' ? el('span', { className: 'badge', text: 'synonyms', 'data-testid': 'kind-badge', title: 'Groups of words that mean the same here: read by the matcher, never answered' }) : null,
    e.changed ? el('span', { className: 'badge warn', text: e.live === false ? 'new, not published' : 'unpublished changes', 'data-testid': 'changed-badge' }) : null,
    ...e.langs.map((l) => el('span', { className: 'badge conf', text: l, lang: l })),
    ...e.missingLangs.map((l) => el('span', { className: 'badge missing', text: `no ${l}`, 'data-testid': 'missing-badge', title: `No ${l} translation` })),
    ...e.fewPhrasings.map((l) => el('span', { className: 'badge warn', text: `few ${l} phrasings`, 'data-testid': 'few-badge', title: `Fewer than ${enough} ways to ask in ${l}: more of these customers get suggestions instead of this answer` })),
  ]);
  return el('li', { className: 'entry-item', 'data-testid': 'entry-item', 'data-id': e.id }, [
    el('a', { className: 'entry-link', href: `#entry/${encodeURIComponent(e.id)}` }, [
      el('strong', { className: 'entry-q', text: e.question || e.id, dir: 'auto' }),
      el('span', { className: 'muted small entry-id', text: [e.id, e.category, e.tags.length ? `#${e.tags.join(' #')}` : ''].filter(Boolean).join(' · ') }),
      badges,
      el('span', { className: 'muted small', text: e.updatedAt ? `edited ${time(e.updatedAt)}${e.updatedBy ? ` by ${e.updatedBy}` : ''}` : '' }),
    ]),
  ]);
}

/** Render the entries list into `container`. */
export async function renderEntries(container, ctx, _param, current) {
  const list = el('ul', { className: 'entry-list', 'data-testid': 'entry-list', 'aria-live': 'polite' });
  const count = el('p', { className: 'muted small', 'data-testid': 'entry-count' });
  const form = el('form', { className: 'card filters', role: 'search', 'data-testid': 'entry-filters' });
  const search = el('input', { type: 'search', name: 'q', placeholder: 'Search questions, answers, ids', value: filters.q, 'aria-label': 'Search entries', 'data-testid': 'entry-search' });

  // Loads can overlap (typing, then changing a filter): only the latest one may fill the list,
  // whichever order the answers come back in.
  let latest = 0;
  async function load() {
    const mine = ++latest;
    const r = await kb('GET', `/entries${query(filters)}`);
    if (!current() || mine !== latest) return;
    ctx.languages = r.languages;
    ctx.tags = r.tags;
    ctx.enoughPhrasings = r.enoughPhrasings;
    if (!filters.q && !filters.tag && !filters.lang && !filters.status && !filters.missing && !filters.few) ctx.entryIds = r.entries.map((e) => e.id);
    buildFilters(r);
    clear(list);
    for (const e of r.entries) list.append(entryRow(e, r.enoughPhrasings));
    if (!r.entries.length) list.append(el('li', { className: 'muted q-empty', text: 'No entry matches.' }));
    count.textContent = `${r.entries.length} entr${r.entries.length === 1 ? 'y' : 'ies'}`;
  }

  const tag = filterSelect('tag', 'Tag', 'filter-tag');
  const lang = filterSelect('lang', 'Language', 'filter-lang');
  const status = filterSelect('status', 'Status', 'filter-status');
  const missing = filterSelect('missing', 'Missing translation', 'filter-missing');
  const few = filterSelect('few', 'Few phrasings', 'filter-few');
  form.append(el('label', { className: 'filter grow' }, ['Search', search]), tag.label, lang.label, status.label, missing.label, few.label);

  function buildFilters(r) {
    tag.set([['', 'any'], ...r.tags.map((t) => [t, t])]);
    lang.set([['', 'any'], ...r.languages.map((l) => [l, l])]);
    status.set([['', 'any'], ['published', 'published'], ['draft', 'draft']]);
    missing.set([['', '—'], ['any', 'in any language'], ...r.languages.map((l) => [l, `in ${l}`])]);
    few.set([['', '—'], ['any', 'in any language'], ...r.languages.map((l) => [l, `in ${l}`])]);
  }

  const reload = debounce(() => load().catch(() => {}), 250);
  search.addEventListener('input', () => { filters.q = search.value; reload(); });
  form.addEventListener('change', (e) => {
    if (e.target.name && e.target.name !== 'q') { filters[e.target.name] = e.target.value; load(); }
  });
  form.addEventListener('submit', (e) => { e.preventDefault(); filters.q = search.value; load(); });

  add(container,
    el('div', { className: 'screen-head' }, [
      el('h1', { text: 'Entries' }),
      ctx.canEdit ? el('a', { className: 'button primary edit-only', href: '#new', text: 'New entry', 'data-testid': 'new-entry' }) : null,
    ]),
    form, count, list,
  );
  await load();
}
