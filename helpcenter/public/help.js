/*!
 * The help center's page script: progressive enhancement only (every page works without it).
 * - results as the reader types, from /help/search.json (the form still submits to the HTML page);
 * - "was this helpful?": "No" first asks what was missing (optional), then submits the form;
 * - "continue in chat" opens the chat widget with the article as context instead of reloading.
 * Builds elements with `FaqDom.el` from /assets/dom.js, which the page loads before this script.
 */
(function () {
  'use strict';
  document.documentElement.classList.add('js');

  // ------------------------------------------------------------ live search --
  var form = document.querySelector('form.search');
  var input = document.getElementById('help-q');
  var live = document.getElementById('help-live');
  if (form && input && live) {
    var lang = form.querySelector('input[name=lang]').value;
    var timer = null;
    var seq = 0;
    var hide = function () { live.hidden = true; while (live.firstChild) live.removeChild(live.firstChild); };
    var el = window.FaqDom.el;
    var show = function (body, q) {
      hide();
      if (!body.results.length && !body.matched) {
        live.appendChild(el('p', { 'data-testid': 'help-live-none', text: (live.getAttribute('data-none') || '').replace('{query}', q) }));
        var ask = el('a', { href: '/help/' + encodeURIComponent(lang) + '?chat=1', 'data-help-chat': true, className: 'button', text: live.getAttribute('data-ask') });
        live.appendChild(ask);
      } else {
        if (!body.matched) live.appendChild(el('p', { text: live.getAttribute('data-closest') }));
        var ul = el('ul', { 'data-testid': 'help-live-results' });
        body.results.forEach(function (r) {
          var li = el('li');
          li.appendChild(el('a', { href: r.path, 'data-entry-id': r.entryId, 'data-testid': 'help-live-link', text: r.title }));
          ul.appendChild(li);
        });
        live.appendChild(ul);
      }
      live.hidden = false;
    };
    var run = function () {
      var q = input.value.trim();
      var mine = ++seq;
      if (q.length < 2) { hide(); return; }
      fetch('/help/search.json?lang=' + encodeURIComponent(lang) + '&q=' + encodeURIComponent(q), { headers: { Accept: 'application/json' } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (body) { if (body && mine === seq) show(body, q); })
        .catch(function () { /* the form still works */ });
    };
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(run, 200);
    });
    input.addEventListener('keydown', function (e) { if (e.key === 'Escape') hide(); });
    document.addEventListener('click', function (e) { if (!form.contains(e.target)) hide(); });
  }

  // ------------------------------------------------------ was this helpful --
  var vote = document.querySelector('form.vote');
  if (vote) {
    var reason = vote.querySelector('.reason');
    var no = vote.querySelector('button[value=no]:not(.send-reason)');
    var entryId = vote.querySelector('input[name=entryId]').value;
    if (reason && no) {
      reason.hidden = true;
      no.addEventListener('click', function (e) {
        if (!reason.hidden) return;
        e.preventDefault();
        reason.hidden = false;
        no.setAttribute('aria-expanded', 'true');
        reason.querySelector('textarea').focus();
      });
    }
    vote.addEventListener('submit', function () {
      var text = vote.querySelector('textarea');
      try { sessionStorage.setItem('help.reason.' + entryId, text && text.value ? text.value.slice(0, 500) : ''); } catch (e) { /* private mode */ }
    });
  }

  // ------------------------------------------------------ continue in chat --
  document.addEventListener('click', function (e) {
    var link = e.target && e.target.closest ? e.target.closest('[data-help-chat]') : null;
    if (!link || !window.KestrelChat || e.defaultPrevented || e.ctrlKey || e.metaKey || e.shiftKey) return;
    e.preventDefault();
    var id = link.getAttribute('data-entry-id');
    if (!id) { window.KestrelChat.open(); return; }
    var note = '';
    try { note = sessionStorage.getItem('help.reason.' + id) || ''; } catch (err) { /* private mode */ }
    window.KestrelChat.open({ context: { entryId: id, unhelpful: link.getAttribute('data-unhelpful') === 'true', note: note } });
  });
})();
