/** The left pane: waiting, mine, and with colleagues, refreshed on every live event. */
import { $, el } from '../../browser/shared/index.ts';
import { api } from './api.ts';
import { openConversation } from './detail.ts';
import { ago } from './format.ts';
import { state } from './state.ts';
import type { QueueAnswer, QueueItem } from './types.ts';

export function refreshQueue(): Promise<void> {
  return api<QueueAnswer>('GET', '/queue').then((r) => {
    state.queue = r.conversations;
    $('hours').textContent = (r.hours.open ? 'Open' : 'Closed') + ' · ' + r.hours.description;
    $('hours').className = 'pill ' + (r.hours.open ? 'ok' : 'warn');
    renderQueue();
  }).catch(() => {});
}

function queueItem(c: QueueItem): HTMLElement {
  const who = c.customerName || 'Customer on ' + c.channel;
  const li = el('li', { className: 'q-item' + (c.id === state.openId ? ' open' : '') + (c.flagged ? ' flagged' : ''), 'data-testid': 'queue-item', 'data-id': c.id, 'data-status': c.status });
  const button = el('button', { type: 'button', className: 'q-button' }, [
    el('span', { className: 'q-top' }, [
      el('strong', { text: who }),
      c.flagged ? el('span', { className: 'badge warn', text: 'waiting too long', 'data-testid': 'flagged' }) : null,
      el('span', { className: 'badge', text: c.channel }),
    ]),
    el('span', { className: 'q-text', text: c.failedQuestion || (c.lastMessage ? c.lastMessage.text : '') }),
    el('span', {
      className: 'q-meta muted', text: c.status === 'queued'
        ? '#' + c.position + ' · waiting ' + ago(c.queuedAt) + (c.reason ? ' · ' + c.reason : '')
        : 'with ' + (c.assignee ? c.assignee.name : '?') + ' · last message ' + ago(c.lastMessage && c.lastMessage.at) + ' ago',
    }),
  ]);
  button.addEventListener('click', () => openConversation(c.id));
  li.appendChild(button);
  return li;
}

export function renderQueue(): void {
  const me = state.me && state.me.id;
  const waiting: QueueItem[] = [];
  const mine: QueueItem[] = [];
  const others: QueueItem[] = [];
  for (const c of state.queue) {
    if (c.status === 'queued') waiting.push(c);
    else if (c.assignee && c.assignee.id === me) mine.push(c);
    else others.push(c);
  }
  for (const [id, list] of [['queue-waiting', waiting], ['queue-mine', mine], ['queue-others', others]] as const) {
    const ul = $(id);
    ul.textContent = '';
    if (!list.length) ul.appendChild(el('li', { className: 'muted q-empty', text: 'Nothing here.' }));
    for (const c of list) ul.appendChild(queueItem(c));
  }
  $('waiting-count').textContent = String(waiting.length);
  document.title = (waiting.length ? '(' + waiting.length + ') ' : '') + 'Agent console';
}
