/**
 * The right pane: one conversation with the handoff packet (why, what failed, what the bot
 * tried), the transcript and notes, the reply window, and who may act on it.
 */
import { $, el } from '../../browser/shared/index.ts';
import { api } from './api.ts';
import { time } from './format.ts';
import { renderQueue } from './queue.ts';
import { clearReplyFiles } from './reply-files.ts';
import { may, state } from './state.ts';
import { bar, renderMessage, renderNote } from './transcript.ts';
import type { Detail } from './types.ts';

const REASONS: Record<string, string> = {
  'low-confidence': 'The bot was not confident enough to answer.',
  'repeated-failure': 'The bot failed to answer several questions in a row.',
  'asked-for-human': 'The customer asked for a person.',
  'keyword': 'The customer used a keyword that always goes to a person.',
};

/** The alert above the packet (no text: hidden). */
export function setAlert(text: string, kind = 'error'): void {
  const a = $('d-alert');
  a.hidden = !text;
  a.textContent = text || '';
  a.className = 'alert ' + kind;
}

export function openConversation(id: string): void {
  // Answers found for another conversation are no help here.
  if (state.openId !== id) {
    $('answers-list').textContent = '';
    $<HTMLInputElement>('answers-q').value = '';
    clearReplyFiles();
  }
  state.openId = id;
  document.body.classList.add('has-detail');
  for (const panel of ['team', 'problems', 'customers', 'password']) $(panel).hidden = true;
  renderQueue();
  setAlert('');
  void loadDetail(id);
}

/** Back to the queue (on narrow screens the queue and the detail do not fit side by side). */
export function closeConversation(): void {
  state.openId = null;
  document.body.classList.remove('has-detail');
  $('detail').hidden = true;
  $('empty-detail').hidden = false;
  renderQueue();
}

export function loadDetail(id: string): Promise<void> {
  return api<Detail>('GET', '/conversations/' + encodeURIComponent(id)).then((d) => {
    if (state.openId !== id) return;
    state.detail = d;
    renderDetail(d);
  }).catch((err: { status?: number; message: string }) => { if (err.status !== 401) setAlert(err.message); });
}

function renderDetail(d: Detail): void {
  $('empty-detail').hidden = true;
  $('detail').hidden = false;
  const c = d.conversation;
  $('d-customer').textContent = d.customer.name || 'Customer';
  const status = c.status === 'queued' ? 'waiting, #' + c.position + ' in the queue'
    : c.status === 'agent' ? (c.heldByMe ? 'with you' : 'with ' + (c.assignee ? c.assignee.name : '?'))
      : c.status === 'resolved' ? 'resolved' : 'with the bot';
  $('d-meta').textContent = [c.channel, c.lang ? 'language ' + c.lang : null, status, c.flagged ? 'waited too long' : null].filter(Boolean).join(' · ');
  $('detail').setAttribute('data-status', c.status);

  $('claim').hidden = c.status !== 'queued';
  $('release').hidden = !(c.status === 'agent' && c.heldByMe);
  $('owner-actions').hidden = !(c.status === 'agent' && (c.heldByMe || may('users')));

  renderPacket(d);
  renderWindow(d);
  renderTranscript(d);
  renderComposer(d);
  renderTransferTargets(d);

  const hist = $('history');
  hist.textContent = '';
  for (const e of d.history) {
    hist.appendChild(el('li', { text: time(e.at) + ': ' + e.from + ' → ' + e.to + ' by ' + e.actorName + (e.assigneeName ? ' (now ' + e.assigneeName + ')' : '') + (e.reason ? ' — ' + e.reason : '') }));
  }
}

