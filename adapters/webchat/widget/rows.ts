/**
 * Transcript rows: the customer's pending messages, the server's messages with their
 * suggestions, feedback buttons and rating stars, kept in seq order in the log.
 */
import { el, isRtl } from '../../../browser/shared/index.ts';
import { uploadPath } from '../../../shared/file-paths.ts';
import { fillWithFiles } from './files.ts';
import { ICON_DOWN, ICON_UP, svg } from './icons.ts';
import { fmt, str, words } from './i18n.ts';
import { scrollToBottom, showNotice } from './indicators.ts';
import { choose, enqueue } from './outbox.ts';
import { sendFrame } from './socket.ts';
import { afterLastSeen, state } from './state.ts';
import type { OutboxItem, Role, Row, ServerMessage, Topic } from './types.ts';
import { view } from './view.ts';

const ROLES: readonly Role[] = ['customer', 'bot', 'agent', 'system'];
const ROLE_KEYS: Record<Role, string> = { customer: 'roleCustomer', bot: 'roleBot', agent: 'roleAgent', system: 'roleSystem' };

function setLangDir(node: HTMLElement, lang: string | undefined): void {
  if (lang) {
    node.lang = lang;
    node.dir = isRtl(lang) ? 'rtl' : 'ltr';
  } else {
    node.dir = 'auto';
  }
}

function formatTime(iso: string): string | null {
  const d = new Date(iso);
  if (isNaN(d.getTime())) return null;
  try {
    return d.toLocaleString(words.uiLang || undefined, { dateStyle: 'medium', timeStyle: 'short' });
  } catch {
    return d.toLocaleString();
  }
}

function makeRow(role: Role): Row {
  const row: Row = Object.assign(el('div', { class: 'kc-row kc-row--' + role }), { kcSort: Infinity });
  row.appendChild(el('span', { class: 'kc-sr', 'data-kc-t': ROLE_KEYS[role], text: str(ROLE_KEYS[role]) }));
  return row;
}

/** A topic button (a suggestion under an answer, or a starter topic). */
export function topicButton(s: Topic, className: string, testId: string): HTMLButtonElement {
  const title = s.title == null ? '' : String(s.title);
  const btn = el('button', { type: 'button', class: className, 'data-testid': testId, 'data-entry-id': String(s.entryId), dir: 'auto' });
  btn.textContent = title;
  btn.addEventListener('click', () => choose(String(s.entryId), title));
  return btn;
}

/** The customer's own message before the server has it. */
export function renderPending(item: OutboxItem): Row {
  const row = makeRow('customer');
  const bubble = el('div', {
    class: 'kc-msg kc-msg--customer', 'data-testid': 'kc-msg-customer',
    'data-client-id': item.clientId, 'data-state': 'pending', dir: 'auto',
  });
  if (item.type === 'choose') bubble.textContent = item.title;
  else if (item.attachments?.length) fillWithFiles(bubble, item.attachments.map((a) => ({ kind: a.kind, name: a.name, path: uploadPath(a.ref) })), item.text);
  else bubble.textContent = item.text;
  row.appendChild(bubble);
  row.appendChild(el('div', { class: 'kc-meta', 'aria-hidden': 'true', 'data-kc-t': 'sending', text: str('sending') }));
  row.kcSort = Infinity; // pending messages stay after everything the server has ordered
  row.kcBubble = bubble;
  return row;
}

/** A message from the server (history or live). */
export function renderMessage(m: ServerMessage): Row {
  const role: Role = (ROLES as readonly string[]).includes(m.role ?? '') ? (m.role as Role) : 'system';
  const row = makeRow(role);
  const bubble = el('div', {
    class: 'kc-msg kc-msg--' + role, 'data-testid': 'kc-msg-' + role,
    'data-id': m.id, 'data-seq': isFinite(Number(m.seq)) ? String(m.seq) : null,
  });
  setLangDir(bubble, m.lang);
  if (role === 'bot' && typeof m.html === 'string' && m.html) {
    bubble.innerHTML = m.html; // sanitized by the server (PROTOCOL.md)
    bubble.classList.add('kc-msg--html');
    for (const link of bubble.querySelectorAll('a[href]')) {
      link.setAttribute('target', '_blank');
      link.setAttribute('rel', 'noopener noreferrer');
    }
  } else if (Array.isArray(m.attachments) && m.attachments.length) {
    fillWithFiles(bubble, m.attachments, m.text == null ? '' : String(m.text));
  } else {
    bubble.textContent = m.text == null ? '' : String(m.text);
  }
  if (m.handoff) {
    row.classList.add('kc-row--handoff');
    bubble.classList.add('kc-msg--handoff');
  }
  const when = m.createdAt && formatTime(m.createdAt);
  if (when) bubble.title = when;
  row.appendChild(bubble);
  // Answers from the knowledge base (they carry an entryId) can be rated (PROTOCOL.md, "feedback"); small talk cannot.
  if (role === 'bot' && m.entryId != null && !m.handoff && !m.smallTalk) row.appendChild(feedbackControls(m.id, m.feedback));
  // The desk's rating question (PROTOCOL.md, "ratingPrompt"): five stars instead of typing a number.
  if (role !== 'customer' && m.ratingPrompt) {
    // One rating question at a time: a newer one replaces any stars still shown.
    for (const g of view.log.querySelectorAll('.kc-rating')) g.remove();
    row.appendChild(ratingControls());
  }
  if (role !== 'customer' && Array.isArray(m.suggestions) && m.suggestions.length) {
    const group = el('div', { class: 'kc-suggestions', role: 'group', 'data-kc-l': 'suggestions', 'aria-label': str('suggestions') });
    setLangDir(group, m.lang);
    for (const s of m.suggestions) {
      if (s && s.entryId != null) group.appendChild(topicButton(s, 'kc-suggestion', 'kc-suggestion'));
    }
    if (group.childNodes.length) row.appendChild(group);
  }
  row.kcSort = isFinite(Number(m.seq)) ? Number(m.seq) : afterLastSeen();
  row.kcBubble = bubble;
  return row;
}

