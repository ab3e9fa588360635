// Agent console: a small single-page app over /admin/api. Every string from customers is either
// set with textContent or arrives as server-sanitized `html` (see admin/console/views.ts).
(function () {
  'use strict';

  var $ = function (id) { return document.getElementById(id); };
  var state = { me: null, queue: [], openId: null, detail: null, agents: [], events: null, refreshing: null };

  var REASONS = {
    'low-confidence': 'The bot was not confident enough to answer.',
    'repeated-failure': 'The bot failed to answer several questions in a row.',
    'asked-for-human': 'The customer asked for a person.',
    'keyword': 'The customer used a keyword that always goes to a person.'
  };
  var ROLE_LABEL = { customer: 'Customer', bot: 'Bot', agent: 'Agent', system: 'Notice' };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (attrs[k] == null || attrs[k] === false) return;
      if (k === 'text') node.textContent = String(attrs[k]);
      else if (k === 'className') node.className = attrs[k];
      else node.setAttribute(k, attrs[k] === true ? '' : String(attrs[k]));
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return node;
  }

  function api(method, path, body) {
    var init = { method: method, headers: {}, credentials: 'same-origin' };
    if (body !== undefined) {
      init.headers['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch('/admin/api' + path, init).then(function (res) {
      return res.text().then(function (text) {
        var data = {};
        try { data = text ? JSON.parse(text) : {}; } catch (e) { data = { message: text }; }
        if (res.status === 401 && path !== '/login') showLogin('Your session ended. Please sign in again.');
        if (!res.ok) {
          var err = new Error(data.message || ('HTTP ' + res.status));
          err.status = res.status;
          err.code = data.error;
          throw err;
        }
        return data;
      });
    });
  }

  function announce(text) {
    $('live-status').textContent = text;
  }

  function ago(iso) {
    if (!iso) return '';
    var s = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 1000));
    if (s < 60) return s + ' s';
    if (s < 3600) return Math.round(s / 60) + ' min';
    return Math.round(s / 3600) + ' h';
  }

  function time(iso) {
    var d = new Date(iso);
    return isNaN(d.getTime()) ? '' : d.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
  }

  // ---- sign-in ------------------------------------------------------------------------------

  function showLogin(message) {
    if (state.events) { state.events.close(); state.events = null; }
    state.me = null;
    $('console-view').hidden = true;
    $('login-view').hidden = false;
    var err = $('login-error');
    err.hidden = !message;
    err.textContent = message || '';
    $('login-email').focus();
  }

  function showConsole(me) {
    state.me = me;
    $('login-view').hidden = true;
    $('console-view').hidden = false;
    $('me').textContent = me.name + ' (' + me.role + ')';
    $('team-button').hidden = me.permissions.indexOf('users') === -1;
    $('problems-button').hidden = me.permissions.indexOf('users') === -1;
    var editor = me.permissions.indexOf('knowledge') !== -1 || me.permissions.indexOf('analytics') !== -1;
    $('knowledge-link').hidden = !editor;
    $('analytics-link').hidden = me.permissions.indexOf('analytics') === -1;
    if (me.permissions.indexOf('console') === -1 && me.permissions.indexOf('knowledge') === -1 && me.permissions.indexOf('analytics') !== -1) {
      // Analysts' screen is the analytics dashboard.
      location.replace('/admin/analytics.html');
      return;
    }
    if (me.permissions.indexOf('console') === -1 && editor) {
      // Editors and analysts have no queue here: their screen is the knowledge editor.
      location.replace('/admin/knowledge.html');
      return;
    }
    if (location.hash === '#team' && me.permissions.indexOf('users') !== -1) { showPanel('team'); loadTeam(); }
    if (me.permissions.indexOf('console') === -1) {
      $('empty-detail').textContent = 'Your role (' + me.role + ') does not include the agent console.';
      return;
    }
    connectEvents();
    refreshQueue();
    api('GET', '/agents').then(function (r) { state.agents = r.agents; }).catch(function () {});
  }

  $('login-form').addEventListener('submit', function (e) {
    e.preventDefault();
    api('POST', '/login', { email: $('login-email').value, password: $('login-password').value })
      .then(function (r) { $('login-password').value = ''; showConsole(r.user); })
      .catch(function (err) { showLogin(err.message); });
  });

  $('logout').addEventListener('click', function () {
    api('POST', '/logout', {}).finally(function () { showLogin(); });
  });

  // ---- live events --------------------------------------------------------------------------

  function connectEvents() {
    if (state.events) state.events.close();
    var es = new EventSource('/admin/api/events');
    state.events = es;
    es.addEventListener('change', function (e) {
      var event;
      try { event = JSON.parse(e.data); } catch (err) { return; }
      if (event.type === 'queued') announce('A new conversation is waiting.');
      if (event.type === 'flagged') announce('A customer has waited too long.');
      scheduleRefresh(event.conversationId === state.openId);
    });
    es.addEventListener('expired', function () { showLogin('Your session expired. Please sign in again.'); });
    es.addEventListener('hello', function () { document.body.setAttribute('data-live', 'on'); scheduleRefresh(Boolean(state.openId)); });
    es.onerror = function () {
      document.body.setAttribute('data-live', 'off');
      if (es.readyState === EventSource.CLOSED) api('GET', '/me').then(connectEvents).catch(function () {});
    };
  }

  // Several events in a burst cause one refresh.
  function scheduleRefresh(detailToo) {
    if (state.refreshing) {
      state.refreshing.detail = state.refreshing.detail || detailToo;
      return;
    }
    state.refreshing = { detail: detailToo };
    setTimeout(function () {
      var r = state.refreshing;
      state.refreshing = null;
      refreshQueue();
      if (r.detail && state.openId) loadDetail(state.openId);
    }, 100);
  }

  // ---- queue --------------------------------------------------------------------------------

  function refreshQueue() {
    return api('GET', '/queue').then(function (r) {
      state.queue = r.conversations;
      $('hours').textContent = (r.hours.open ? 'Open' : 'Closed') + ' · ' + r.hours.description;
      $('hours').className = 'pill ' + (r.hours.open ? 'ok' : 'warn');
      renderQueue();
    }).catch(function () {});
  }

  function queueItem(c) {
    var who = c.customerName || ('Customer on ' + c.channel);
    var li = el('li', { className: 'q-item' + (c.id === state.openId ? ' open' : '') + (c.flagged ? ' flagged' : ''), 'data-testid': 'queue-item', 'data-id': c.id, 'data-status': c.status });
    var button = el('button', { type: 'button', className: 'q-button' }, [
      el('span', { className: 'q-top' }, [
        el('strong', { text: who }),
        c.flagged ? el('span', { className: 'badge warn', text: 'waiting too long', 'data-testid': 'flagged' }) : null,
        el('span', { className: 'badge', text: c.channel })
      ]),
      el('span', { className: 'q-text', text: c.failedQuestion || (c.lastMessage ? c.lastMessage.text : '') }),
      el('span', { className: 'q-meta muted', text: c.status === 'queued'
        ? '#' + c.position + ' · waiting ' + ago(c.queuedAt) + (c.reason ? ' · ' + c.reason : '')
        : 'with ' + (c.assignee ? c.assignee.name : '?') + ' · last message ' + ago(c.lastMessage && c.lastMessage.at) + ' ago' })
    ]);
    button.addEventListener('click', function () { openConversation(c.id); });
    li.appendChild(button);
    return li;
  }

  function renderQueue() {
    var me = state.me && state.me.id;
    var lists = { waiting: [], mine: [], others: [] };
    state.queue.forEach(function (c) {
      if (c.status === 'queued') lists.waiting.push(c);
      else if (c.assignee && c.assignee.id === me) lists.mine.push(c);
      else lists.others.push(c);
    });
    [['queue-waiting', lists.waiting], ['queue-mine', lists.mine], ['queue-others', lists.others]].forEach(function (pair) {
      var ul = $(pair[0]);
      ul.textContent = '';
      if (!pair[1].length) ul.appendChild(el('li', { className: 'muted q-empty', text: 'Nothing here.' }));
      pair[1].forEach(function (c) { ul.appendChild(queueItem(c)); });
    });
    $('waiting-count').textContent = String(lists.waiting.length);
    document.title = (lists.waiting.length ? '(' + lists.waiting.length + ') ' : '') + 'Agent console';
  }

  // ---- conversation -------------------------------------------------------------------------

  function openConversation(id) {
    state.openId = id;
    document.body.classList.add('has-detail');
    $('team').hidden = true;
    $('password').hidden = true;
    renderQueue();
    setAlert('');
    loadDetail(id);
  }

  $('back').addEventListener('click', function () {
    state.openId = null;
    document.body.classList.remove('has-detail');
    $('detail').hidden = true;
    $('empty-detail').hidden = false;
    renderQueue();
  });

  function setAlert(text, kind) {
    var a = $('d-alert');
    a.hidden = !text;
    a.textContent = text || '';
    a.className = 'alert ' + (kind || 'error');
  }

  function loadDetail(id) {
    return api('GET', '/conversations/' + encodeURIComponent(id)).then(function (d) {
      if (state.openId !== id) return;
      state.detail = d;
      renderDetail(d);
    }).catch(function (err) { if (err.status !== 401) setAlert(err.message); });
  }

  function renderMessage(m) {
    var li = el('li', {
      className: 'msg msg-' + m.role + (m.botAttempt ? ' attempt' : '') + (m.handoff ? ' handoff' : ''),
      'data-testid': 'msg-' + m.role, 'data-id': m.id
    });
    var head = el('div', { className: 'msg-head' }, [
      el('span', { className: 'who', text: ROLE_LABEL[m.role] || m.role }),
      el('span', { className: 'muted', text: time(m.createdAt) + ' · ' + m.channel })
    ]);
    if (m.botAttempt && typeof m.confidence === 'number') {
      head.appendChild(el('span', { className: 'badge conf', 'data-testid': 'confidence', text: 'confidence ' + Math.round(m.confidence * 100) + '%' + (m.entryId ? ' · ' + m.entryId : '') }));
    }
    if (m.handoff) head.appendChild(el('span', { className: 'badge warn', text: 'handed over' }));
    // A notice with an entry: the customer came from that help-center article ("continue in chat").
    if (m.role === 'system' && m.entryId) head.appendChild(el('span', { className: 'badge warn', 'data-testid': 'help-article', text: 'from help article · ' + m.entryId }));
    li.appendChild(head);
    var body = el('div', { className: 'msg-body', dir: 'auto' });
    body.innerHTML = m.html; // sanitized (bot/agent Markdown) or escaped (customer text) by the server
    li.appendChild(body);
    if (m.role === 'agent' && state.me && state.me.permissions.indexOf('knowledge') !== -1) {
      li.appendChild(el('button', { type: 'button', className: 'link small', 'data-testid': 'to-entry', text: 'Turn into a knowledge entry…' }));
      li.lastChild.addEventListener('click', function () { toEntry(m.id); });
    }
    if (m.suggestions && m.suggestions.length) {
      li.appendChild(el('div', { className: 'muted small', text: 'Offered: ' + m.suggestions.map(function (s) { return s.title; }).join(' · ') }));
    }
    return li;
  }

  // The agent's reply becomes a new draft entry, opened in the knowledge editor (not saved until the editor saves it).
  function toEntry(messageId) {
    fetch('/api/admin/conversations/' + encodeURIComponent(state.openId) + '/to-entry', {
      method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ messageId: messageId })
    }).then(function (res) {
      return res.json().then(function (data) {
        if (!res.ok) throw new Error(data.message || ('HTTP ' + res.status));
        sessionStorage.setItem('kb-draft', JSON.stringify(data.entry));
        location.href = '/admin/knowledge.html#new';
      });
    }).catch(function (err) { setAlert(err.message); });
  }

  function renderNote(n) {
    var li = el('li', { className: 'msg note', 'data-testid': 'note' }, [
      el('div', { className: 'msg-head' }, [
        el('span', { className: 'who', text: 'Internal note · ' + (n.authorName || n.authorId) }),
        el('span', { className: 'muted', text: time(n.createdAt) })
      ])
    ]);
    var body = el('div', { className: 'msg-body', dir: 'auto' });
    body.innerHTML = n.html; // escaped by the server
    li.appendChild(body);
    return li;
  }

  // A confidence bar; the width goes through CSSOM, which the page's CSP allows (style attributes it does not).
  function bar(pct) {
    var fill = el('span', { className: 'bar-fill' });
    fill.style.width = pct + '%';
    return el('span', { className: 'bar', title: pct + '%' }, [fill]);
  }

  function renderDetail(d) {
    $('empty-detail').hidden = true;
    $('detail').hidden = false;
    var c = d.conversation;
    $('d-customer').textContent = d.customer.name || 'Customer';
    var status = c.status === 'queued' ? 'waiting, #' + c.position + ' in the queue'
      : c.status === 'agent' ? (c.heldByMe ? 'with you' : 'with ' + (c.assignee ? c.assignee.name : '?'))
      : c.status === 'resolved' ? 'resolved' : 'with the bot';
    $('d-meta').textContent = [c.channel, c.lang ? 'language ' + c.lang : null, status, c.flagged ? 'waited too long' : null].filter(Boolean).join(' · ');
    $('detail').setAttribute('data-status', c.status);

    $('claim').hidden = c.status !== 'queued';
    $('release').hidden = !(c.status === 'agent' && c.heldByMe);
    $('owner-actions').hidden = !(c.status === 'agent' && (c.heldByMe || (state.me && state.me.permissions.indexOf('users') !== -1)));

    // The packet: why, what failed, what the bot tried.
    var h = d.handoff;
    $('p-reason').textContent = h ? (REASONS[h.reason] || h.reason) + ' (' + time(h.createdAt) + ')' : 'No handoff record.';
    $('p-question-wrap').hidden = !(h && h.failedQuestion);
    $('p-question').textContent = h && h.failedQuestion ? h.failedQuestion : '';
    var attempts = $('p-attempts');
    attempts.textContent = '';
    var tried = h ? h.attempts : [];
    $('p-attempts-wrap').hidden = !tried.length;
    tried.forEach(function (a) {
      var pct = Math.round(a.confidence * 100);
      attempts.appendChild(el('li', { 'data-testid': 'attempt' }, [
        el('span', { text: a.title + ' ' }),
        el('span', { className: 'muted', text: '(' + a.entryId + ')' }),
        bar(pct),
        el('strong', { text: pct + '%' })
      ]));
    });
    $('p-channels').textContent = 'Reachable on: ' + d.customer.channels.map(function (ch) { return ch.channel; }).join(', ');
    var hooks = $('p-webhooks');
    hooks.textContent = '';
    (d.webhooks || []).forEach(function (w) {
      hooks.appendChild(el('li', { className: w.status === 'failed' ? 'error' : '',
        text: 'Webhook ' + w.eventName + ': ' + w.status + ' after ' + w.attempts + ' attempt(s)' + (w.lastError && w.status !== 'delivered' ? ' (' + w.lastError + ')' : '') }));
    });

    var win = $('d-window');
    win.hidden = !d.window;
    if (d.window) {
      win.className = 'window ' + (d.window.open ? 'ok' : 'warn');
      win.textContent = d.window.open
        ? 'The ' + d.window.channel + ' reply window closes at ' + time(d.window.closesAt) + ' (' + d.window.hours + ' h after the customer\'s last message).'
        : 'The ' + d.window.channel + ' reply window closed' + (d.window.closesAt ? ' at ' + time(d.window.closesAt) : '') + ': the channel refuses free-form replies until the customer writes again (some channels still accept an agent\'s reply for a while, or send an approved template; you will see here if it is refused).';
    }

    // Transcript and notes, in time order.
    var items = d.transcript.map(function (m) { return { at: m.createdAt, node: renderMessage(m) }; })
      .concat(d.notes.map(function (n) { return { at: n.createdAt, node: renderNote(n) }; }));
    items.sort(function (a, b) { return a.at < b.at ? -1 : a.at > b.at ? 1 : 0; });
    var list = $('transcript');
    var stick = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    list.textContent = '';
    items.forEach(function (i) { list.appendChild(i.node); });
    if (stick) list.scrollTop = list.scrollHeight;

    var canReply = c.status === 'agent' && c.heldByMe;
    $('reply-text').disabled = !canReply;
    $('reply-send').disabled = !canReply;
    $('reply-channel').textContent = '(sent on ' + c.channel + ')';
    var hint = $('reply-hint');
    hint.hidden = canReply;
    hint.textContent = c.status === 'queued' ? 'Claim the conversation to reply.'
      : c.status === 'agent' && !c.heldByMe ? 'Only ' + (c.assignee ? c.assignee.name : 'the agent holding it') + ' can reply.'
      : 'This conversation is not with an agent.';

    var select = $('transfer-to');
    var current = select.value;
    select.textContent = '';
    state.agents.filter(function (a) { return !c.assignee || a.id !== c.assignee.id; }).forEach(function (a) {
      select.appendChild(el('option', { value: a.id, text: a.name + ' (' + a.role + ')' }));
    });
    if (!select.options.length) select.appendChild(el('option', { value: '', text: 'No other agent yet (an admin adds them under Team)' }));
    if (current) select.value = current;

    var hist = $('history');
    hist.textContent = '';
    d.history.forEach(function (e) {
      hist.appendChild(el('li', { text: time(e.at) + ': ' + e.from + ' → ' + e.to + ' by ' + e.actorName + (e.assigneeName ? ' (now ' + e.assigneeName + ')' : '') + (e.reason ? ' — ' + e.reason : '') }));
    });
  }

  function act(path, body, done) {
    var id = state.openId;
    return api('POST', '/conversations/' + encodeURIComponent(id) + path, body)
      .then(function (r) { if (done) done(r); return loadDetail(id).then(refreshQueue); })
      .catch(function (err) { setAlert(err.message); loadDetail(id); });
  }

  $('claim').addEventListener('click', function () { act('/claim', {}, function () { setAlert(''); announce('Claimed.'); }); });
  $('release').addEventListener('click', function () { act('/release', {}); });

  $('reply-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var text = $('reply-text').value;
    if (!text.trim()) return;
    $('reply-send').disabled = true;
    act('/reply', { text: text }, function (r) {
      $('reply-text').value = '';
      if (r.delivery && !r.delivery.ok) {
        setAlert((r.delivery.code === 'window_closed' ? 'Refused by ' + state.detail.conversation.channel + ' — the reply window is closed. '
          : 'Not delivered. ') + 'Your reply is kept in the transcript only. (' + r.delivery.error + ')', 'error');
      } else setAlert('');
    }).finally(function () { $('reply-send').disabled = false; });
  });

  $('reply-text').addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) $('reply-form').requestSubmit();
  });

  $('note-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var text = $('note-text').value;
    if (!text.trim()) return;
    act('/notes', { text: text }, function () { $('note-text').value = ''; });
  });

  $('transfer-form').addEventListener('submit', function (e) {
    e.preventDefault();
    if (!$('transfer-to').value) return;
    act('/transfer', { agentId: $('transfer-to').value, note: $('transfer-note').value || undefined }, function () { $('transfer-note').value = ''; });
  });

  $('resolve-form').addEventListener('submit', function (e) {
    e.preventDefault();
    act('/resolve', { askRating: $('ask-rating').checked }, function () { announce('Resolved: the bot answers this customer again.'); });
  });

  // ---- side panels: team (admins), password ---------------------------------------------------

  function showPanel(id) {
    $('detail').hidden = true;
    $('empty-detail').hidden = true;
    $('team').hidden = id !== 'team';
    $('problems').hidden = id !== 'problems';
    $('password').hidden = id !== 'password';
    document.body.classList.add('has-detail');
  }

  Array.prototype.forEach.call(document.querySelectorAll('.panel-close'), function (b) {
    b.addEventListener('click', function () {
      $('team').hidden = true;
      $('problems').hidden = true;
      $('password').hidden = true;
      document.body.classList.toggle('has-detail', Boolean(state.openId));
      $('empty-detail').hidden = Boolean(state.openId);
      $('detail').hidden = !state.openId;
    });
  });

  $('password-button').addEventListener('click', function () { showPanel('password'); $('pw-current').focus(); });
  $('password-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var msg = $('password-message');
    api('POST', '/me/password', { current: $('pw-current').value, password: $('pw-new').value })
      .then(function () { $('password-form').reset(); msg.hidden = false; msg.className = ''; msg.textContent = 'Password changed. Other sessions were signed out.'; })
      .catch(function (x) { msg.hidden = false; msg.className = 'error'; msg.textContent = x.message; });
  });

  function loadTeam() {
    return api('GET', '/users').then(function (r) {
      var ul = $('team-list');
      ul.textContent = '';
      r.users.forEach(function (u) {
        ul.appendChild(el('li', { text: u.name + ' <' + u.email + '> · ' + u.role + (u.disabled ? ' · disabled' : '') }));
      });
    });
  }

  $('team-button').addEventListener('click', function () {
    showPanel('team');
    loadTeam();
  });
  $('team-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var err = $('team-error');
    api('POST', '/users', { name: $('t-name').value, email: $('t-email').value, role: $('t-role').value, password: $('t-password').value })
      .then(function () { err.hidden = true; $('team-form').reset(); loadTeam(); api('GET', '/agents').then(function (r) { state.agents = r.agents; }); })
      .catch(function (x) { err.hidden = false; err.textContent = x.message; });
  });

  function loadProblems() {
    return api('GET', '/channel-problems').then(function (r) {
      var when = function (t) { return new Date(t).toLocaleString(); };
      var rejected = $('rejected-list');
      rejected.textContent = '';
      r.rejected.forEach(function (x) {
        rejected.appendChild(el('li', {}, [el('strong', { text: x.channel }), ' · ' + when(x.createdAt) + ' · ' + x.reason, el('pre', { text: x.body })]));
      });
      if (!r.rejected.length) rejected.appendChild(el('li', { className: 'muted', text: 'None.' }));
      var failed = $('send-failures-list');
      failed.textContent = '';
      r.sendFailures.forEach(function (f) {
        failed.appendChild(el('li', { text: f.channel + ' → ' + f.userId + ' · ' + when(f.createdAt) + ' · ' + f.error + (f.httpStatus ? ' (HTTP ' + f.httpStatus + ')' : '') + ' · ' + f.attempts + ' attempt(s)' }));
      });
      if (!r.sendFailures.length) failed.appendChild(el('li', { className: 'muted', text: 'None.' }));
    });
  }

  $('problems-button').addEventListener('click', function () {
    showPanel('problems');
    loadProblems();
  });

  // ---- start --------------------------------------------------------------------------------

  setInterval(function () { if (state.me) renderQueue(); }, 30000); // waiting times tick on
  api('GET', '/me').then(function (r) { showConsole(r.user); }).catch(function () { showLogin(); });
})();
