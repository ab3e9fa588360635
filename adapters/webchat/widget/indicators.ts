/**
 * The small things around the log: connection status, "typing…", notices, the unread badge,
 * the character counter, and keeping the newest message in view.
 */
import { str, words } from './i18n.ts';
import { state } from './state.ts';
import { view } from './view.ts';

const TYPING_SAFETY_MS = 30000;
const NOTICE_MS = 8000;

let statusTimer: ReturnType<typeof setTimeout> | undefined;
let typingTimer: ReturnType<typeof setTimeout> | undefined;
let noticeTimer: ReturnType<typeof setTimeout> | undefined;

export function isNearBottom(): boolean {
  const log = view.log;
  return log.scrollHeight - log.scrollTop - log.clientHeight < 48;
}

export function scrollToBottom(): void {
  state.stick = true;
  view.log.scrollTop = view.log.scrollHeight;
}

/** "Connecting…" / "Reconnecting…" while there is no working socket. */
export function updateStatus(): void {
  clearTimeout(statusTimer);
  const { root, status } = view;
  if (!state.started || state.ready) {
    status.hidden = true;
    status.textContent = '';
    root.setAttribute('data-state', state.ready ? 'online' : 'idle');
    return;
  }
  root.setAttribute('data-state', 'offline');
  const again = state.everReady || state.attempt > 0;
  const show = () => {
    status.textContent = again ? str('reconnecting') : str('connecting');
    status.hidden = false;
  };
  // avoid a flash of "Connecting…" on a fast first connect
  if (again) show();
  else statusTimer = setTimeout(show, 800);
}

/** The bot's typing indicator; it hides itself if the server never says it stopped. */
export function setTyping(on: boolean): void {
  clearTimeout(typingTimer);
  view.typing.hidden = !on;
  if (on) typingTimer = setTimeout(() => setTyping(false), TYPING_SAFETY_MS);
  if (state.stick) scrollToBottom();
}

export function showNotice(text: string): void {
  clearTimeout(noticeTimer);
  view.noticeText.textContent = text;
  view.notice.hidden = false;
  noticeTimer = setTimeout(hideNotice, NOTICE_MS);
}

export function hideNotice(): void {
  clearTimeout(noticeTimer);
  view.notice.hidden = true;
}

/** The launcher's badge and label count messages that arrived while the panel was closed. */
export function setUnread(n: number): void {
  state.unread = n;
  view.badge.hidden = n === 0;
  view.badge.textContent = n > 9 ? '9+' : String(n || '');
  view.launcher.setAttribute('aria-label', str('chat') + ': ' + words.title + (n ? ' (' + n + ' ' + str('unread') + ')' : ''));
}

/** Grows the input with its text (up to the CSS max-height) and shows the counter near the limit. */
export function onInput(): void {
  const { input, counter } = view;
  input.style.height = 'auto';
  input.style.height = Math.min(input.scrollHeight, 140) + 'px';
  const len = input.value.length;
  counter.hidden = len < words.maxLen - 500;
  counter.textContent = len + ' / ' + words.maxLen;
}
