// Knowledge editor: sign-in, navigation between screens (hash routes), and what the signed-in
// role may see. Screens live in their own modules and render into #screen.
import { auth, kb, whenSignedOut } from './api.js';
import { $, announce, confirmDialog, pageAlert } from './dom.js';
import { initPublishBar, refreshChanges } from './publish-bar.js';
import { renderEntries } from './entries.js';
import { renderEditor } from './editor.js';
import { renderVersions } from './versions.js';
import { renderTestConsole } from './test-console.js';
import { renderInbox } from './inbox.js';
import { renderTransfer } from './transfer.js';
import { renderHelpOrder } from './help-order.js';

/** Shared by every screen: who is signed in, what they may do, and navigation. */
const ctx = {
  me: null,
  /** The user may change knowledge (editors, admins); analysts only read. */
  canEdit: false,
  /** Configured languages and known tags, from the last entries list. */
  languages: [],
  tags: [],
  /** Ways to ask per language below which the editor advises adding more (from the entries list). */
  enoughPhrasings: undefined,
  /** The editor has unsaved edits (asks before leaving). */
  dirty: false,
  /** A draft another screen prepared for the editor (inbox "New entry"): { entry, fromUnanswered }. */
  pendingDraft: null,
  go(hash) {
    if (location.hash === hash) route();
    else location.hash = hash;
  },
  refreshChanges: () => refreshChanges(ctx),
  /** Refresh languages and tags (the editor and filters use them). */
  async loadMeta() {
    const r = await kb('GET', '/entries');
    ctx.languages = r.languages;
    ctx.tags = r.tags;
    ctx.enoughPhrasings = r.enoughPhrasings;
    ctx.entryIds = r.entries.map((e) => e.id);
    return r;
  },
  entryIds: [],
};

const SCREENS = {
  entries: renderEntries,
  entry: renderEditor,
  new: renderEditor,
  publish: renderVersions,
  test: renderTestConsole,
  inbox: renderInbox,
  io: renderTransfer,
  help: renderHelpOrder,
};

let routeSeq = 0;
let lastHash = location.hash;
let restoring = false;

async function route() {
  if (!ctx.me) return;
  if (restoring) { restoring = false; return; }
  // Unsaved edits in the editor are not lost by a stray click on a tab or link.
  if (ctx.dirty && location.hash !== lastHash) {
    const leave = await confirmDialog('This entry has changes you have not saved. Leave without saving them?', { ok: 'Leave without saving' });
    if (!leave) { restoring = true; location.hash = lastHash; return; }
  }
  ctx.dirty = false;
  lastHash = location.hash;
  const [name, ...rest] = (location.hash.replace(/^#/, '') || 'entries').split('/');
  const screen = SCREENS[name] ? name : 'entries';
  const param = rest.length ? decodeURIComponent(rest.join('/')) : undefined;
  const tab = screen === 'entry' || screen === 'new' ? 'entries' : screen;
  for (const a of document.querySelectorAll('.tabs a')) {
    if (a.dataset.tab === tab) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  pageAlert('');
  const container = $('screen');
  container.textContent = '';
  container.dataset.screen = screen;
  const seq = ++routeSeq;
  try {
    await SCREENS[screen](container, ctx, param, () => seq === routeSeq);
    // After a tab or link, keyboard and screen-reader users continue in the new screen (unless it focused a field itself).
    const active = document.activeElement;
    if (seq === routeSeq && (!active || active === document.body || active.closest('.tabs') || !container.contains(active))) container.focus();
  } catch (err) {
    if (seq === routeSeq && err.status !== 401) pageAlert(err.message);
  }
}

function showLogin(message) {
  ctx.me = null;
  $('app-view').hidden = true;
  $('login-view').hidden = false;
  const err = $('login-error');
  err.hidden = !message;
  err.textContent = message || '';
  $('login-email').focus();
}

function showApp(me) {
  const perms = me.permissions;
  if (!perms.includes('knowledge') && !perms.includes('analytics')) {
    // Agents have the console only.
    location.replace('/admin/');
    return;
  }
  ctx.me = me;
  ctx.canEdit = perms.includes('knowledge');
  document.body.classList.toggle('read-only', !ctx.canEdit);
  $('login-view').hidden = true;
  $('app-view').hidden = false;
  $('me').textContent = `${me.name} (${me.role})`;
  $('console-link').hidden = !perms.includes('console');
  $('team-link').hidden = !perms.includes('users');
  $('analytics-link').hidden = !perms.includes('analytics');
  initPublishBar(ctx);
  ctx.refreshChanges();
  route();
}

whenSignedOut(showLogin);

$('login-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  try {
    const r = await auth('POST', '/login', { email: $('login-email').value, password: $('login-password').value });
    $('login-password').value = '';
    showApp(r.user);
    announce(`Signed in as ${r.user.name}.`);
  } catch (err) {
    showLogin(err.message);
  }
});

$('logout').addEventListener('click', async () => {
  try {
    await auth('POST', '/logout', {});
  } finally {
    showLogin();
  }
});

window.addEventListener('hashchange', route);
window.addEventListener('beforeunload', (e) => { if (ctx.dirty) e.preventDefault(); });

auth('GET', '/me').then((r) => showApp(r.user), () => showLogin());
