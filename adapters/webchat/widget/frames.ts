/** What the server sends on the socket: history, acks, live messages, typing, errors, feedback. */
import { str } from './i18n.ts';
import { setTyping, setUnread, showNotice, scrollToBottom, updateStatus } from './indicators.ts';
import { useLanguage } from './language.ts';
import { flushOutbox, removeFromOutbox, sendContext } from './outbox.ts';
import { closeRatings, markFailed, markSent, place, renderMessage, showFeedback } from './rows.ts';
import { gotFrame } from './socket.ts';
import { afterLastSeen, state } from './state.ts';
import { updateStarters } from './topics.ts';
import type { ServerFrame, ServerMessage } from './types.ts';
import { view } from './view.ts';

/** One frame's text; anything unreadable is ignored. */
export function onFrame(raw: unknown): void {
  let f: ServerFrame;
  try { f = JSON.parse(String(raw)); } catch { return; }
  if (!f || typeof f !== 'object') return;
  gotFrame();
  switch (f.type) {
    case 'history': onHistory(f); break;
    case 'ack': onAck(f); break;
    case 'typing': setTyping(!!f.on); break;
    case 'message': addServerMessage(f.message, true); break;
    case 'error': onServerError(f); break;
    case 'feedback': if (f.messageId != null) showFeedback(f.messageId, !!f.helpful); break;
    default: break; // pong and anything newer
  }
}

function noteSeen(m: ServerMessage): void {
  const seq = Number(m.seq);
  if (isFinite(seq)) {
    if (seq >= state.lastSeenSeq) {
      state.lastSeenSeq = seq;
      state.lastSeenId = m.id;
    }
  } else if (state.lastSeenId == null) {
    state.lastSeenId = m.id;
  }
}

function addServerMessage(m: ServerMessage | undefined, live: boolean): void {
  if (!m || typeof m !== 'object' || m.id == null) return;
  m.id = String(m.id);
  noteSeen(m);
  const existing = state.byId.get(m.id);
  if (existing) {
    // already shown (e.g. our own acked message); just learn its real position
    const seq = Number(m.seq);
    if (isFinite(seq) && existing.kcSort !== seq) {
      existing.kcSort = seq;
      existing.kcBubble?.setAttribute('data-seq', String(seq));
      place(existing);
    }
    return;
  }
  const row = renderMessage(m);
  state.byId.set(m.id, row);
  place(row);
  if (m.role === 'customer') {
    closeRatings();
    updateStarters();
  }
  // The conversation's language is the one the bot, the desk or an agent now speaks in.
  if (live && m.role !== 'customer' && m.lang) useLanguage(String(m.lang), false);
  if (live && (m.role === 'bot' || m.role === 'agent')) {
    if (m.role === 'bot') setTyping(false);
    if (!state.isOpen) setUnread(state.unread + 1);
  }
}

/** The server started a different conversation: drop what it sent before. */
function resetConversation(): void {
  state.byId.forEach((row) => row.remove());
  state.byId.clear();
  state.lastSeenId = null;
  state.lastSeenSeq = -Infinity;
}

function onHistory(f: ServerFrame): void {
  if (f.conversationId && state.conversationId && f.conversationId !== state.conversationId) resetConversation();
  if (f.conversationId) state.conversationId = f.conversationId;
  if (f.lang) view.root.setAttribute('data-conversation-lang', f.lang);
  if (f.conversationLang) useLanguage(f.conversationLang, false);
  const list = (Array.isArray(f.messages) ? f.messages.slice() : []) as ServerMessage[];
  list.sort((a, b) => (Number(a && a.seq) || 0) - (Number(b && b.seq) || 0));
  for (const m of list) addServerMessage(m, false);
  state.ready = true;
  state.everReady = true;
  state.attempt = 0;
  updateStatus();
  flushOutbox();
  sendContext();
  if (state.stick) scrollToBottom();
}

function onAck(f: ServerFrame): void {
  if (f.clientId == null || f.id == null) return;
  const clientId = String(f.clientId);
  const id = String(f.id);
  removeFromOutbox(clientId);
  const row = state.byClient.get(clientId);
  if (!row) return;
  state.byClient.delete(clientId);
  const other = state.byId.get(id);
  if (other && other !== row) {
    // the server's copy (history / another tab) is already on screen
    row.remove();
    return;
  }
  state.byId.set(id, row);
  markSent(row, id);
  row.kcSort = afterLastSeen(); // the real seq arrives with a later history
  place(row);
}

function onServerError(f: ServerFrame): void {
  // The server's own message is for developers; the customer reads the widget's words.
  const text = f.code === 'too_long' ? str('errorTooLong')
    : f.code === 'empty' ? str('errorEmpty')
      : f.code === 'internal' ? str('errorInternal') : str('errorRefused');
  if (f.clientId != null) {
    const clientId = String(f.clientId);
    removeFromOutbox(clientId); // the server will refuse it again; do not resend
    const row = state.byClient.get(clientId);
    if (row) {
      state.byClient.delete(clientId);
      markFailed(row, text);
      // it will never get a seq: pin it where it is now so later messages go below it
      row.kcSort = afterLastSeen();
      place(row);
    }
  }
  if (f.messageId != null) showFeedback(f.messageId, null); // a refused rating: nothing stays pressed
  setTyping(false);
  showNotice(text);
}