// The packet: why, what failed, what the bot tried.
function renderPacket(d: Detail): void {
  const h = d.handoff;
  $('p-reason').textContent = h ? (REASONS[h.reason] || h.reason) + ' (' + time(h.createdAt) + ')' : 'No handoff record.';
  $('p-question-wrap').hidden = !(h && h.failedQuestion);
  // Asking for a person (or a handoff keyword) is no question the bot failed: it is the request itself.
  $('p-question-label').textContent = h && (h.reason === 'asked-for-human' || h.reason === 'keyword') ? 'The customer wrote:' : 'Question it could not answer:';
  $('p-question').textContent = h && h.failedQuestion ? h.failedQuestion : '';
  const attempts = $('p-attempts');
  attempts.textContent = '';
  const tried = h ? h.attempts : [];
  $('p-attempts-wrap').hidden = !tried.length;
  for (const a of tried) {
    const pct = Math.round(a.confidence * 100);
    attempts.appendChild(el('li', { 'data-testid': 'attempt' }, [
      el('span', { text: a.title + ' ' }),
      el('span', { className: 'muted', text: '(' + a.entryId + ')' }),
      bar(pct),
      el('strong', { text: pct + '%' }),
    ]));
  }
  $('p-channels').textContent = 'Reachable on: ' + d.customer.channels.map((ch) => ch.channel).join(', ');
  $('p-customer-data').hidden = !may('privacy');
  const hooks = $('p-webhooks');
  hooks.textContent = '';
  for (const w of d.webhooks || []) {
    hooks.appendChild(el('li', {
      className: w.status === 'failed' ? 'error' : '',
      text: 'Webhook ' + w.eventName + ': ' + w.status + ' after ' + w.attempts + ' attempt(s)' + (w.lastError && w.status !== 'delivered' ? ' (' + w.lastError + ')' : ''),
    }));
  }
}

// The channel's messaging window (WhatsApp, Messenger): when free-form replies stop being accepted.
function renderWindow(d: Detail): void {
  const win = $('d-window');
  win.hidden = !d.window;
  if (!d.window) return;
  win.className = 'window ' + (d.window.open ? 'ok' : 'warn');
  win.textContent = d.window.open
    ? 'The ' + d.window.channel + ' reply window closes at ' + time(d.window.closesAt) + ' (' + d.window.hours + ' h after the customer\'s last message).'
    : 'The ' + d.window.channel + ' reply window closed' + (d.window.closesAt ? ' at ' + time(d.window.closesAt) : '') + ': the channel refuses free-form replies until the customer writes again (some channels still accept an agent\'s reply for a while, or send an approved template; you will see here if it is refused).';
}

// Transcript and notes, in time order; stays scrolled to the end when it was there.
function renderTranscript(d: Detail): void {
  const items = d.transcript.map((m) => ({ at: m.createdAt, node: renderMessage(m, (message) => setAlert(message)) }))
    .concat(d.notes.map((n) => ({ at: n.createdAt, node: renderNote(n) })));
  items.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const list = $('transcript');
  const stick = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  list.textContent = '';
  for (const i of items) list.appendChild(i.node);
  if (stick) list.scrollTop = list.scrollHeight;
}

function renderComposer(d: Detail): void {
  const c = d.conversation;
  const canReply = c.status === 'agent' && !!c.heldByMe;
  $<HTMLTextAreaElement>('reply-text').disabled = !canReply;
  $<HTMLButtonElement>('reply-send').disabled = !canReply;
  // Files only where the channel carries them; otherwise a line under the reply box says why.
  const attach = $<HTMLButtonElement>('reply-attach');
  attach.disabled = !canReply || !c.files?.ok;
  const note = $('reply-files-note');
  note.hidden = !canReply || !!c.files?.ok;
  note.textContent = c.files?.ok ? '' : 'No files on this channel: ' + (c.files?.reason ?? 'it carries none') + '.';
  $('reply-channel').textContent = '(sent on ' + c.channel + ')';
  const hint = $('reply-hint');
  hint.hidden = canReply;
  hint.textContent = c.status === 'queued' ? 'Claim the conversation to reply.'
    : c.status === 'agent' && !c.heldByMe ? 'Only ' + (c.assignee ? c.assignee.name : 'the agent holding it') + ' can reply.'
      : 'This conversation is not with an agent.';
}

function renderTransferTargets(d: Detail): void {
  const c = d.conversation;
  const select = $<HTMLSelectElement>('transfer-to');
  const current = select.value;
  select.textContent = '';
  for (const a of state.agents) {
    if (!c.assignee || a.id !== c.assignee.id) select.appendChild(el('option', { value: a.id, text: a.name + ' (' + a.role + ')' }));
  }
  if (!select.options.length) select.appendChild(el('option', { value: '', text: 'No other agent yet (an admin adds them under Team)' }));
  if (current) select.value = current;
}
