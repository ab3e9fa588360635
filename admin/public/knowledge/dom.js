// DOM helpers for the knowledge editor. Text always goes in with textContent; the only HTML
// ever inserted is the server-sanitized Markdown rendering (see setSanitizedHtml).

/** Element by id. */
export const $ = (id) => document.getElementById(id);

/**
 * Build an element (the shared helper of /assets/dom.js, which knowledge.html loads first).
 * @example el('button', { type: 'button', text: 'Save', onclick: save })
 */
export const el = window.FaqDom.el;

/** Remove every child. */
export function clear(node) {
  node.textContent = '';
  return node;
}

/**
 * Put HTML that the server rendered and sanitized (POST /api/admin/preview, the test console's
 * reply) into `node`. Nothing typed by a person goes through here unsanitized.
 */
export function setSanitizedHtml(node, html) {
  node.innerHTML = html; // sanitized by the web chat's own renderer on the server
}

/** Tell screen-reader users what just happened. */
export function announce(text) {
  $('live-status').textContent = text;
}

/** A short local date and time. */
export function time(iso) {
  const d = new Date(iso);
  return isNaN(d.getTime()) ? '' : d.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
}

/** A horizontal bar for a 0..1 value; the width is set through CSSOM (the CSP forbids style attributes). */
export function bar(value, markers = []) {
  const pct = Math.max(0, Math.min(100, Math.round(value * 100)));
  const fill = el('span', { className: 'bar-fill' });
  fill.style.width = `${pct}%`;
  const node = el('span', { className: 'bar', title: `${pct}%` }, [fill]);
  for (const m of markers) {
    const tick = el('span', { className: 'bar-tick', title: m.label });
    tick.style.left = `${Math.round(m.value * 100)}%`;
    node.append(tick);
  }
  return node;
}

/** Right-to-left languages get dir="rtl" in their fields (the one list, from /assets/dom.js). */
export const dirOf = window.FaqDom.textDirection;

/** Call `fn` once `ms` after the last call. */
export function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/**
 * An in-page confirmation (a <dialog>, so keyboard and screen readers work and no native
 * browser dialog ever opens). With `input`, asks for a text (e.g. a reason) and resolves to it.
 * Resolves to false when cancelled.
 */
export function confirmDialog(text, { ok = 'OK', input } = {}) {
  const dialog = $('confirm');
  $('confirm-text').textContent = text;
  $('confirm-ok').textContent = ok;
  $('confirm-input-label').hidden = !input;
  $('confirm-input-name').textContent = input || '';
  $('confirm-input').value = '';
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      if (dialog.returnValue !== 'ok') resolve(false);
      else resolve(input ? $('confirm-input').value.trim() || false : true);
    }, { once: true });
    dialog.returnValue = '';
    dialog.showModal();
    (input ? $('confirm-input') : $('confirm-ok')).focus();
  });
}

/** Show (or with no text, hide) the page-wide alert. */
export function pageAlert(text, kind = 'error') {
  const a = $('alert');
  a.hidden = !text;
  a.textContent = text || '';
  a.className = `alert ${kind} page-alert`;
}

/** Append children, skipping null/false (conditional parts), unlike Element.append which would print "null". */
export function add(node, ...children) {
  for (const c of children) if (c != null && c !== false) node.append(c);
  return node;
}
