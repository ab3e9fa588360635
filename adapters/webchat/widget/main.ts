/*!
 * Kestrel web chat widget — no dependencies; bundled from adapters/webchat/widget/ when the
 * server starts.
 *
 * Embed with:  <script src="https://HOST/webchat/widget.js" async></script>
 * Optional attributes: data-lang="pl"  data-title="Help"  data-open="true"
 *   data-context-entry="<entry id>" (data-context-unhelpful="true"): the help-center article the
 *   reader comes from, told to the conversation once, so a person who takes over sees it.
 *
 * Its own words, the bot's name and the longest message come from the server
 * (GET /webchat/config?lang=…), in data-lang, else the browser's language; once the conversation
 * has a language (the server says so), the widget's words follow it.
 *
 * Wire protocol: adapters/webchat/PROTOCOL.md (WebSocket at /ws/chat on the same host).
 * Host-page API: window.KestrelChat = { open(options?), close(), send(text) };
 * open({ context: { entryId, unhelpful?, note? } }) opens the chat from a help-center article.
 */
import { hideNotice, isNearBottom, onInput, scrollToBottom } from './indicators.ts';
import { applyStrings, onFirstWords, useLanguage } from './language.ts';
import { sendFiles } from './attach.ts';
import { enqueue, sendContext, showPending, submitInput } from './outbox.ts';
import { pageLang, startOpen } from './page.ts';
import { loadCss, partReady, setOpen } from './panel.ts';
import { reconnectNow, start } from './socket.ts';
import { state } from './state.ts';
import { getItem, local, session } from './storage.ts';
import { buildView, view } from './view.ts';

/** The host page's handle on the widget. */
interface KestrelChatApi {
  __kestrel: true;
  open(options?: { context?: { entryId?: unknown; unhelpful?: unknown; note?: unknown } }): void;
  close(): void;
  send(text: unknown): string | null;
}

declare global {
  interface Window {
    KestrelChat?: KestrelChatApi;
  }
}

const api: KestrelChatApi = {
  __kestrel: true,
  open(options) {
    const c = options && options.context;
    if (c && c.entryId != null) state.pendingContext = { entryId: String(c.entryId), unhelpful: !!c.unhelpful, note: c.note == null ? '' : String(c.note) };
    setOpen(true, true);
    sendContext();
  },
  close() {
    setOpen(false, state.isOpen && view.panel.contains(document.activeElement));
  },
  send(text) {
    const t = text == null ? '' : String(text).trim();
    if (!t) return null;
    if (!state.isOpen) setOpen(true, false);
    return enqueue({ type: 'message', text: t });
  },
};

type EarlyCall = ['open', Parameters<KestrelChatApi['open']>[0]] | ['close'] | ['send', unknown];

function wireEvents(): void {
  view.launcher.addEventListener('click', () => setOpen(!state.isOpen, true));
  view.closeButton.addEventListener('click', () => setOpen(false, true));
  view.noticeClose.addEventListener('click', hideNotice);
  view.panel.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !e.isComposing) {
      e.preventDefault();
      setOpen(false, true);
    }
  });
  view.form.addEventListener('submit', (e) => {
    e.preventDefault();
    submitInput();
  });
  view.input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      submitInput();
    }
  });
  view.input.addEventListener('input', onInput);
  view.attach.addEventListener('click', () => view.file.click());
  view.file.addEventListener('change', () => void sendFiles([...(view.file.files ?? [])]));
  // A screenshot pasted into the message box goes as the paperclip's files do, with what is typed.
  view.input.addEventListener('paste', (e) => {
    const files = [...(e.clipboardData?.files ?? [])];
    if (!files.length || view.attach.disabled) return;
    e.preventDefault();
    void sendFiles(files);
  });
  view.log.addEventListener('scroll', () => { state.stick = isNearBottom(); }, { passive: true });
  if (typeof ResizeObserver === 'function') {
    // the log changes size when widget.css arrives, the panel opens or a phone keyboard shows
    new ResizeObserver(() => { if (state.stick) scrollToBottom(); }).observe(view.log);
  }
}

function init(early: EarlyCall[]): void {
  buildView();
  wireEvents();
  applyStrings();
  loadCss();
  onFirstWords(partReady);
  useLanguage(pageLang, true);
  window.KestrelChat = api;

  // restore unacked messages of this tab
  for (const item of state.outbox) showPending(item);

  const wasOpen = getItem(session, 'kc.open') === '1';
  if (startOpen || wasOpen) setOpen(true, false);
  // connect right away when there is something to resend or the visitor chatted before;
  // otherwise wait until the panel is opened
  if (state.outbox.length || getItem(local, 'kc.engaged') === '1') start();

  window.addEventListener('online', reconnectNow);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') reconnectNow();
  });
  window.addEventListener('pageshow', (e) => {
    if (e.persisted) reconnectNow();
  });

  for (const call of early) {
    if (call[0] === 'open') api.open(call[1]);
    else if (call[0] === 'close') api.close();
    else api.send(call[1]);
  }
}

if (!(window.KestrelChat && window.KestrelChat.__kestrel)) { // not when loaded twice
  // calls made before the DOM was ready are replayed
  const early: EarlyCall[] = [];
  window.KestrelChat = {
    __kestrel: true,
    open(options) { early.push(['open', options]); },
    close() { early.push(['close']); },
    send(text) { early.push(['send', text]); return null; },
  };
  if (document.body) init(early);
  else document.addEventListener('DOMContentLoaded', () => init(early));
}
