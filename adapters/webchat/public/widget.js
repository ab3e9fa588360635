/*!
 * Kestrel web chat widget — plain browser JavaScript, no dependencies, no build step.
 *
 * Embed with:  <script src="https://HOST/webchat/widget.js" async></script>
 * Optional attributes: data-lang="pl"  data-title="Help"  data-open="true"
 *   data-context-entry="<entry id>" (data-context-unhelpful="true"): the help-center article the
 *   reader comes from, told to the conversation once, so a person who takes over sees it.
 *
 * Its own words, the bot's name and the longest message come from the server
 * (GET /webchat/config?lang=…), in data-lang, else the browser's language; once the conversation
 * has a language (the server says so), the widget's words follow it. English below is only for
 * a server that does not answer.
 *
 * Wire protocol: adapters/webchat/PROTOCOL.md (WebSocket at /ws/chat on the same host).
 * Host-page API: window.KestrelChat = { open(options?), close(), send(text) };
 * open({ context: { entryId, unhelpful?, note? } }) opens the chat from a help-center article.
 */
(function () {
  'use strict';

  if (window.KestrelChat && window.KestrelChat.__kestrel) return; // loaded twice

  // ---------------------------------------------------------------- config --

  var MAX_LEN = 4000;          // replaced by the server's maxMessageChars
  var PING_MS = 25000;
  var PONG_TIMEOUT_MS = 10000;
  var BACKOFF_MIN_MS = 500;
  var BACKOFF_MAX_MS = 10000;
  var TYPING_SAFETY_MS = 30000;
  var NOTICE_MS = 8000;
  var RTL_LANGS = ['ar', 'he', 'iw', 'fa', 'ur', 'ps', 'yi', 'dv', 'ckb', 'sd', 'ug'];
  var ROLES = ['customer', 'bot', 'agent', 'system'];

  // Only for a server that does not answer GET /webchat/config; the server's strings replace them.
  var FALLBACK = {
    chat: 'Chat', close: 'Close chat', label: 'Your message', placeholder: 'Type your message…', send: 'Send',
    connecting: 'Connecting…', reconnecting: 'Reconnecting…', typing: 'Assistant is typing', sending: 'Sending…',
    notSent: 'Not sent', roleCustomer: 'You:', roleBot: 'Assistant:', roleAgent: 'Agent:', roleSystem: 'Notice:',
    log: 'Conversation', suggestions: 'Suggested topics', unread: 'new messages', dismiss: 'Dismiss',
    welcome: 'Hi! Ask me a question.', starters: 'Popular topics', helpArticles: 'From our help center',
    feedback: 'Was this answer helpful?', helpful: 'Helpful', unhelpful: 'Not helpful', feedbackFailed: 'Your feedback could not be sent',
    rating: 'Rate our help', ratingStar: '{n} out of 5', ratingFailed: 'Your rating could not be sent',
    errorEmpty: 'The message is empty', errorTooLong: 'The message is too long', errorInternal: 'Something went wrong. Please try again.',
    errorRefused: 'This could not be sent'
  };
  var ROLE_KEYS = { customer: 'roleCustomer', bot: 'roleBot', agent: 'roleAgent', system: 'roleSystem' };

  // ------------------------------------------------------- locate ourselves --

  function findScript() {
    var list = document.querySelectorAll('script[src]');
    for (var i = list.length - 1; i >= 0; i--) {
      try {
        if (/\/webchat\/widget\.js$/.test(new URL(list[i].src, location.href).pathname)) return list[i];
      } catch (e) { /* ignore malformed src */ }
    }
    return null;
  }

  var script = document.currentScript || findScript();
  var srcUrl = new URL(script && script.src ? script.src : '/webchat/widget.js', location.href);
  var data = (script && script.dataset) || {};
  // Everything before "/webchat/widget.js" is a path prefix (reverse proxy); usually empty.
  var prefixMatch = srcUrl.pathname.match(/^(.*)\/webchat\/widget\.js$/);
  var prefix = prefixMatch ? prefixMatch[1] : '';
  var WS_URL = (srcUrl.protocol === 'https:' ? 'wss:' : 'ws:') + '//' + srcUrl.host + prefix + '/ws/chat';
  var CSS_URL = new URL('widget.css', srcUrl).href + srcUrl.search;
  var CONFIG_URL = srcUrl.origin + prefix + '/webchat/config';

  // data-lang is the page's explicit choice (sent to the server); the browser's language only
  // chooses the widget's words until the conversation has a language of its own.
  var explicitLang = (data.lang || '').trim();
  var browserLang = (navigator.languages && navigator.languages[0]) || navigator.language || '';
  var pageLang = explicitLang || browserLang || document.documentElement.lang || 'en';
  var uiLang = primary(pageLang);
  var wantedLang = uiLang;
  var T = FALLBACK;
  var configs = {};           // language asked -> the server's config
  var starters = [];
  var TITLE = (data.title || '').trim() || 'Assistant';
  var START_OPEN = /^(true|1|yes|open)$/i.test(data.open || '');
  var helpArticles = [];      // the help center's most asked articles: [{ title, path }]
  // The help-center article the chat is opened from; sent once the socket is ready.
  var pendingContext = data.contextEntry ? { entryId: String(data.contextEntry), unhelpful: /^(true|1)$/i.test(data.contextUnhelpful || '') } : null;

  // ---------------------------------------------------------------- helpers --

  function primary(lang) {
    return String(lang || '').toLowerCase().split(/[-_]/)[0];
  }

  function isRtl(lang) {
    var l = String(lang || '').toLowerCase();
    return RTL_LANGS.indexOf(primary(l)) !== -1 || l === 'ckb' || /^[a-z]{2,3}[-_]arab/.test(l);
  }

  function storage(kind) {
    try {
      var s = window[kind];
      s.setItem('kc.__probe', '1');
      s.removeItem('kc.__probe');
      return s;
    } catch (e) {
      return null; // blocked storage (privacy mode, sandboxed iframe…)
    }
  }
  var local = storage('localStorage');
  var session = storage('sessionStorage');

  function getItem(store, key) {
    try { return store ? store.getItem(key) : null; } catch (e) { return null; }
  }
  function setItem(store, key, value) {
    try { if (store) store.setItem(key, value); } catch (e) { /* quota etc. */ }
  }
  function removeItem(store, key) {
    try { if (store) store.removeItem(key); } catch (e) { /* ignore */ }
  }

  function uuid() {
    var c = window.crypto;
    if (c && typeof c.randomUUID === 'function') {
      try { return c.randomUUID(); } catch (e) { /* insecure context */ }
    }
    var b = new Uint8Array(16);
    if (c && c.getRandomValues) c.getRandomValues(b);
    else for (var i = 0; i < 16; i++) b[i] = Math.floor(Math.random() * 256);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = '';
    for (var j = 0; j < 16; j++) h += (b[j] < 16 ? '0' : '') + b[j].toString(16);
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      for (var k in attrs) {
        if (!Object.prototype.hasOwnProperty.call(attrs, k) || attrs[k] == null || attrs[k] === false) continue;
        if (k === 'text') node.textContent = attrs[k];
        else node.setAttribute(k, attrs[k] === true ? '' : String(attrs[k]));
      }
    }
    (children || []).forEach(function (c) {
      if (c != null) node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return node;
  }

  function svg(path) {
    var ns = 'http://www.w3.org/2000/svg';
    var s = document.createElementNS(ns, 'svg');
    s.setAttribute('viewBox', '0 0 24 24');
    s.setAttribute('width', '24');
    s.setAttribute('height', '24');
    s.setAttribute('aria-hidden', 'true');
    s.setAttribute('focusable', 'false');
    var p = document.createElementNS(ns, 'path');
    p.setAttribute('d', path);
    p.setAttribute('fill', 'currentColor');
    s.appendChild(p);
    return s;
  }
  var ICON_CHAT = 'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 6.5a1.5 1.5 0 1 0 0 .01zm5 0a1.5 1.5 0 1 0 0 .01zm5 0a1.5 1.5 0 1 0 0 .01z';
  var ICON_CLOSE = 'M18.3 5.7a1 1 0 0 0-1.4 0L12 10.6 7.1 5.7a1 1 0 0 0-1.4 1.4l4.9 4.9-4.9 4.9a1 1 0 1 0 1.4 1.4l4.9-4.9 4.9 4.9a1 1 0 0 0 1.4-1.4L13.4 12l4.9-4.9a1 1 0 0 0 0-1.4z';
  var ICON_SEND = 'M3.4 20.4 21 12 3.4 3.6 3.4 10l12.6 2-12.6 2z';
  var ICON_UP = 'M2 21h4V9H2v12zm20-11a2 2 0 0 0-2-2h-6.3l1-4.6v-.3c0-.4-.2-.8-.4-1.1L13.2 1 6.6 7.6C6.2 7.9 6 8.4 6 9v10a2 2 0 0 0 2 2h9c.8 0 1.5-.5 1.8-1.2l3-7.1c.1-.2.2-.5.2-.7v-2z';
  var ICON_DOWN = 'M22 3h-4v12h4V3zM2 14a2 2 0 0 0 2 2h6.3l-1 4.6v.3c0 .4.2.8.4 1.1l1.1 1 6.6-6.6c.4-.3.6-.8.6-1.4V5a2 2 0 0 0-2-2H7c-.8 0-1.5.5-1.8 1.2l-3 7.1c-.1.2-.2.5-.2.7v2z';

  // ------------------------------------------------------------------ state --

  var userId = getItem(local, 'kc.userId');
  if (!userId) {
    userId = uuid();
    setItem(local, 'kc.userId', userId);
  }

  var ws = null;              // current WebSocket (null while offline)
  var ready = false;          // hello answered with history on the current socket
  var everReady = false;      // had a working connection at least once on this page
  var started = false;        // connection wanted
  var attempt = 0;            // reconnect attempts since last success
  var reconnectTimer = null;
  var pingTimer = null;
  var pongTimer = null;
  var statusTimer = null;
  var typingTimer = null;
  var noticeTimer = null;
  var lastSeenId = null;      // in memory only: a fresh page asks for the full history
  var lastSeenSeq = -Infinity;
  var conversationId = null;
  var isOpen = false;
  var stick = true;           // keep the log scrolled to the newest message
  var unread = 0;
  var byId = new Map();       // server message id -> row element
  var byClient = new Map();   // clientId -> row element of own message waiting for ack
  var outbox = loadOutbox();  // unacked frames, persisted in sessionStorage

  function loadOutbox() {
    try {
      var list = JSON.parse(getItem(session, 'kc.outbox') || '[]');
      return Array.isArray(list) ? list.filter(function (i) {
        return i && typeof i.clientId === 'string' && (i.type === 'message' || i.type === 'choose');
      }) : [];
    } catch (e) {
      return [];
    }
  }
  function saveOutbox() {
    if (outbox.length) setItem(session, 'kc.outbox', JSON.stringify(outbox));
    else removeItem(session, 'kc.outbox');
  }
  function removeFromOutbox(clientId) {
    var before = outbox.length;
    outbox = outbox.filter(function (i) { return i.clientId !== clientId; });
    if (outbox.length !== before) saveOutbox();
  }

  // -------------------------------------------------------------------- DOM --

  var uid = Math.random().toString(36).slice(2, 8);
  var ids = { panel: 'kc-panel-' + uid, title: 'kc-title-' + uid, input: 'kc-input-' + uid, counter: 'kc-counter-' + uid };

  var root, launcher, badge, panel, titleEl, statusEl, log, typingEl, noticeEl, noticeText, form, input, sendBtn, counter, welcomeRow, startersEl, helpEl, helpList;

  function build() {
    root = el('div', { 'class': 'kc-root', 'data-kestrel-chat': '' });
    root.style.visibility = 'hidden'; // until widget.css has loaded

    badge = el('span', { 'class': 'kc-badge', 'aria-hidden': 'true', hidden: true });
    launcher = el('button', {
      type: 'button', 'class': 'kc-launcher', 'data-testid': 'kc-launcher',
      'aria-expanded': 'false', 'aria-controls': ids.panel, 'aria-label': str('chat') + ': ' + TITLE
    }, [svg(ICON_CHAT), svg(ICON_CLOSE), badge]);

    var closeBtn = el('button', { type: 'button', 'class': 'kc-close', 'data-testid': 'kc-close', 'data-kc-l': 'close' }, [svg(ICON_CLOSE)]);

    statusEl = el('div', { 'class': 'kc-status', role: 'status', 'data-testid': 'kc-status', hidden: true });

    log = el('div', {
      'class': 'kc-log', role: 'log', 'aria-live': 'polite', 'data-kc-l': 'log',
      'data-testid': 'kc-log', tabindex: '0'
    });

    typingEl = el('div', { 'class': 'kc-typing', 'data-testid': 'kc-typing', role: 'status', hidden: true }, [
      el('span', { 'class': 'kc-dots', 'aria-hidden': 'true' }, [
        el('span', { 'class': 'kc-dot' }), el('span', { 'class': 'kc-dot' }), el('span', { 'class': 'kc-dot' })
      ]),
      el('span', { 'class': 'kc-sr', 'data-kc-t': 'typing' })
    ]);

    noticeText = el('span', { 'class': 'kc-notice-text' });
    var noticeClose = el('button', { type: 'button', 'class': 'kc-notice-close', 'data-kc-l': 'dismiss' }, [svg(ICON_CLOSE)]);
    noticeEl = el('div', { 'class': 'kc-notice', role: 'alert', 'data-testid': 'kc-notice', hidden: true }, [noticeText, noticeClose]);

    input = el('textarea', {
      id: ids.input, 'class': 'kc-input', 'data-testid': 'kc-input', rows: '1', dir: 'auto',
      maxlength: String(MAX_LEN), 'data-kc-p': 'placeholder', autocomplete: 'off',
      'aria-describedby': ids.counter, enterkeyhint: 'send'
    });
    counter = el('span', { id: ids.counter, 'class': 'kc-counter', 'aria-live': 'polite', hidden: true });
    sendBtn = el('button', { type: 'submit', 'class': 'kc-send', 'data-testid': 'kc-send', 'data-kc-l': 'send' }, [svg(ICON_SEND)]);
    form = el('form', { 'class': 'kc-composer', novalidate: true }, [
      el('label', { 'class': 'kc-sr', 'for': ids.input, 'data-kc-t': 'label' }),
      input, sendBtn, counter
    ]);

    panel = el('section', {
      id: ids.panel, 'class': 'kc-panel', 'data-testid': 'kc-panel', role: 'dialog',
      'aria-modal': 'false', 'aria-labelledby': ids.title, lang: uiLang, hidden: true
    }, [
      el('header', { 'class': 'kc-header' }, [titleEl = el('h2', { id: ids.title, 'class': 'kc-title', 'data-testid': 'kc-title', text: TITLE }), closeBtn]),
      statusEl, log, typingEl, noticeEl, form
    ]);
    panel.dir = isRtl(uiLang) ? 'rtl' : 'ltr';

    // The welcome and the starter topics open the conversation; they live only in the widget.
    startersEl = el('div', { 'class': 'kc-suggestions kc-starters', role: 'group', 'data-kc-l': 'starters', 'data-testid': 'kc-starters' });
    helpList = el('div', { 'class': 'kc-help-list' });
    helpEl = el('nav', { 'class': 'kc-help', 'data-kc-l': 'helpArticles', 'data-testid': 'kc-help-articles', hidden: true }, [
      el('span', { 'class': 'kc-help-title', 'data-kc-t': 'helpArticles' }),
      helpList
    ]);
    welcomeRow = el('div', { 'class': 'kc-row kc-row--bot kc-welcome', 'data-testid': 'kc-welcome' }, [
      el('div', { 'class': 'kc-msg kc-msg--bot', 'data-kc-t': 'welcome', 'data-testid': 'kc-welcome-text' }),
      startersEl,
      helpEl
    ]);
    welcomeRow._kcSort = -Infinity;
    log.appendChild(welcomeRow);

    root.appendChild(panel);
    root.appendChild(launcher);
    document.body.appendChild(root);

    // events
    launcher.addEventListener('click', function () { setOpen(!isOpen, true); });
    closeBtn.addEventListener('click', function () { setOpen(false, true); });
    noticeClose.addEventListener('click', hideNotice);
    panel.addEventListener('keydown', function (e) {
      if (e.key === 'Escape' && !e.isComposing) {
        e.preventDefault();
        setOpen(false, true);
      }
    });
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      submitInput();
    });
    input.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
        e.preventDefault();
        submitInput();
      }
    });
    input.addEventListener('input', onInput);
    log.addEventListener('scroll', function () { stick = isNearBottom(); }, { passive: true });
    if (typeof ResizeObserver === 'function') {
      // the log changes size when widget.css arrives, the panel opens or a phone keyboard shows
      new ResizeObserver(function () { if (stick) scrollToBottom(); }).observe(log);
    }
  }

  // The widget shows once its stylesheet and its words have arrived (or after 3 s without them).
  var waitingFor = 2;
  function partReady() {
    if (--waitingFor <= 0) root.style.visibility = '';
  }

  function loadCss() {
    setTimeout(function () { root.style.visibility = ''; }, 3000);
    var existing = document.querySelector('link[data-kestrel-chat]');
    if (existing) { partReady(); return; }
    var done = false;
    var once = function () { if (!done) { done = true; partReady(); } };
    var link = el('link', { rel: 'stylesheet', href: CSS_URL, 'data-kestrel-chat': '' });
    link.addEventListener('load', once);
    link.addEventListener('error', once);
    (document.head || document.documentElement).appendChild(link);
  }

  // ------------------------------------------------------------- language --

  function fmt(text, vars) {
    return String(text).replace(/\{(\w+)\}/g, function (whole, name) {
      return vars && Object.prototype.hasOwnProperty.call(vars, name) ? String(vars[name]) : whole;
    });
  }

  function str(key) {
    return Object.prototype.hasOwnProperty.call(T, key) ? T[key] : FALLBACK[key];
  }

  // Fetches the server's words for a language (once per language) and applies them, unless a
  // later language was asked for in the meantime.
  function useLanguage(lang, first) {
    var want = primary(lang);
    if (!want) return;
    if (!first && want === uiLang && want === wantedLang) return;
    wantedLang = want;
    var done = function (cfg) {
      if (first) partReady();
      if (wantedLang === want && cfg) applyConfig(cfg);
    };
    if (configs[want]) return done(configs[want]);
    var xhr;
    try {
      xhr = new XMLHttpRequest();
      xhr.open('GET', CONFIG_URL + '?lang=' + encodeURIComponent(lang));
      xhr.timeout = 8000;
    } catch (e) {
      return done(null);
    }
    xhr.onload = function () {
      var cfg = null;
      try { cfg = xhr.status === 200 ? JSON.parse(xhr.responseText) : null; } catch (e) { cfg = null; }
      if (cfg && cfg.strings && typeof cfg.strings === 'object') configs[want] = cfg;
      else cfg = null;
      done(cfg);
    };
    xhr.onerror = xhr.ontimeout = function () { done(null); };
    xhr.send();
  }

  function applyConfig(cfg) {
    T = cfg.strings;
    uiLang = primary(cfg.lang) || uiLang;
    if (isFinite(Number(cfg.maxMessageChars)) && Number(cfg.maxMessageChars) > 0) MAX_LEN = Number(cfg.maxMessageChars);
    TITLE = (data.title || '').trim() || String(cfg.botName || TITLE);
    starters = Array.isArray(cfg.starters) ? cfg.starters : [];
    helpArticles = Array.isArray(cfg.helpArticles) ? cfg.helpArticles : [];
    applyStrings();
  }

  // Puts the current language's words on every element that carries a key.
  function applyStrings() {
    panel.lang = uiLang;
    panel.dir = isRtl(uiLang) ? 'rtl' : 'ltr';
    root.setAttribute('data-lang', uiLang);
    titleEl.textContent = TITLE;
    input.setAttribute('maxlength', String(MAX_LEN));
    var i, n, list;
    list = root.querySelectorAll('[data-kc-t]');
    for (i = 0; i < list.length; i++) list[i].textContent = str(list[i].getAttribute('data-kc-t'));
    list = root.querySelectorAll('[data-kc-l]');
    for (i = 0; i < list.length; i++) {
      n = list[i];
      var text = fmt(str(n.getAttribute('data-kc-l')), { n: n.getAttribute('data-kc-n') });
      n.setAttribute('aria-label', text);
      if (n.tagName === 'BUTTON') n.setAttribute('title', text);
    }
    list = root.querySelectorAll('[data-kc-p]');
    for (i = 0; i < list.length; i++) list[i].setAttribute('placeholder', str(list[i].getAttribute('data-kc-p')));
    renderHelpArticles();
    renderStarters();
    setUnread(unread);
    onInput();
  }

  function renderStarters() {
    while (startersEl.firstChild) startersEl.removeChild(startersEl.firstChild);
    starters.forEach(function (s) {
      if (!s || s.entryId == null) return;
      var title = s.title == null ? '' : String(s.title);
      var btn = el('button', { type: 'button', 'class': 'kc-suggestion kc-starter', 'data-testid': 'kc-starter', 'data-entry-id': String(s.entryId), dir: 'auto' });
      btn.textContent = title;
      btn.addEventListener('click', function () { choose(s.entryId, title); });
      startersEl.appendChild(btn);
    });
    updateStarters();
  }

  // Links to the help center's most asked articles (same server as the widget), under the starters.
  function renderHelpArticles() {
    while (helpList.firstChild) helpList.removeChild(helpList.firstChild);
    helpArticles.forEach(function (a) {
      if (!a || typeof a.path !== 'string' || a.path.charAt(0) !== '/') return;
      var link = el('a', { 'class': 'kc-help-link', href: srcUrl.origin + prefix + a.path, target: '_blank', rel: 'noopener', dir: 'auto', 'data-testid': 'kc-help-link' });
      link.textContent = a.title == null ? '' : String(a.title);
      helpList.appendChild(link);
    });
  }

  // Starter topics and help articles are for the first question only.
  function updateStarters() {
    var asked = !!log.querySelector('.kc-row--customer');
    startersEl.hidden = !startersEl.firstChild || asked;
    helpEl.hidden = !helpList.firstChild || asked;
  }

  // Tell the conversation which help-center article the reader comes from (once per opening).
  function sendContext() {
    if (!pendingContext || !ready) return;
    var c = pendingContext;
    var frame = { type: 'context', clientId: uuid(), entryId: c.entryId };
    if (c.unhelpful) frame.unhelpful = true;
    if (c.note) frame.note = String(c.note).slice(0, 500);
    if (sendFrame(frame)) {
      pendingContext = null;
      setItem(local, 'kc.engaged', '1');
    }
  }

  // ----------------------------------------------------------- open / close --

  function setOpen(open, moveFocus) {
    isOpen = !!open;
    panel.hidden = !isOpen;
    launcher.setAttribute('aria-expanded', String(isOpen));
    root.classList.toggle('kc-is-open', isOpen);
    if (isOpen) setItem(session, 'kc.open', '1');
    else removeItem(session, 'kc.open');
    if (isOpen) {
      setUnread(0);
      start();
      scrollToBottom();
      if (moveFocus) input.focus({ preventScroll: true });
    } else if (moveFocus) {
      launcher.focus({ preventScroll: true });
    }
  }

  function setUnread(n) {
    unread = n;
    badge.hidden = n === 0;
    badge.textContent = n > 9 ? '9+' : String(n || '');
    launcher.setAttribute('aria-label', str('chat') + ': ' + TITLE + (n ? ' (' + n + ' ' + str('unread') + ')' : ''));
  }

  // ---------------------------------------------------------------- composer --

  function onInput() {
    // auto-grow up to the CSS max-height
    input.style.height = 'auto';
    input.style.height = Math.min(input.scrollHeight, 140) + 'px';
    var len = input.value.length;
    counter.hidden = len < MAX_LEN - 500;
    counter.textContent = len + ' / ' + MAX_LEN;
  }

  function submitInput() {
    var text = input.value;
    if (!text.trim()) return;
    if (enqueue({ type: 'message', text: text.trim() })) {
      input.value = '';
      onInput();
    }
    input.focus({ preventScroll: true });
  }

  function choose(entryId, title) {
    enqueue({ type: 'choose', entryId: String(entryId), title: String(title == null ? '' : title) });
    input.focus({ preventScroll: true });
  }

  // Creates an outbox item, shows it as pending, and sends it when connected.
  function enqueue(item) {
    item.clientId = uuid();
    // remember that this visitor has a conversation so later page views connect eagerly
    setItem(local, 'kc.engaged', '1');
    outbox.push(item);
    saveOutbox();
    hideNotice();
    var row = renderPending(item);
    byClient.set(item.clientId, row);
    place(row);
    closeRatings();
    updateStarters();
    scrollToBottom();
    start();
    if (ready) transmit(item);
    return item.clientId;
  }

  function transmit(item) {
    if (item.type === 'choose') {
      sendFrame({ type: 'choose', clientId: item.clientId, entryId: item.entryId, title: item.title });
    } else {
      sendFrame({ type: 'message', clientId: item.clientId, text: item.text });
    }
  }

  function flushOutbox() {
    outbox.forEach(function (item) {
      if (!byClient.has(item.clientId)) {
        var row = renderPending(item); // e.g. restored from sessionStorage
        byClient.set(item.clientId, row);
        place(row);
      }
      transmit(item);
    });
  }

  // ---------------------------------------------------------------- messages --

  function setLangDir(node, lang) {
    if (lang) {
      node.lang = lang;
      node.dir = isRtl(lang) ? 'rtl' : 'ltr';
    } else {
      node.dir = 'auto';
    }
  }

  function formatTime(iso) {
    var d = new Date(iso);
    if (isNaN(d.getTime())) return null;
    try {
      return d.toLocaleString(uiLang || undefined, { dateStyle: 'medium', timeStyle: 'short' });
    } catch (e) {
      return d.toLocaleString();
    }
  }

  function makeRow(role) {
    var row = el('div', { 'class': 'kc-row kc-row--' + role });
    row.appendChild(el('span', { 'class': 'kc-sr', 'data-kc-t': ROLE_KEYS[role], text: str(ROLE_KEYS[role]) }));
    return row;
  }

  function renderPending(item) {
    var text = item.type === 'choose' ? item.title : item.text;
    var row = makeRow('customer');
    var bubble = el('div', {
      'class': 'kc-msg kc-msg--customer', 'data-testid': 'kc-msg-customer',
      'data-client-id': item.clientId, 'data-state': 'pending', dir: 'auto'
    });
    bubble.textContent = text;
    row.appendChild(bubble);
    row.appendChild(el('div', { 'class': 'kc-meta', 'aria-hidden': 'true', 'data-kc-t': 'sending', text: str('sending') }));
    row._kcSort = Infinity; // pending messages stay after everything the server has ordered
    row._kcBubble = bubble;
    return row;
  }

  function renderMessage(m) {
    var role = ROLES.indexOf(m.role) !== -1 ? m.role : 'system';
    var row = makeRow(role);
    var bubble = el('div', {
      'class': 'kc-msg kc-msg--' + role, 'data-testid': 'kc-msg-' + role,
      'data-id': m.id, 'data-seq': isFinite(Number(m.seq)) ? String(m.seq) : null
    });
    setLangDir(bubble, m.lang);
    if (role === 'bot' && typeof m.html === 'string' && m.html) {
      bubble.innerHTML = m.html; // sanitized by the server (PROTOCOL.md)
      bubble.classList.add('kc-msg--html');
      var links = bubble.querySelectorAll('a[href]');
      for (var i = 0; i < links.length; i++) {
        links[i].setAttribute('target', '_blank');
        links[i].setAttribute('rel', 'noopener noreferrer');
      }
    } else {
      bubble.textContent = m.text == null ? '' : String(m.text);
    }
    if (m.handoff) {
      row.classList.add('kc-row--handoff');
      bubble.classList.add('kc-msg--handoff');
    }
    var when = m.createdAt && formatTime(m.createdAt);
    if (when) bubble.title = when;
    row.appendChild(bubble);
    // Answers from the knowledge base (they carry an entryId) can be rated (PROTOCOL.md, "feedback").
    if (role === 'bot' && m.entryId != null && !m.handoff) row.appendChild(feedbackControls(m.id, m.feedback));
    // The desk's rating question (PROTOCOL.md, "ratingPrompt"): five stars instead of typing a number.
    if (role !== 'customer' && m.ratingPrompt) {
      // One rating question at a time: a newer one replaces any stars still shown.
      Array.prototype.forEach.call(log.querySelectorAll('.kc-rating'), function (g) { g.parentNode.removeChild(g); });
      row.appendChild(ratingControls());
    }

    if (role !== 'customer' && Array.isArray(m.suggestions) && m.suggestions.length) {
      var group = el('div', { 'class': 'kc-suggestions', role: 'group', 'data-kc-l': 'suggestions', 'aria-label': str('suggestions') });
      setLangDir(group, m.lang);
      m.suggestions.forEach(function (s) {
        if (!s || s.entryId == null) return;
        var title = s.title == null ? '' : String(s.title);
        var btn = el('button', {
          type: 'button', 'class': 'kc-suggestion', 'data-testid': 'kc-suggestion',
          'data-entry-id': String(s.entryId), dir: 'auto'
        });
        btn.textContent = title;
        btn.addEventListener('click', function () { choose(s.entryId, title); });
        group.appendChild(btn);
      });
      if (group.childNodes.length) row.appendChild(group);
    }
    row._kcSort = isFinite(Number(m.seq)) ? Number(m.seq) : (isFinite(lastSeenSeq) ? lastSeenSeq + 0.5 : 0);
    row._kcBubble = bubble;
    return row;
  }

  function feedbackControls(messageId, given) {
    var group = el('div', { 'class': 'kc-feedback', role: 'group', 'data-kc-l': 'feedback', 'aria-label': str('feedback'), 'data-testid': 'kc-feedback' });
    [[true, 'helpful', ICON_UP], [false, 'unhelpful', ICON_DOWN]].forEach(function (b) {
      var btn = el('button', {
        type: 'button', 'class': 'kc-feedback-btn', 'data-kc-l': b[1], 'aria-label': str(b[1]), title: str(b[1]), 'aria-pressed': String(given === b[0]),
        'data-testid': b[0] ? 'kc-helpful' : 'kc-unhelpful', 'data-helpful': String(b[0])
      }, [svg(b[2])]);
      btn.addEventListener('click', function () {
        if (!sendFrame({ type: 'feedback', messageId: messageId, helpful: b[0] })) {
          showNotice(str('feedbackFailed'));
          return;
        }
        showFeedback(messageId, b[0]);
      });
      group.appendChild(btn);
    });
    return group;
  }

  // 1-5 stars; a press sends the stars as the customer's answer ("★★★★" reads as 4 on the server).
  function ratingControls() {
    var group = el('div', { 'class': 'kc-rating', role: 'group', 'data-kc-l': 'rating', 'aria-label': str('rating'), 'data-testid': 'kc-rating' });
    for (var n = 1; n <= 5; n++) {
      (function (score) {
        var label = fmt(str('ratingStar'), { n: score });
        var btn = el('button', {
          type: 'button', 'class': 'kc-star', 'data-testid': 'kc-star', 'data-score': String(score), 'data-kc-l': 'ratingStar', 'data-kc-n': String(score),
          'aria-label': label, title: label, 'aria-pressed': 'false'
        }, ['★']);
        btn.addEventListener('click', function () {
          if (group.getAttribute('data-done') === 'true') return;
          if (!enqueue({ type: 'message', text: new Array(score + 1).join('★') })) {
            showNotice(str('ratingFailed'));
            return;
          }
          var stars = group.querySelectorAll('.kc-star');
          for (var i = 0; i < stars.length; i++) stars[i].setAttribute('aria-pressed', String(i < score));
          closeRatings();
        });
        group.appendChild(btn);
      })(n);
    }
    return group;
  }

  // A rating is answered once: after the customer's next message the stars no longer send anything.
  function closeRatings() {
    var groups = log.querySelectorAll('.kc-rating:not([data-done])');
    for (var i = 0; i < groups.length; i++) {
      groups[i].setAttribute('data-done', 'true');
      var stars = groups[i].querySelectorAll('.kc-star');
      for (var j = 0; j < stars.length; j++) stars[j].disabled = true;
    }
  }

  // Marks the pressed button (also when another tab of the same customer rated the answer).
  function showFeedback(messageId, helpful) {
    var row = byId.get(String(messageId));
    var buttons = row ? row.querySelectorAll('.kc-feedback-btn') : [];
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute('aria-pressed', String(buttons[i].getAttribute('data-helpful') === String(helpful)));
    }
  }

  // Keeps the log ordered by seq (rows without a known seq go last, in arrival order).
  function place(row) {
    var key = row._kcSort;
    var before = null;
    for (var r = log.lastElementChild; r; r = r.previousElementSibling) {
      if (r === row) continue;
      if (r._kcSort > key) before = r;
      else break;
    }
    if (before) {
      if (row.nextElementSibling !== before) log.insertBefore(row, before);
    } else if (log.lastElementChild !== row) {
      log.appendChild(row);
    }
    if (stick) scrollToBottom();
  }

  function noteSeen(m) {
    var seq = Number(m.seq);
    if (isFinite(seq)) {
      if (seq >= lastSeenSeq) { lastSeenSeq = seq; lastSeenId = m.id; }
    } else if (lastSeenId == null) {
      lastSeenId = m.id;
    }
  }

  function addServerMessage(m, live) {
    if (!m || typeof m !== 'object' || m.id == null) return;
    m.id = String(m.id);
    noteSeen(m);
    var existing = byId.get(m.id);
    if (existing) {
      // already shown (e.g. our own acked message); just learn its real position
      var seq = Number(m.seq);
      if (isFinite(seq) && existing._kcSort !== seq) {
        existing._kcSort = seq;
        existing._kcBubble.setAttribute('data-seq', String(seq));
        place(existing);
      }
      return;
    }
    var row = renderMessage(m);
    byId.set(m.id, row);
    place(row);
    if (m.role === 'customer') {
      closeRatings();
      updateStarters();
    }
    // The conversation's language is the one the bot, the desk or an agent now speaks in.
    if (live && m.role !== 'customer' && m.lang) useLanguage(String(m.lang), false);
    if (live && (m.role === 'bot' || m.role === 'agent')) {
      if (m.role === 'bot') setTyping(false);
      if (!isOpen) setUnread(unread + 1);
    }
  }

  function markSent(row, id) {
    row._kcBubble.setAttribute('data-state', 'sent');
    row._kcBubble.setAttribute('data-id', id);
    var meta = row.querySelector('.kc-meta');
    if (meta) meta.remove();
  }

  function markFailed(row, reason) {
    row.classList.add('kc-row--failed');
    row._kcBubble.setAttribute('data-state', 'failed');
    var meta = row.querySelector('.kc-meta');
    if (!meta) {
      meta = el('div', { 'class': 'kc-meta' });
      row.appendChild(meta);
    }
    meta.removeAttribute('aria-hidden');
    meta.removeAttribute('data-kc-t');
    meta.textContent = str('notSent') + ' — ' + reason;
  }

  function resetConversation() {
    // the server started a different conversation: drop what it sent before
    byId.forEach(function (row) { if (row.parentNode) row.remove(); });
    byId.clear();
    lastSeenId = null;
    lastSeenSeq = -Infinity;
  }

  // ------------------------------------------------------------------ frames --

  function onFrame(raw) {
    var f;
    try { f = JSON.parse(raw); } catch (e) { return; }
    if (!f || typeof f !== 'object') return;
    clearTimeout(pongTimer);
    pongTimer = null;
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

  function onHistory(f) {
    if (f.conversationId && conversationId && f.conversationId !== conversationId) resetConversation();
    if (f.conversationId) conversationId = f.conversationId;
    if (f.lang) root.setAttribute('data-conversation-lang', f.lang);
    if (f.conversationLang) useLanguage(f.conversationLang, false);
    var list = Array.isArray(f.messages) ? f.messages.slice() : [];
    list.sort(function (a, b) { return (Number(a && a.seq) || 0) - (Number(b && b.seq) || 0); });
    list.forEach(function (m) { addServerMessage(m, false); });
    ready = true;
    everReady = true;
    attempt = 0;
    updateStatus();
    flushOutbox();
    sendContext();
    if (stick) scrollToBottom();
  }

  function onAck(f) {
    if (f.clientId == null || f.id == null) return;
    var clientId = String(f.clientId);
    var id = String(f.id);
    removeFromOutbox(clientId);
    var row = byClient.get(clientId);
    if (!row) return;
    byClient.delete(clientId);
    var other = byId.get(id);
    if (other && other !== row) {
      // the server's copy (history / another tab) is already on screen
      row.remove();
      return;
    }
    byId.set(id, row);
    markSent(row, id);
    row._kcSort = isFinite(lastSeenSeq) ? lastSeenSeq + 0.5 : 0; // real seq arrives with a later history
    place(row);
  }

  function onServerError(f) {
    // The server's own message is for developers; the customer reads the widget's words.
    var text = f.code === 'too_long' ? str('errorTooLong')
      : f.code === 'empty' ? str('errorEmpty')
        : f.code === 'internal' ? str('errorInternal') : str('errorRefused');
    if (f.clientId != null) {
      var clientId = String(f.clientId);
      removeFromOutbox(clientId); // the server will refuse it again; do not resend
      var row = byClient.get(clientId);
      if (row) {
        byClient.delete(clientId);
        markFailed(row, text);
        // it will never get a seq: pin it where it is now so later messages go below it
        row._kcSort = isFinite(lastSeenSeq) ? lastSeenSeq + 0.5 : 0;
        place(row);
      }
    }
    if (f.messageId != null) showFeedback(f.messageId, null); // a refused rating: nothing stays pressed
    setTyping(false);
    showNotice(text);
  }

  // -------------------------------------------------------------- connection --

  function start() {
    if (started) return;
    started = true;
    connect();
  }

  function sendFrame(obj) {
    if (!ws || ws.readyState !== 1) return false;
    try {
      ws.send(JSON.stringify(obj));
      return true;
    } catch (e) {
      return false;
    }
  }

  function connect() {
    clearTimeout(reconnectTimer);
    reconnectTimer = null;
    if (ws || !started) return;
    var sock;
    try {
      sock = new WebSocket(WS_URL);
    } catch (e) {
      scheduleReconnect();
      return;
    }
    ws = sock;
    ready = false;
    updateStatus();
    sock.onopen = function () {
      if (ws !== sock) return;
      var hello = { type: 'hello', userId: userId };
      if (explicitLang) hello.lang = explicitLang;
      if (lastSeenId != null) hello.since = lastSeenId; // only within this page
      sendFrame(hello);
      clearInterval(pingTimer);
      pingTimer = setInterval(ping, PING_MS);
    };
    sock.onmessage = function (ev) {
      if (ws === sock) onFrame(ev.data);
    };
    sock.onclose = sock.onerror = function () {
      if (ws !== sock) return;
      drop();
      scheduleReconnect();
    };
  }

  function ping() {
    if (!sendFrame({ type: 'ping' })) return;
    clearTimeout(pongTimer);
    pongTimer = setTimeout(function () {
      // no frame at all since the ping: the connection is dead
      drop();
      scheduleReconnect();
    }, PONG_TIMEOUT_MS);
  }

  function drop() {
    var sock = ws;
    ws = null;
    ready = false;
    clearInterval(pingTimer);
    clearTimeout(pongTimer);
    pingTimer = pongTimer = null;
    if (sock) {
      sock.onopen = sock.onmessage = sock.onclose = sock.onerror = null;
      try { sock.close(); } catch (e) { /* ignore */ }
    }
    setTyping(false);
    updateStatus();
  }

  function scheduleReconnect() {
    if (reconnectTimer || ws || !started) return;
    var base = BACKOFF_MIN_MS * Math.pow(2, Math.min(attempt, 10));
    var delay = Math.min(BACKOFF_MAX_MS, base * (0.75 + Math.random() * 0.5));
    attempt++;
    reconnectTimer = setTimeout(connect, delay);
    updateStatus();
  }

  function reconnectNow() {
    if (!started || ws) return;
    attempt = 0;
    connect();
  }

  function updateStatus() {
    clearTimeout(statusTimer);
    if (!started || ready) {
      statusEl.hidden = true;
      statusEl.textContent = '';
      root.setAttribute('data-state', ready ? 'online' : 'idle');
      return;
    }
    root.setAttribute('data-state', 'offline');
    var show = function () {
      statusEl.textContent = everReady || attempt > 0 ? str('reconnecting') : str('connecting');
      statusEl.hidden = false;
    };
    // avoid a flash of "Connecting…" on a fast first connect
    if (everReady || attempt > 0) show();
    else statusTimer = setTimeout(show, 800);
  }

  // ----------------------------------------------------- typing / notices --

  function setTyping(on) {
    clearTimeout(typingTimer);
    typingEl.hidden = !on;
    if (on) typingTimer = setTimeout(function () { setTyping(false); }, TYPING_SAFETY_MS);
    if (stick) scrollToBottom();
  }

  function showNotice(text) {
    clearTimeout(noticeTimer);
    noticeText.textContent = text;
    noticeEl.hidden = false;
    noticeTimer = setTimeout(hideNotice, NOTICE_MS);
  }

  function hideNotice() {
    clearTimeout(noticeTimer);
    noticeEl.hidden = true;
  }

  function isNearBottom() {
    return log.scrollHeight - log.scrollTop - log.clientHeight < 48;
  }

  function scrollToBottom() {
    stick = true;
    log.scrollTop = log.scrollHeight;
  }

  // -------------------------------------------------------------------- init --

  var api = {
    __kestrel: true,
    open: function (options) {
      var c = options && options.context;
      if (c && c.entryId != null) pendingContext = { entryId: String(c.entryId), unhelpful: !!c.unhelpful, note: c.note == null ? '' : String(c.note) };
      setOpen(true, true);
      sendContext();
    },
    close: function () { setOpen(false, isOpen && panel.contains(document.activeElement)); },
    send: function (text) {
      var t = text == null ? '' : String(text).trim();
      if (!t) return null;
      if (!isOpen) setOpen(true, false);
      return enqueue({ type: 'message', text: t });
    }
  };
  // calls made before the DOM was ready are replayed
  var early = [];
  window.KestrelChat = {
    __kestrel: true,
    open: function (options) { early.push(['open', options]); },
    close: function () { early.push(['close']); },
    send: function (text) { early.push(['send', text]); return null; }
  };

  function init() {
    build();
    applyStrings();
    loadCss();
    useLanguage(pageLang, true);
    window.KestrelChat = api;

    // restore unacked messages of this tab
    outbox.forEach(function (item) {
      var row = renderPending(item);
      byClient.set(item.clientId, row);
      place(row);
    });

    var wasOpen = getItem(session, 'kc.open') === '1';
    if (START_OPEN || wasOpen) setOpen(true, false);
    // connect right away when there is something to resend or the visitor chatted before;
    // otherwise wait until the panel is opened
    if (outbox.length || getItem(local, 'kc.engaged') === '1') start();

    window.addEventListener('online', reconnectNow);
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'visible') reconnectNow();
    });
    window.addEventListener('pageshow', function (e) {
      if (e.persisted) reconnectNow();
    });

    early.forEach(function (c) { api[c[0]].apply(api, c.slice(1)); });
    early = null;
  }

  if (document.body) init();
  else document.addEventListener('DOMContentLoaded', init);
})();
