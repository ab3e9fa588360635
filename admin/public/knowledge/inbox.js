// Unanswered questions: groups of similar questions the bot could not answer, with counts and
// reasons; add one as another phrasing of an entry (published at once), start a new entry
// from it, read a word no entry uses as one that an entry uses (a synonym), or dismiss it with a
// reason. Customers' words are only ever set as text.
import { kb, query } from './api.js';
import { followJob } from './publish-bar.js';
import { add, announce, clear, confirmDialog, el, pageAlert, time } from './dom.js';

const filters = { status: 'open', lang: '' };
const REASONS = { clarify: 'not sure', handoff: 'handed off', unhelpful: 'rated unhelpful' };

/** Render the inbox. */
export async function renderInbox(container, ctx, _param, current) {
  // The entries to offer in "Add to entry…" (and, on a first visit, the configured languages).
  const entries = await ctx.loadMeta();
  if (!current()) return;
  const titles = new Map(entries.entries.map((e) => [e.id, e.question]));
  const list = el('ul', { className: 'inbox', 'data-testid': 'inbox' });

  /**
   * An inline form under a group: `control` with its label, a primary button and Cancel. `run`
   * does the work; the list reloads after it, and an error is shown with the buttons enabled again.
   */
  function actionForm(li, { className, testid, label, control, submitText, submitTestid, run }) {
    const form = el('form', { className: `row add-form ${className}`, 'data-testid': testid }, [
      el('label', { className: 'filter grow' }, [label, control]),
      el('button', { type: 'submit', className: 'primary', text: submitText, 'data-testid': submitTestid }),
      el('button', { type: 'button', text: 'Cancel', onclick: () => form.remove() }),
    ]);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      form.querySelectorAll('button').forEach((b) => { b.disabled = true; });
      try {
        await run();
        if (current()) await load();
      } catch (err) {
        pageAlert(err.message);
        form.querySelectorAll('button').forEach((b) => { b.disabled = false; });
      }
    });
    li.querySelector(`.${className}`)?.remove();
    li.append(form);
    control.focus();
  }

  function addForm(group, li) {
    const select = el('select', { 'data-testid': 'add-entry-select', 'aria-label': 'Entry to add the question to' },
      entries.entries.map((e) => el('option', { value: e.id, text: `${e.question} (${e.id})` })));
    // Where customers said the question belongs comes first; else the bot's own closest entry.
    const best = [group.chosen, group.suggested].find((s) => s && titles.has(s.entryId));
    if (best) select.value = best.entryId;
    actionForm(li, {
      className: 'alternate-form', testid: 'add-form', label: 'Add as another way to ask', control: select, submitText: 'Add and publish', submitTestid: 'add-confirm',
      run: async () => {
        const r = await kb('POST', `/unanswered/${encodeURIComponent(group.id)}/add-alternate`, { entryId: select.value });
        announce(`Added to ${r.entry.id}; publishing.`);
        // No job when there was nothing new to add (the phrasing was already there).
        const job = r.job ? await followJob(r.job, ctx) : { state: 'done' };
        if (job.state === 'done') pageAlert(`Added to “${titles.get(r.entry.id) || r.entry.id}” and published: the bot answers it now.`, 'ok');
      },
    });
  }

  /** "Read … as": a customer's word as one the entries use (a synonym group), published. */
  function synonymForm(group, word, li) {
    const input = el('input', { type: 'text', required: true, maxLength: 60, dir: 'auto', lang: group.lang, 'data-testid': 'synonym-same-as', 'aria-label': `A word the entries use that means “${word}”`, placeholder: 'a word the entries use' });
    actionForm(li, {
      className: 'synonym-form', testid: 'synonym-form', label: el('span', { dir: 'auto', text: `Read “${word}” as` }), control: input,
      submitText: 'Add synonym and publish', submitTestid: 'synonym-confirm',
      run: async () => {
        const r = await kb('POST', `/unanswered/${encodeURIComponent(group.id)}/add-synonym`, { word, sameAs: input.value });
        announce(`Added “${r.group}” to ${r.entry.id}; publishing.`);
        const job = await followJob(r.job, ctx);
        if (job.state === 'done') pageAlert(`“${word}” is read as “${input.value.trim()}” now (entry “${r.entry.id}”, published).`, 'ok');
      },
    });
  }

  function groupItem(g) {
    const li = el('li', { className: 'card group', 'data-testid': 'group', 'data-id': g.id, 'data-status': g.status });
    const reasons = Object.entries(g.reasons || {}).filter(([, n]) => n > 0).map(([k, n]) => el('span', { className: 'badge', text: `${REASONS[k] || k} ×${n}` }));
    const questions = el('ul', { className: 'small group-questions' }, (g.questions || []).map((q) =>
      el('li', { 'data-testid': 'group-question' }, [el('q', { text: q.text, dir: 'auto' }), el('span', { className: 'muted', text: ` · ${time(q.at)} · ${REASONS[q.reason] || q.reason}${q.source === 'help-center' ? ' · help-center search' : ''}` }),
        q.chosen ? el('span', { className: 'muted', 'data-testid': 'question-chosen', dir: 'auto', text: ` · chose “${q.chosen.title}”` }) : null])));
    add(li,
      el('div', { className: 'version-head' }, [
        el('strong', { className: 'group-text', text: g.text, dir: 'auto', lang: g.lang, 'data-testid': 'group-text' }),
        el('span', { className: 'count', text: String(g.count), title: `${g.count} time(s)`, 'data-testid': 'group-count' }),
        el('span', { className: 'badge conf', text: g.lang }),
      ]),
      el('div', { className: 'q-top' }, [...reasons, el('span', { className: 'muted small', text: `last ${time(g.lastAt)}` })]),
      g.chosen ? el('p', { className: 'small', 'data-testid': 'chosen' }, [`Customers chose (${g.chosen.count}×): `, el('a', { href: `#entry/${encodeURIComponent(g.chosen.entryId)}`, text: g.chosen.title, dir: 'auto' })]) : null,
      g.suggested ? el('p', { className: 'small', 'data-testid': 'suggested' }, ['Closest entry: ', el('a', { href: `#entry/${encodeURIComponent(g.suggested.entryId)}`, text: g.suggested.title, dir: 'auto' }),
        el('span', { className: 'muted', text: ` (${Math.round(g.suggested.confidence * 100)}%)` })]) : null,
      g.questions?.length > 1 ? el('details', {}, [el('summary', { className: 'small', text: `All ${g.questions.length} phrasings` }), questions]) : null,
      // Words no entry uses: often a synonym of one that does ("ชำรุด" for "เสียหาย").
      g.unknownWords?.length ? el('p', { className: 'small', 'data-testid': 'unknown-words' }, ['Words no entry uses: ',
        ...g.unknownWords.map((w) => (ctx.canEdit && g.status === 'open'
          ? el('button', { type: 'button', className: 'chip', dir: 'auto', lang: g.lang, text: `${w} = …`, title: `Add “${w}” as a synonym of a word the entries use`, 'data-testid': 'unknown-word', 'data-word': w, onclick: () => synonymForm(g, w, li) })
          : el('span', { className: 'chip', dir: 'auto', lang: g.lang, text: w, 'data-testid': 'unknown-word', 'data-word': w })))]) : null,
    );
    if (ctx.canEdit && g.status === 'open') {
      li.append(el('div', { className: 'row edit-only group-actions' }, [
        el('button', { type: 'button', text: 'Add to entry…', 'data-testid': 'add-alternate', onclick: () => { if (!li.querySelector('.alternate-form')) addForm(g, li); } }),
        el('button', { type: 'button', text: 'New entry', 'data-testid': 'new-from-group', onclick: async () => {
          try {
            const r = await kb('POST', `/unanswered/${encodeURIComponent(g.id)}/new-entry`, {});
            ctx.pendingDraft = { entry: r.entry, fromUnanswered: g.id };
            ctx.go('#new');
          } catch (err) { pageAlert(err.message); }
        } }),
        el('button', { type: 'button', className: 'link', text: 'Dismiss', 'data-testid': 'dismiss', onclick: async () => {
          const reason = await confirmDialog(`Dismiss “${g.text}”? It leaves the inbox.`, { ok: 'Dismiss', input: 'Reason (e.g. spam, out of scope)' });
          if (!reason) return;
          try {
            await kb('POST', `/unanswered/${encodeURIComponent(g.id)}/dismiss`, { reason });
            announce('Dismissed.');
            await load();
          } catch (err) { pageAlert(err.message); }
        } }),
      ]));
    }
    return li;
  }

  async function load() {
    const r = await kb('GET', `/unanswered${query(filters)}`);
    if (!current()) return;
    clear(list);
    for (const g of r.groups) list.append(groupItem(g));
    if (!r.groups.length) list.append(el('li', { className: 'muted q-empty', text: filters.status === 'open' ? 'Nothing waiting: the bot answered everything confidently.' : 'Nothing here.' }));
  }

  const status = el('select', { name: 'status', 'data-testid': 'inbox-status' }, ['open', 'resolved', 'dismissed'].map((s) => el('option', { value: s, text: s })));
  status.value = filters.status;
  const lang = el('select', { name: 'lang', 'data-testid': 'inbox-lang' }, [el('option', { value: '', text: 'any' }), ...ctx.languages.map((l) => el('option', { value: l, text: l }))]);
  lang.value = filters.lang;
  const bar = el('form', { className: 'card filters' }, [el('label', { className: 'filter' }, ['Show', status]), el('label', { className: 'filter' }, ['Language', lang])]);
  bar.addEventListener('change', (e) => { filters[e.target.name] = e.target.value; load(); });
  bar.addEventListener('submit', (e) => e.preventDefault());

  container.append(
    el('div', { className: 'screen-head' }, [el('h1', { text: 'Unanswered questions' })]),
    el('p', { className: 'muted small' }, ['Questions the bot was unsure about, handed to a person, or the customer rated unhelpful; similar ones are grouped. ',
      el('a', { href: '/api/admin/labeled-questions', download: 'labeled-questions.jsonl', 'data-testid': 'labeled-download', text: 'Download the questions customers labelled' }),
      ' (for npm run eval).']),
    bar, list,
  );
  await load();
}
