/*!
 * Helpers shared by the admin screens and the help center, as `window.FaqDom`. Served at
 * /assets/dom.js and loaded before the page's own script. Text only ever goes in as textContent.
 */
(function () {
  'use strict';

  // Filled in by the server from shared/text-direction.ts, the one list of right-to-left languages.
  var RTL_LANGUAGES = /* RTL_LANGUAGES */ [];

  /** "rtl" for a language written right to left, else "ltr" (as textDirection on the server). */
  function textDirection(lang) {
    var tag = String(lang || '').trim().toLowerCase();
    return RTL_LANGUAGES.indexOf(tag.split(/[-_]/)[0]) !== -1 || /^[a-z]{2,3}[-_]arab/.test(tag) ? 'rtl' : 'ltr';
  }

  /**
   * Build an element. `attrs.text` becomes textContent, `attrs.className` the class, `on*`
   * functions become listeners, `value` the value; other attributes are set as strings
   * (true: present, null/undefined/false: absent). Children are nodes or strings (text).
   * @example el('button', { type: 'button', text: 'Save', onclick: save })
   */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v == null || v === false) return;
      if (k === 'text') node.textContent = String(v);
      else if (k === 'className') node.className = v;
      else if (k.slice(0, 2) === 'on' && typeof v === 'function') node.addEventListener(k.slice(2), v);
      else if (k === 'value') node.value = String(v);
      else node.setAttribute(k, v === true ? '' : String(v));
    });
    (children || []).forEach(function (c) {
      if (c != null && c !== false) node.append(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return node;
  }

  window.FaqDom = { el: el, textDirection: textDirection };
})();
