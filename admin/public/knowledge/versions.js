// Versions and audit log: every published version with a Roll back button, and who changed what.
import { kb, query } from './api.js';
import { add, announce, clear, confirmDialog, el, pageAlert, time } from './dom.js';
import { renderThresholds } from './thresholds.js';

/** Before/after of an audit event, as text (editors' words are never parsed as HTML). */
function diffDetails(e) {
  if (e.before == null && e.after == null) return null;
  const show = (v) => (v == null ? '—' : typeof v === 'string' ? v : JSON.stringify(v, null, 2));
  return el('details', { className: 'audit-diff' }, [
    el('summary', { text: 'before / after' }),
    el('div', { className: 'diff-grid' }, [
      el('div', {}, [el('span', { className: 'field-label', text: 'Before' }), el('pre', { text: show(e.before) })]),
      el('div', {}, [el('span', { className: 'field-label', text: 'After' }), el('pre', { text: show(e.after) })]),
    ]),
  ]);
}

/** Render the versions list and the audit log. */
export async function renderVersions(container, ctx, _param, current) {
  const list = el('ol', { className: 'versions', 'data-testid': 'versions', reversed: true });
  const audit = el('ol', { className: 'audit', 'data-testid': 'audit' });
  const auditFilter = el('input', { type: 'search', placeholder: 'entry id', 'aria-label': 'Only changes to this entry', 'data-testid': 'audit-entry' });

  async function loadVersions() {
    const r = await kb('GET', '/versions');
    if (!current()) return;
    clear(list);
    for (const v of r.versions) {
      const live = v.live || v.version === r.live;
      list.append(el('li', { className: `card version${live ? ' live' : ''}`, 'data-testid': 'version', 'data-version': v.version }, [
        el('div', { className: 'version-head' }, [
          el('strong', { text: `Version ${v.version}` }),
          live ? el('span', { className: 'badge ok', text: 'live', 'data-testid': 'live-badge' }) : null,
          el('span', { className: 'muted small', text: `${time(v.createdAt)} · ${v.entries} entries` }),
          el('span', { className: 'spacer' }),
          !live && ctx.canEdit ? el('button', { type: 'button', className: 'edit-only', text: 'Roll back to this', 'data-testid': 'rollback', onclick: () => rollback(v.version) }) : null,
        ]),
        v.note ? el('p', { className: 'small version-note', text: v.note, dir: 'auto' }) : null,
      ]));
    }
    if (!r.versions.length) list.append(el('li', { className: 'muted', text: 'Nothing published yet.' }));
  }

  async function loadAudit() {
    const r = await kb('GET', `/audit${query({ entryId: auditFilter.value.trim(), limit: 100 })}`);
    if (!current()) return;
    clear(audit);
    for (const e of r.events) {
      audit.append(el('li', { className: 'audit-item', 'data-testid': 'audit-event', 'data-action': e.action }, [
        el('span', { className: 'muted small', text: time(e.at) }), ' ',
        el('strong', { text: e.actor?.email || 'system' }), ' ',
        el('span', { className: 'badge', text: e.action }), ' ',
        // Entry events link to the entry; others (publish "v2", an inbox group) are just named.
        e.entityId && e.action.startsWith('entry.') ? el('a', { href: `#entry/${encodeURIComponent(e.entityId)}`, text: e.entityId })
          : e.entityId ? el('span', { className: 'muted', text: e.entityId }) : null,
        diffDetails(e),
      ]));
    }
    if (!r.events.length) audit.append(el('li', { className: 'muted', text: 'No change recorded.' }));
  }

  async function rollback(version) {
    const ok = await confirmDialog(`Roll back to version ${version}? Its content becomes live now (as a new version), and the drafts are replaced by it. Nothing is lost: the current version stays in this list.`, { ok: `Roll back to ${version}` });
    if (!ok) return;
    try {
      const r = await kb('POST', `/versions/${encodeURIComponent(version)}/rollback`, {});
      announce(`Rolled back: version ${r.version} is live.`);
      pageAlert(`Rolled back to the content of version ${version}; it is live as version ${r.version}.`, 'ok');
      await Promise.all([loadVersions(), loadAudit(), ctx.refreshChanges(), reloadThresholds()]);
    } catch (err) {
      pageAlert(err.message);
    }
  }

  let reloadThresholds = async () => {};
  const onPublished = () => { if (current()) { loadVersions(); loadAudit(); reloadThresholds(); } else window.removeEventListener('kb:published', onPublished); };
  window.addEventListener('kb:published', onPublished);

  const auditForm = el('form', { className: 'row', role: 'search' }, [el('label', { className: 'filter grow' }, ['Only entry', auditFilter]), el('button', { type: 'submit', text: 'Filter' })]);
  auditForm.addEventListener('submit', (e) => { e.preventDefault(); loadAudit(); });
  add(container,
    el('div', { className: 'screen-head' }, [el('h1', { text: 'Versions' })]),
    el('p', { className: 'muted small', text: 'Each publish makes a version. Rolling back republishes an earlier one; the bot switches without a restart.' }),
    list,
    el('h2', { className: 'section-title', text: 'Audit log' }),
    auditForm,
    audit,
  );
  const thresholds = el('section', { 'data-testid': 'thresholds-section' });
  container.insertBefore(thresholds, container.querySelector('.section-title'));
  await Promise.all([loadVersions(), loadAudit(), renderThresholds(thresholds, ctx, current).then((r) => { reloadThresholds = r; })]);
}
