/** Live updates: server-sent events from the desk; a burst of them causes one refresh. */
import { EVENTS_URL, api } from './api.ts';
import { loadDetail } from './detail.ts';
import { announce } from './format.ts';
import { refreshQueue } from './queue.ts';
import { state } from './state.ts';

let onExpired: (message: string) => void = () => {};

/** What to do when the stream says the session expired. */
export function whenExpired(fn: (message: string) => void): void {
  onExpired = fn;
}

export function connectEvents(): void {
  if (state.events) state.events.close();
  const es = new EventSource(EVENTS_URL);
  state.events = es;
  es.addEventListener('change', (e) => {
    let event: { type?: string; conversationId?: string };
    try { event = JSON.parse((e as MessageEvent<string>).data); } catch { return; }
    if (event.type === 'queued') announce('A new conversation is waiting.');
    if (event.type === 'flagged') announce('A customer has waited too long.');
    // After an outage of Redis events may have been missed: refetch the open conversation too.
    scheduleRefresh(event.type === 'resync' || event.conversationId === state.openId);
  });
  es.addEventListener('expired', () => onExpired('Your session expired. Please sign in again.'));
  es.addEventListener('hello', () => {
    document.body.setAttribute('data-live', 'on');
    scheduleRefresh(Boolean(state.openId));
  });
  es.onerror = () => {
    document.body.setAttribute('data-live', 'off');
    if (es.readyState === EventSource.CLOSED) api('GET', '/me').then(connectEvents).catch(() => {});
  };
}

/** Several events in a burst cause one refresh. */
function scheduleRefresh(detailToo: boolean): void {
  if (state.refreshing) {
    state.refreshing.detail = state.refreshing.detail || detailToo;
    return;
  }
  state.refreshing = { detail: detailToo };
  setTimeout(() => {
    const r = state.refreshing;
    state.refreshing = null;
    void refreshQueue();
    if (r && r.detail && state.openId) void loadDetail(state.openId);
  }, 100);
}
