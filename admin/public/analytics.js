/*
 * The analytics dashboard: one screen of figures from /api/admin/analytics/report, filtered by
 * date range, channel and language. Every figure links to the conversations behind it
 * (#list?show=…) and each of those to its transcript (#conversation/<id>). Charts come from
 * window.FaqCharts (/vendor/charts.js, on Chart.js). Definitions come from the API and show as
 * tooltips and in the Definitions section. Elements come from window.FaqDom.el (/assets/dom.js).
 */
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var state = { report: null, definitions: {}, filter: null, channels: [], langs: [] };
  var REASONS = { 'asked-for-human': 'Asked for a person', 'low-confidence': 'Low confidence', 'repeated-failure': 'Repeated failure', keyword: 'Keyword' };
  var ZONES = { answer: 'Answered', clarify: 'Clarified', fallback: 'Not understood', handoff: 'Handed off', conversation: 'Small talk' };

  var el = window.FaqDom.el;

  function request(url, init) {
    return fetch(url, Object.assign({ credentials: 'same-origin' }, init || {})).then(function (res) {
      return res.text().then(function (text) {
        var body = text ? JSON.parse(text) : {};
        if (res.status === 401) { showLogin(); throw new Error('signed out'); }
        if (!res.ok) throw new Error(body.message || ('HTTP ' + res.status));
        return body;
      });
    });
  }
  var apiBase = '/api/admin/analytics/';

  // ---------- formatting ----------
  var pct = function (v) { return v === null || v === undefined ? '–' : (Math.round(v * 1000) / 10) + ' %'; };
  function duration(s) {
    if (s === null || s === undefined) return '–';
    if (s < 90) return Math.round(s) + ' s';
    if (s < 5400) return Math.round(s / 60) + ' min';
    if (s < 172800) return (Math.round(s / 360) / 10) + ' h';
    return (Math.round(s / 8640) / 10) + ' d';
  }
  function ci(rate) {
    if (!rate || rate.n === 0) return 'no data';
    return '95 % CI ' + pct(rate.low) + '–' + pct(rate.high) + ' · n = ' + rate.n;
  }
  function smallBadge(small) { return small ? el('span', { className: 'badge warn', text: 'small sample', 'data-testid': 'small-sample' }) : null; }

  // ---------- filter and URLs ----------
  function query(extra) {
    var f = state.filter;
    var p = new URLSearchParams({ from: f.from, to: f.to });
    if (f.channel) p.set('channel', f.channel);
    if (f.lang) p.set('lang', f.lang);
    Object.keys(extra || {}).forEach(function (k) { p.set(k, extra[k]); });
    return p.toString();
  }
  /** Link to the conversations behind a figure: `show` selection, optional filter overrides. */
  function listHref(show, over) {
    var p = new URLSearchParams({ show: show });
    Object.keys(over || {}).forEach(function (k) { p.set(k, over[k]); });
    return '#list?' + p.toString();
  }
  function exportHref(table) { return apiBase + 'export/' + table + '.csv?' + query(); }

  function readFilter() {
    state.filter = { from: $('f-from').value, to: $('f-to').value, channel: $('f-channel').value, lang: $('f-lang').value };
  }

  // ---------- dashboard ----------
  function tile(name, title, value, href, sub, small) {
    var def = state.definitions[name] || '';
    return el('div', { className: 'tile', 'data-testid': 'tile-' + name, title: def }, [
      el('h3', { text: title }),
      href ? el('a', { className: 'value', href: href, 'data-testid': 'tile-link-' + name, text: value }) : el('span', { className: 'value', text: value }),
      el('span', { className: 'ci', text: sub || '' }),
      smallBadge(small),
    ]);
  }

  function renderTiles(t) {
    var box = $('tiles');
    box.textContent = '';
    box.appendChild(tile('conversations', 'Conversations', String(t.conversations), listHref('all'), state.report.provisional ? 'includes the last 24 h' : ''));
    box.appendChild(tile('containment', 'Contained by the bot', pct(t.containment.value), listHref('contained'), ci(t.containment), t.containment.small));
    box.appendChild(tile('durable_containment', 'Durably contained (24 h)', pct(t.durableContainment.value), listHref('durable'), ci(t.durableContainment), t.durableContainment.small));
    box.appendChild(tile('handoff_rate', 'Handed to a person', pct(t.handoffRate.total.value), listHref('handoff'), ci(t.handoffRate.total), t.handoffRate.total.small));
    var fr = t.firstResponse;
    box.appendChild(tile('first_response', 'First human response (median)', duration(fr.calendar.medianS), listHref('responded'),
      'p90 ' + duration(fr.calendar.p90S) + ' · business hours ' + duration(fr.business.medianS) + ' / ' + duration(fr.business.p90S), fr.calendar.small));
    var rs = t.resolution;
    box.appendChild(tile('resolution', 'Resolution (median)', duration(rs.calendar.medianS), listHref('resolved'),
      'p90 ' + duration(rs.calendar.p90S) + ' · business hours ' + duration(rs.business.medianS) + ' / ' + duration(rs.business.p90S), rs.calendar.small));
    box.appendChild(tile('csat', 'Satisfaction (1–5)', t.csat.average === null ? '–' : t.csat.average.toFixed(2), listHref('rated'),
      t.csat.ratings + ' ratings · ' + pct(t.csat.satisfied.value) + ' gave 4–5', t.csat.ratings < 30));
    box.appendChild(tile('help_searches', 'Help searches without a result', pct(t.helpCenter.withoutResult.value), null,
      t.helpCenter.searches + ' searches · ' + t.helpCenter.views + ' article views', t.helpCenter.withoutResult.small));
  }

  function table(columns, rows, testid) {
    return el('table', { className: 'figures', 'data-testid': testid }, [
      el('thead', {}, [el('tr', {}, columns.map(function (c) { return el('th', { text: c.label, title: c.title || '' }); }))]),
      el('tbody', {}, rows.map(function (r) {
        return el('tr', {}, columns.map(function (c) {
          var v = c.value(r);
          var cell = el('td', { className: c.num ? 'num' : '' });
          if (v && v.nodeType) cell.appendChild(v); else cell.textContent = v === null || v === undefined ? '–' : String(v);
          return cell;
        }));
      })),
    ]);
  }
  var link = function (text, href, testid) { return el('a', { href: href, text: text, 'data-testid': testid }); };

  function groupTable(groups, key) {
    return table([
      { label: key === 'channel' ? 'Channel' : 'Language', value: function (g) { return link(g[key] || 'unknown', listHref('all', key === 'channel' ? { channel: g[key] } : { lang: g[key] }), 'group-' + (g[key] || 'unknown')); } },
      { label: 'Conversations', num: true, value: function (g) { return g.conversations; } },
      { label: 'Contained', num: true, title: state.definitions.containment, value: function (g) { return el('span', { title: ci(g.containment) }, [pct(g.containment.value), smallBadge(g.containment.small && g.conversations > 0)]); } },
      { label: 'Durable', num: true, title: state.definitions.durable_containment, value: function (g) { return pct(g.durableContainment.value); } },
      { label: 'Handoffs', num: true, value: function (g) { return pct(g.handoffRate.total.value); } },
      { label: 'First response p50 / p90', num: true, value: function (g) { return duration(g.firstResponse.calendar.medianS) + ' / ' + duration(g.firstResponse.calendar.p90S); } },
      { label: 'CSAT', num: true, value: function (g) { return g.csat.average === null ? '–' : g.csat.average.toFixed(2); } },
    ], groups, 't-' + key);
  }

  function entryTable(entries, testid) {
    return table([
      { label: 'Entry', value: function (e) { return link(e.entryId, listHref('entry:' + e.entryId), 'entry-' + e.entryId); } },
      { label: 'Answered', num: true, value: function (e) { return e.asked; } },
      { label: 'Failed', num: true, title: state.definitions.failing_entries, value: function (e) { return e.failed + ' (' + pct(e.failureRate.value) + ')'; } },
      { label: 'Not helpful', num: true, value: function (e) { return e.notHelpful; } },
      { label: 'Rephrased', num: true, value: function (e) { return e.rephrased; } },
      { label: 'Then handoff', num: true, value: function (e) { return e.handedOff; } },
      { label: 'Help views', num: true, value: function (e) { return e.views; } },
      { label: 'Article votes 👍/👎', num: true, value: function (e) { return e.votesUp + ' / ' + e.votesDown; } },
    ], entries, testid);
  }

  function go(href) { location.hash = href.slice(1); }

  function renderCharts(r) {
    var C = window.FaqCharts;
    var t = r.totals;
    C.line($('c-daily'), {
      labels: r.daily.map(function (d) { return d.day; }),
      series: [
        { label: 'Conversations', data: r.daily.map(function (d) { return d.conversations; }) },
        { label: 'Contained', data: r.daily.map(function (d) { return d.contained; }) },
        { label: 'Durably contained', data: r.daily.map(function (d) { return d.durable; }) },
        { label: 'Handoffs', data: r.daily.map(function (d) { return d.handoffs; }) },
      ],
    }, { onClick: function (i) { var d = r.daily[i].day; go(listHref('all', { from: d, to: d })); } });
    var channels = r.byChannel.filter(function (c) { return c.conversations > 0; });
    C.bars($('c-channels'), {
      labels: channels.map(function (c) { return c.channel || 'unknown'; }),
      series: [{ label: 'Conversations', data: channels.map(function (c) { return c.conversations; }) },
        { label: 'Contained', data: channels.map(function (c) { return c.containment.k; }) }],
    }, { onClick: function (i) { go(listHref('all', { channel: channels[i].channel })); } });
    var langs = r.byLang.filter(function (c) { return c.conversations > 0; });
    C.bars($('c-langs'), {
      labels: langs.map(function (c) { return c.lang || 'unknown'; }),
      series: [{ label: 'Conversations', data: langs.map(function (c) { return c.conversations; }) },
        { label: 'Contained', data: langs.map(function (c) { return c.containment.k; }) }],
    }, { onClick: function (i) { go(listHref('all', { lang: langs[i].lang })); } });
    var reasons = Object.keys(t.handoffRate.byReason);
    C.bars($('c-reasons'), {
      labels: reasons.map(function (k) { return REASONS[k] || k; }),
      series: [{ label: 'Handoffs', data: reasons.map(function (k) { return t.handoffRate.byReason[k].k; }) }],
    }, { horizontal: true, onClick: function (i) { go(listHref('reason:' + reasons[i])); } });
    var zones = Object.keys(t.decisions);
    C.bars($('c-decisions'), {
      labels: zones.map(function (z) { return (ZONES[z] || z) + ' ' + pct(t.decisions[z].value); }),
      series: [{ label: 'Decisions', data: zones.map(function (z) { return t.decisions[z].k; }) }],
    }, { horizontal: true, onClick: function (i) { go(listHref(zones[i] === 'handoff' ? 'handoff' : zones[i] === 'answer' ? 'all' : 'unanswered')); } });
    var steps = { questions: 'Questions', answered: 'Answered', helpful: 'Voted helpful' };
    C.funnel($('c-funnel'), t.funnel.map(function (s) { return { label: steps[s.step], value: s.value }; }),
      { onClick: function (i) { go(listHref(i === 0 ? 'all' : i === 1 ? 'all' : 'all')); } });
    C.bars($('c-csat'), {
      labels: ['1', '2', '3', '4', '5'],
      series: [{ label: 'Ratings', data: t.csat.distribution }],
    }, { onClick: function (i) { go(listHref('rating:' + (i + 1))); } });
  }

  function renderReport(r) {
    state.report = r;
    var t = r.totals;
    renderTiles(t);
    renderCharts(r);
    $('t-channels').textContent = '';
    $('t-channels').appendChild(groupTable(r.byChannel, 'channel'));
    $('t-langs').textContent = '';
    $('t-langs').appendChild(groupTable(r.byLang, 'lang'));
    $('t-top').textContent = '';
    $('t-top').appendChild(entryTable(r.topEntries, 'top-entries'));
    $('t-failing').textContent = '';
    $('t-failing').appendChild(entryTable(r.failingEntries, 'failing-entries'));
    $('t-votes').textContent = '';
    $('t-votes').appendChild(el('p', { className: 'small', title: state.definitions.answer_votes }, [
      'Answers voted helpful: ' + pct(t.csat.answerVotes.value) + ' (' + ci(t.csat.answerVotes) + ')', smallBadge(t.csat.answerVotes.small && t.csat.answerVotes.n > 0)]));
    $('t-votes').appendChild(el('p', { className: 'small', title: state.definitions.article_votes }, [
      'Articles voted helpful: ' + pct(t.csat.articleVotes.value) + ' (' + ci(t.csat.articleVotes) + ')']));
    $('t-waits').textContent = '';
    var clocks = [['First human response', t.firstResponse, 'responded'], ['Resolution', t.resolution, 'resolved']];
    $('t-waits').appendChild(table([
      { label: '', value: function (row) { return link(row[0], listHref(row[2])); } },
      { label: 'Median', num: true, value: function (row) { return duration(row[1].calendar.medianS); } },
      { label: 'p90', num: true, value: function (row) { return duration(row[1].calendar.p90S); } },
      { label: 'Median (business hours)', num: true, value: function (row) { return duration(row[1].business.medianS); } },
      { label: 'p90 (business hours)', num: true, value: function (row) { return duration(row[1].business.p90S); } },
      { label: 'n', num: true, value: function (row) { return el('span', {}, [String(row[1].calendar.n), smallBadge(row[1].calendar.small && row[1].calendar.n > 0)]); } },
    ], clocks, 'waits'));
    $('t-waits').appendChild(el('p', { className: 'muted small', text: r.exactLatencies ? 'Exact percentiles.' : 'Percentiles from fixed buckets (within about ±16 %).' }));
    document.querySelectorAll('[data-table]').forEach(function (a) { a.setAttribute('href', exportHref(a.getAttribute('data-table'))); });
    $('export-conversations').setAttribute('href', exportHref('conversations'));
  }

  function fillSelect(select, values, current) {
    var first = select.options[0];
    select.textContent = '';
    select.appendChild(first);
    values.forEach(function (v) { select.appendChild(el('option', { value: v, text: v || 'unknown' })); });
    if (current && values.indexOf(current) === -1) select.appendChild(el('option', { value: current, text: current }));
    select.value = current || '';
  }

  function loadReport() {
    readFilter();
    $('status').textContent = 'Loading…';
    $('error').hidden = true;
    var started = performance.now();
    return request(apiBase + 'report?' + query()).then(function (r) {
      // The selects offer what the range without channel/language filters would show.
      r.byChannel.forEach(function (c) { if (state.channels.indexOf(c.channel) === -1) state.channels.push(c.channel); });
      r.byLang.forEach(function (c) { if (state.langs.indexOf(c.lang) === -1) state.langs.push(c.lang); });
      fillSelect($('f-channel'), state.channels, state.filter.channel);
      fillSelect($('f-lang'), state.langs, state.filter.lang);
      renderReport(r);
      $('status').textContent = r.filter.from + ' – ' + r.filter.to + (r.filter.channel ? ' · channel ' + r.filter.channel : '') + (r.filter.lang ? ' · language ' + r.filter.lang : '') +
        ' · ' + Math.round(performance.now() - started) + ' ms';
      document.body.setAttribute('data-loaded', 'report');
    }).catch(function (err) { $('status').textContent = ''; $('error').hidden = false; $('error').textContent = err.message; });
  }

  // ---------- conversations behind a figure ----------
  var LIST_TITLES = { all: 'All conversations', contained: 'Contained by the bot', durable: 'Durably contained', returned: 'Came back within 24 h', handoff: 'Handed to a person',
    responded: 'Answered by a person', resolved: 'Resolved by a person', rated: 'Rated', unanswered: 'With a clarification or a fallback' };

  function showView(name) {
    $('dashboard').hidden = name !== 'dashboard';
    $('definitions').hidden = name !== 'dashboard';
    $('list-view').hidden = name !== 'list';
    $('detail-view').hidden = name !== 'detail';
  }

  function loadList(params) {
    showView('list');
    var show = params.get('show') || 'all';
    var over = {};
    ['from', 'to', 'channel', 'lang'].forEach(function (k) { if (params.get(k) !== null) over[k] = params.get(k); });
    var q = query(Object.assign({ show: show, limit: '500' }, over));
    var title = LIST_TITLES[show] || (show.indexOf('reason:') === 0 ? 'Handed off: ' + (REASONS[show.slice(7)] || show.slice(7))
      : show.indexOf('rating:') === 0 ? 'Rated ' + show.slice(7) + ' / 5' : show.indexOf('entry:') === 0 ? 'Answered with ' + show.slice(6) : show);
    $('list-title').textContent = title;
    $('list').textContent = 'Loading…';
    $('list-csv').setAttribute('href', apiBase + 'conversations?' + q + '&format=csv');
    return request(apiBase + 'conversations?' + q).then(function (r) {
      var f = r.filter;
      $('list-note').textContent = f.from + ' – ' + f.to + (f.channel ? ' · channel ' + f.channel : '') + (f.lang ? ' · language ' + f.lang : '') + ' · ' + r.conversations.length + ' shown (newest first, at most 500)';
      $('list').textContent = '';
      $('list').appendChild(table([
        { label: 'Started', value: function (c) { return link(new Date(c.startedAt).toLocaleString(), '#conversation/' + c.id, 'conversation-link'); } },
        { label: 'Channel', value: function (c) { return c.channel; } },
        { label: 'Language', value: function (c) { return c.lang; } },
        { label: 'Questions', num: true, value: function (c) { return c.messages; } },
        { label: 'Outcome', value: function (c) { return c.handoffReason ? 'handoff: ' + (REASONS[c.handoffReason] || c.handoffReason) : c.durable ? 'contained' : 'contained, came back'; } },
        { label: 'First response', num: true, value: function (c) { return duration(c.firstResponseS); } },
        { label: 'Rating', num: true, value: function (c) { return c.rating; } },
      ], r.conversations, 'conversation-table'));
      document.body.setAttribute('data-loaded', 'list');
    }).catch(function (err) { $('list').textContent = err.message; });
  }

  function loadConversation(id) {
    showView('detail');
    $('transcript').textContent = '';
    $('detail-facts').textContent = 'Loading…';
    return request(apiBase + 'conversations/' + encodeURIComponent(id)).then(function (r) {
      var c = r.conversation;
      var facts = [['Started', new Date(c.startedAt).toLocaleString()], ['Channel', c.channel], ['Language', c.lang || 'unknown'], ['Conversation id', c.conversationId],
        ['Outcome', c.handoffReason ? 'handed off (' + (REASONS[c.handoffReason] || c.handoffReason) + ')' : c.durable ? 'contained' : 'contained, but the customer came back within 24 h'],
        ['First human response', duration(c.firstResponseS) + ' (business hours ' + duration(c.firstResponseBusinessS) + ')'],
        ['Resolution', duration(c.resolutionS)], ['Rating', c.rating === null ? '–' : c.rating + ' / 5']];
      $('detail-facts').textContent = '';
      facts.forEach(function (f) { $('detail-facts').appendChild(el('dt', { text: f[0] })); $('detail-facts').appendChild(el('dd', { text: f[1] })); });
      r.transcript.forEach(function (m) {
        var who = m.role + ' · ' + new Date(m.at).toLocaleTimeString() + (m.entryId ? ' · ' + m.entryId : '') + (m.confidence !== null && m.confidence !== undefined ? ' · ' + Math.round(m.confidence * 100) + ' %' : '');
        $('transcript').appendChild(el('li', { className: m.role, 'data-testid': 'transcript-' + m.role }, [el('div', { className: 'who', text: who }), el('div', { text: m.text })]));
      });
      document.body.setAttribute('data-loaded', 'conversation');
    }).catch(function (err) { $('detail-facts').textContent = err.message; });
  }

  function route() {
    var h = location.hash.slice(1);
    if (h.indexOf('list?') === 0) return loadList(new URLSearchParams(h.slice(5)));
    if (h.indexOf('conversation/') === 0) return loadConversation(h.slice(13));
    showView('dashboard');
    if (h === 'definitions') $('definitions').scrollIntoView();
    return undefined;
  }

  // ---------- start ----------
  function showLogin(message) {
    $('app-view').hidden = true;
    $('login-view').hidden = false;
    if (message) { $('login-error').hidden = false; $('login-error').textContent = message; }
  }

  function start(user) {
    $('login-view').hidden = true;
    $('app-view').hidden = false;
    $('me').textContent = user.name + ' (' + user.role + ')';
    $('console-link').hidden = user.permissions.indexOf('console') === -1;
    $('knowledge-link').hidden = user.permissions.indexOf('knowledge') === -1;
    if (user.permissions.indexOf('analytics') === -1) {
      $('error').hidden = false;
      $('error').textContent = 'Your role (' + user.role + ') does not include analytics.';
      $('dashboard').hidden = true;
      return;
    }
    var today = new Date();
    $('f-to').value = today.toISOString().slice(0, 10);
    $('f-from').value = new Date(today.getTime() - 29 * 86400000).toISOString().slice(0, 10);
    request(apiBase + 'definitions').then(function (d) {
      state.definitions = d.definitions;
      var list = $('definition-list');
      list.textContent = '';
      Object.keys(d.definitions).forEach(function (k) {
        list.appendChild(el('dt', { id: 'def-' + k, text: k.replace(/_/g, ' ') }));
        list.appendChild(el('dd', { text: d.definitions[k] }));
      });
      document.querySelectorAll('[data-metric]').forEach(function (h) { h.setAttribute('title', d.definitions[h.getAttribute('data-metric')] || ''); });
      return loadReport();
    }).then(route);
  }

  $('filters').addEventListener('submit', function (e) {
    e.preventDefault();
    if (location.hash && location.hash !== '#') location.hash = '';
    loadReport();
  });
  document.querySelectorAll('.back-link').forEach(function (a) {
    a.addEventListener('click', function (e) { e.preventDefault(); history.length > 1 && location.hash ? history.back() : (location.hash = ''); });
  });
  window.addEventListener('hashchange', route);
  $('login-form').addEventListener('submit', function (e) {
    e.preventDefault();
    request('/api/admin/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: $('login-email').value, password: $('login-password').value }) })
      .then(function (r) { start(r.user); })
      .catch(function (err) { $('login-error').hidden = false; $('login-error').textContent = err.message === 'signed out' ? 'Wrong email or password.' : err.message; });
  });
  $('logout').addEventListener('click', function () {
    request('/api/admin/logout', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).finally(function () { showLogin(); });
  });
  request('/api/admin/me').then(function (r) { start(r.user); }).catch(function () { showLogin(); });
})();
