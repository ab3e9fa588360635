// The publish bar: how many drafts differ from the live version, and the Publish button with
// the job's progress. Other screens listen for the "kb:published" event to refresh.
import { kb, waitForJob } from './api.js';
import { $, announce, pageAlert } from './dom.js';
import { initPublishPreview, runPreview } from './publish-preview.js';

let bound = false;
let publishing = false;

/** Count of unpublished changes, from GET /api/admin/changes. */
export async function refreshChanges(ctx) {
  try {
    const c = await kb('GET', '/changes');
    const n = c.added.length + c.changed.length + c.removed.length;
    const parts = [];
    if (c.added.length) parts.push(`${c.added.length} added`);
    if (c.changed.length) parts.push(`${c.changed.length} changed`);
    if (c.removed.length) parts.push(`${c.removed.length} removed`);
    $('changes-count').textContent = n
      ? `${n} unpublished change${n === 1 ? '' : 's'} (${parts.join(', ')})`
      : 'No unpublished changes: the bot answers with what you see.';
    $('publish-bar').dataset.changes = String(n);
    $('publish').disabled = publishing || !ctx.canEdit || n === 0;
    return c;
  } catch (err) {
    if (err.status !== 401) $('changes-count').textContent = `Could not count changes: ${err.message}`;
    return undefined;
  }
}

/** Show a running publish job (from the bar, or the inbox's add-as-alternate). */
export async function followJob(job, ctx) {
  publishing = true;
  $('publish').disabled = true;
  const meter = $('publish-meter');
  $('publish-progress').hidden = false;
  $('publish-message').textContent = 'Publishing…';
  $('publish-bar').dataset.state = 'running';
  try {
    const done = await waitForJob(job, (j) => {
      meter.max = Math.max(1, j.total || 1);
      meter.value = j.done || 0;
      $('publish-phase').textContent = `${j.phase || ''} ${j.total ? `${j.done}/${j.total}` : ''}`.trim();
    });
    $('publish-bar').dataset.state = done.state;
    if (done.state === 'done') {
      const r = done.result || {};
      const text = `Published version ${r.version} (${r.entries} entries${typeof r.seconds === 'number' ? `, ${r.seconds.toFixed(1)} s` : ''}). The bot uses it now.`;
      $('publish-message').textContent = text;
      announce(text);
    } else {
      $('publish-message').textContent = '';
      pageAlert(`Publishing failed, the bot keeps the version it had: ${done.error || 'unknown error'}`);
    }
    return done;
  } finally {
    publishing = false;
    $('publish-progress').hidden = true;
    await refreshChanges(ctx);
    window.dispatchEvent(new CustomEvent('kb:published'));
  }
}

/** Wire the Publish button once. */
export function initPublishBar(ctx) {
  if (bound) return;
  bound = true;
  initPublishPreview(ctx);
  // Colleagues edit too: recount when the tab comes back into view, and now and then.
  document.addEventListener('visibilitychange', () => { if (!document.hidden && ctx.me) refreshChanges(ctx); });
  setInterval(() => { if (!document.hidden && ctx.me && !publishing) refreshChanges(ctx); }, 20_000);
  $('publish').addEventListener('click', async () => {
    pageAlert('');
    $('publish').disabled = true;
    try {
      const note = $('publish-note').value.trim();
      const { job } = await kb('POST', '/publish', note ? { note } : {});
      $('publish-note').value = '';
      await followJob(job, ctx);
    } catch (err) {
      // The gate refused: show what would regress.
      if (err.code === 'publish_gate') {
        pageAlert(err.message);
        await runPreview(ctx);
      } else pageAlert(err.status === 409 ? 'Another publish is running; wait for it to finish.' : err.message);
      await refreshChanges(ctx);
    }
  });
}