function feedbackControls(messageId: string, given: boolean | null | undefined): HTMLElement {
  const group = el('div', { class: 'kc-feedback', role: 'group', 'data-kc-l': 'feedback', 'aria-label': str('feedback'), 'data-testid': 'kc-feedback' });
  for (const [helpful, key, icon] of [[true, 'helpful', ICON_UP], [false, 'unhelpful', ICON_DOWN]] as const) {
    const btn = el('button', {
      type: 'button', class: 'kc-feedback-btn', 'data-kc-l': key, 'aria-label': str(key), title: str(key), 'aria-pressed': String(given === helpful),
      'data-testid': helpful ? 'kc-helpful' : 'kc-unhelpful', 'data-helpful': String(helpful),
    }, [svg(icon)]);
    btn.addEventListener('click', () => {
      if (!sendFrame({ type: 'feedback', messageId, helpful })) {
        showNotice(str('feedbackFailed'));
        return;
      }
      showFeedback(messageId, helpful);
    });
    group.appendChild(btn);
  }
  return group;
}

// 1-5 stars; a press sends the stars as the customer's answer ("★★★★" reads as 4 on the server).
function ratingControls(): HTMLElement {
  const group = el('div', { class: 'kc-rating', role: 'group', 'data-kc-l': 'rating', 'aria-label': str('rating'), 'data-testid': 'kc-rating' });
  for (let score = 1; score <= 5; score++) {
    const label = fmt(str('ratingStar'), { n: score });
    const btn = el('button', {
      type: 'button', class: 'kc-star', 'data-testid': 'kc-star', 'data-score': String(score), 'data-kc-l': 'ratingStar', 'data-kc-n': String(score),
      'aria-label': label, title: label, 'aria-pressed': 'false',
    }, ['★']);
    btn.addEventListener('click', () => {
      if (group.getAttribute('data-done') === 'true') return;
      if (!enqueue({ type: 'message', text: '★'.repeat(score) })) {
        showNotice(str('ratingFailed'));
        return;
      }
      group.querySelectorAll('.kc-star').forEach((star, i) => star.setAttribute('aria-pressed', String(i < score)));
      closeRatings();
    });
    group.appendChild(btn);
  }
  return group;
}

/** A rating is answered once: after the customer's next message the stars no longer send anything. */
export function closeRatings(): void {
  for (const group of view.log.querySelectorAll('.kc-rating:not([data-done])')) {
    group.setAttribute('data-done', 'true');
    for (const star of group.querySelectorAll<HTMLButtonElement>('.kc-star')) star.disabled = true;
  }
}

/** Marks the pressed button (also when another tab of the same customer rated the answer). */
export function showFeedback(messageId: string | number, helpful: boolean | null): void {
  const row = state.byId.get(String(messageId));
  if (!row) return;
  for (const b of row.querySelectorAll('.kc-feedback-btn')) {
    b.setAttribute('aria-pressed', String(b.getAttribute('data-helpful') === String(helpful)));
  }
}

/** Keeps the log ordered by seq (rows without a known seq go last, in arrival order). */
export function place(row: Row): void {
  const log = view.log;
  const key = row.kcSort;
  let before: Element | null = null;
  for (let r = log.lastElementChild as Row | null; r; r = r.previousElementSibling as Row | null) {
    if (r === row) continue;
    if (r.kcSort > key) before = r;
    else break;
  }
  if (before) {
    if (row.nextElementSibling !== before) log.insertBefore(row, before);
  } else if (log.lastElementChild !== row) {
    log.appendChild(row);
  }
  if (state.stick) scrollToBottom();
}

export function markSent(row: Row, id: string): void {
  row.kcBubble?.setAttribute('data-state', 'sent');
  row.kcBubble?.setAttribute('data-id', id);
  row.querySelector('.kc-meta')?.remove();
}

export function markFailed(row: Row, reason: string): void {
  row.classList.add('kc-row--failed');
  row.kcBubble?.setAttribute('data-state', 'failed');
  let meta = row.querySelector('.kc-meta');
  if (!meta) {
    meta = el('div', { class: 'kc-meta' });
    row.appendChild(meta);
  }
  meta.removeAttribute('aria-hidden');
  meta.removeAttribute('data-kc-t');
  meta.textContent = str('notSent') + ' — ' + reason;
}
