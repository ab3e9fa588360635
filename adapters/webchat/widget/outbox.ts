/**
 * What the customer sends: typed messages, chosen topics and the help-center context. Each
 * message is shown at once as pending, kept in sessionStorage until the server acknowledges it,
 * and sent again after a reconnect.
 */
import { hideNotice, onInput, scrollToBottom } from './indicators.ts';
import { closeRatings, place, renderPending } from './rows.ts';
import { sendFrame, start } from './socket.ts';
import { state } from './state.ts';
import { local, saveOutbox, setItem } from './storage.ts';
import { updateStarters } from './topics.ts';
import type { NewOutboxItem, OutboxItem } from './types.ts';
import { uuid } from './uuid.ts';
import { view } from './view.ts';

/** Creates an outbox item, shows it as pending, and sends it when connected. Returns its client id. */
export function enqueue(fields: NewOutboxItem): string {
  const item: OutboxItem = { ...fields, clientId: uuid() };
  // remember that this visitor has a conversation so later page views connect eagerly
  setItem(local, 'kc.engaged', '1');
  state.outbox.push(item);
  saveOutbox(state.outbox);
  hideNotice();
  const row = renderPending(item);
  state.byClient.set(item.clientId, row);
  place(row);
  closeRatings();
  updateStarters();
  scrollToBottom();
  start();
  if (state.ready) transmit(item);
  return item.clientId;
}

/** The server acknowledged or refused it: it is not sent again. */
export function removeFromOutbox(clientId: string): void {
  const before = state.outbox.length;
  state.outbox = state.outbox.filter((i) => i.clientId !== clientId);
  if (state.outbox.length !== before) saveOutbox(state.outbox);
}

function transmit(item: OutboxItem): void {
  if (item.type === 'choose') sendFrame({ type: 'choose', clientId: item.clientId, entryId: item.entryId, title: item.title });
  else sendFrame({ type: 'message', clientId: item.clientId, text: item.text, ...(item.attachments?.length ? { attachments: item.attachments.map((a) => a.ref) } : {}) });
}

/** Shows (when not shown yet) and sends everything unacknowledged; after each new history. */
export function flushOutbox(): void {
  for (const item of state.outbox) {
    if (!state.byClient.has(item.clientId)) showPending(item); // e.g. restored from sessionStorage
    transmit(item);
  }
}

/** Puts an unacknowledged item in the log. */
export function showPending(item: OutboxItem): void {
  const row = renderPending(item);
  state.byClient.set(item.clientId, row);
  place(row);
}

/** The composer's text, sent (and cleared) unless it is blank. */
export function submitInput(): void {
  const input = view.input;
  const text = input.value;
  if (!text.trim()) return;
  if (enqueue({ type: 'message', text: text.trim() })) {
    input.value = '';
    onInput();
  }
  input.focus({ preventScroll: true });
}

/** A suggestion or starter topic pressed. */
export function choose(entryId: string, title: string): void {
  enqueue({ type: 'choose', entryId: String(entryId), title: String(title == null ? '' : title) });
  view.input.focus({ preventScroll: true });
}

/** Tells the conversation which help-center article the reader comes from (once per opening). */
export function sendContext(): void {
  const c = state.pendingContext;
  if (!c || !state.ready) return;
  const frame: Record<string, unknown> = { type: 'context', clientId: uuid(), entryId: c.entryId };
  if (c.unhelpful) frame.unhelpful = true;
  if (c.note) frame.note = String(c.note).slice(0, 500);
  if (sendFrame(frame)) {
    state.pendingContext = null;
    setItem(local, 'kc.engaged', '1');
  }
}
