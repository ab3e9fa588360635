/**
 * The widget's elements: built once, then updated in place. Words are not written here but
 * marked with data-kc-t (text), data-kc-l (aria-label and title) and data-kc-p (placeholder), so
 * `applyStrings()` can switch every one of them to another language.
 */
import { el, isRtl } from '../../../browser/shared/index.ts';
import { ICON_ATTACH, ICON_CHAT, ICON_CLOSE, ICON_SEND, svg } from './icons.ts';
import { fmt, str, words } from './i18n.ts';
import type { Row } from './types.ts';

export interface View {
  root: HTMLElement;
  launcher: HTMLButtonElement;
  closeButton: HTMLButtonElement;
  badge: HTMLElement;
  panel: HTMLElement;
  title: HTMLElement;
  status: HTMLElement;
  log: HTMLElement;
  typing: HTMLElement;
  notice: HTMLElement;
  noticeText: HTMLElement;
  noticeClose: HTMLButtonElement;
  form: HTMLFormElement;
  input: HTMLTextAreaElement;
  /** The paperclip, and the file chooser it opens. */
  attach: HTMLButtonElement;
  file: HTMLInputElement;
  counter: HTMLElement;
  starters: HTMLElement;
  help: HTMLElement;
  helpList: HTMLElement;
}

/** Set by `buildView()`; everything else runs after it. */
export let view: View;

/** Builds the launcher and the (hidden) panel, and adds them to the page. */
export function buildView(): View {
  const uid = Math.random().toString(36).slice(2, 8);
  const ids = { panel: 'kc-panel-' + uid, title: 'kc-title-' + uid, input: 'kc-input-' + uid, counter: 'kc-counter-' + uid };

  const root = el('div', { class: 'kc-root', 'data-kestrel-chat': '' });
  root.style.visibility = 'hidden'; // until widget.css has loaded

  const badge = el('span', { class: 'kc-badge', 'aria-hidden': 'true', hidden: true });
  const launcher = el('button', {
    type: 'button', class: 'kc-launcher', 'data-testid': 'kc-launcher',
    'aria-expanded': 'false', 'aria-controls': ids.panel, 'aria-label': str('chat') + ': ' + words.title,
  }, [svg(ICON_CHAT), svg(ICON_CLOSE), badge]);

  const closeButton = el('button', { type: 'button', class: 'kc-close', 'data-testid': 'kc-close', 'data-kc-l': 'close' }, [svg(ICON_CLOSE)]);
  const status = el('div', { class: 'kc-status', role: 'status', 'data-testid': 'kc-status', hidden: true });
  const log = el('div', { class: 'kc-log', role: 'log', 'aria-live': 'polite', 'data-kc-l': 'log', 'data-testid': 'kc-log', tabindex: '0' });
  const typing = el('div', { class: 'kc-typing', 'data-testid': 'kc-typing', role: 'status', hidden: true }, [
    el('span', { class: 'kc-dots', 'aria-hidden': 'true' }, [el('span', { class: 'kc-dot' }), el('span', { class: 'kc-dot' }), el('span', { class: 'kc-dot' })]),
    el('span', { class: 'kc-sr', 'data-kc-t': 'typing' }),
  ]);

  const noticeText = el('span', { class: 'kc-notice-text' });
  const noticeClose = el('button', { type: 'button', class: 'kc-notice-close', 'data-kc-l': 'dismiss' }, [svg(ICON_CLOSE)]);
  const notice = el('div', { class: 'kc-notice', role: 'alert', 'data-testid': 'kc-notice', hidden: true }, [noticeText, noticeClose]);

  const input = el('textarea', {
    id: ids.input, class: 'kc-input', 'data-testid': 'kc-input', rows: '1', dir: 'auto',
    maxlength: String(words.maxLen), 'data-kc-p': 'placeholder', autocomplete: 'off',
    'aria-describedby': ids.counter, enterkeyhint: 'send',
  });
  const counter = el('span', { id: ids.counter, class: 'kc-counter', 'aria-live': 'polite', hidden: true });
  const sendButton = el('button', { type: 'submit', class: 'kc-send', 'data-testid': 'kc-send', 'data-kc-l': 'send' }, [svg(ICON_SEND)]);
  const attach = el('button', { type: 'button', class: 'kc-attach', 'data-testid': 'kc-attach', 'data-kc-l': 'attach' }, [svg(ICON_ATTACH)]);
  const file = el('input', { type: 'file', class: 'kc-file', 'data-testid': 'kc-file', accept: words.uploads.types.join(','), multiple: true, hidden: true, tabindex: '-1' });
  const form = el('form', { class: 'kc-composer', novalidate: true }, [
    el('label', { class: 'kc-sr', for: ids.input, 'data-kc-t': 'label' }),
    attach, file, input, sendButton, counter,
  ]);

  const title = el('h2', { id: ids.title, class: 'kc-title', 'data-testid': 'kc-title', text: words.title });
  const panel = el('section', {
    id: ids.panel, class: 'kc-panel', 'data-testid': 'kc-panel', role: 'dialog',
    'aria-modal': 'false', 'aria-labelledby': ids.title, lang: words.uiLang, hidden: true,
  }, [el('header', { class: 'kc-header' }, [title, closeButton]), status, log, typing, notice, form]);
  panel.dir = isRtl(words.uiLang) ? 'rtl' : 'ltr';

  // The welcome and the starter topics open the conversation; they live only in the widget.
  const starters = el('div', { class: 'kc-suggestions kc-starters', role: 'group', 'data-kc-l': 'starters', 'data-testid': 'kc-starters' });
  const helpList = el('div', { class: 'kc-help-list' });
  const help = el('nav', { class: 'kc-help', 'data-kc-l': 'helpArticles', 'data-testid': 'kc-help-articles', hidden: true }, [
    el('span', { class: 'kc-help-title', 'data-kc-t': 'helpArticles' }),
    helpList,
  ]);
  // Always first in the log.
  const welcome: Row = Object.assign(el('div', { class: 'kc-row kc-row--bot kc-welcome', 'data-testid': 'kc-welcome' }, [
    el('div', { class: 'kc-msg kc-msg--bot', 'data-kc-t': 'welcome', 'data-testid': 'kc-welcome-text' }),
    starters,
    help,
  ]), { kcSort: -Infinity });
  log.appendChild(welcome);

  root.appendChild(panel);
  root.appendChild(launcher);
  document.body.appendChild(root);

  view = { root, launcher, closeButton, badge, panel, title, status, log, typing, notice, noticeText, noticeClose, form, input, attach, file, counter, starters, help, helpList };
  return view;
}

/** Puts the current language's words on every element that carries a key. */
export function applyWords(): void {
  const { root, panel } = view;
  panel.lang = words.uiLang;
  panel.dir = isRtl(words.uiLang) ? 'rtl' : 'ltr';
  root.setAttribute('data-lang', words.uiLang);
  view.title.textContent = words.title;
  view.input.setAttribute('maxlength', String(words.maxLen));
  view.file.setAttribute('accept', words.uploads.types.join(','));
  for (const n of root.querySelectorAll('[data-kc-t]')) n.textContent = str(n.getAttribute('data-kc-t')!);
  for (const n of root.querySelectorAll('[data-kc-l]')) {
    const text = fmt(str(n.getAttribute('data-kc-l')!), { n: n.getAttribute('data-kc-n') });
    n.setAttribute('aria-label', text);
    if (n.tagName === 'BUTTON') n.setAttribute('title', text);
  }
  for (const n of root.querySelectorAll('[data-kc-p]')) n.setAttribute('placeholder', str(n.getAttribute('data-kc-p')!));
}
