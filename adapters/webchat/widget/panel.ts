/** Opening and closing the panel, and showing the widget once its stylesheet has loaded. */
import { el } from '../../../browser/shared/index.ts';
import { scrollToBottom, setUnread } from './indicators.ts';
import { CSS_URL } from './page.ts';
import { start } from './socket.ts';
import { state } from './state.ts';
import { removeItem, session, setItem } from './storage.ts';
import { view } from './view.ts';

/** Opens or closes the panel; `moveFocus` puts the keyboard in the input (or back on the launcher). */
export function setOpen(open: boolean, moveFocus: boolean): void {
  state.isOpen = !!open;
  view.panel.hidden = !state.isOpen;
  view.launcher.setAttribute('aria-expanded', String(state.isOpen));
  view.root.classList.toggle('kc-is-open', state.isOpen);
  if (state.isOpen) setItem(session, 'kc.open', '1');
  else removeItem(session, 'kc.open');
  if (state.isOpen) {
    setUnread(0);
    start();
    scrollToBottom();
    if (moveFocus) view.input.focus({ preventScroll: true });
  } else if (moveFocus) {
    view.launcher.focus({ preventScroll: true });
  }
}

// The widget shows once its stylesheet and its words have arrived (or after 3 s without them).
let waitingFor = 2;

/** One of the two arrived. */
export function partReady(): void {
  if (--waitingFor <= 0) view.root.style.visibility = '';
}

/** Adds widget.css to the page (unless a page already has it). */
export function loadCss(): void {
  setTimeout(() => { view.root.style.visibility = ''; }, 3000);
  if (document.querySelector('link[data-kestrel-chat]')) {
    partReady();
    return;
  }
  let done = false;
  const once = () => {
    if (!done) {
      done = true;
      partReady();
    }
  };
  const link = el('link', { rel: 'stylesheet', href: CSS_URL, 'data-kestrel-chat': '' });
  link.addEventListener('load', once);
  link.addEventListener('error', once);
  (document.head || document.documentElement).appendChild(link);
}
