/**
 * Building DOM nodes without HTML strings: text always goes in as text, so nothing a customer
 * or an editor typed can become markup. Shared by the web chat widget, the agent console and the
 * knowledge editor.
 */

/** A value `el()` accepts for an attribute; null, undefined and false leave the attribute out. */
export type AttrValue = string | number | boolean | null | undefined | EventListener;

/** A child `el()` accepts: nodes, strings (as text), and null/undefined/false (left out). */
export type Child = Node | string | null | undefined | false;

/**
 * Build an element. `attrs.text` becomes textContent, `attrs.className` the class, `value` the
 * form value, `on*` functions listeners; other attributes are set as strings (true: present with
 * an empty value; null, undefined or false: absent).
 * @example el('button', { type: 'button', text: 'Save', onclick: save })
 */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Record<string, AttrValue>, children?: readonly Child[]): HTMLElementTagNameMap[K];
export function el(tag: string, attrs?: Record<string, AttrValue>, children?: readonly Child[]): HTMLElement;
export function el(tag: string, attrs: Record<string, AttrValue> = {}, children: readonly Child[] = []): HTMLElement {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (typeof v === 'function') {
      if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    } else if (k === 'text') node.textContent = String(v);
    else if (k === 'className') node.className = String(v);
    else if (k === 'value' && 'value' in node) (node as HTMLInputElement).value = String(v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) {
    if (c != null && c !== false) node.append(typeof c === 'string' ? document.createTextNode(c) : c);
  }
  return node;
}

/** Remove every child of `node`, and return it. */
export function clear<T extends Node>(node: T): T {
  node.textContent = '';
  return node;
}

/**
 * The element with `id`, typed by the caller. Screens look up their own fixed markup, so a
 * missing id is a bug in the page, not a state to handle.
 * @example $<HTMLInputElement>('login-email').value
 */
export function $<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`#${id} is not on this page`);
  return node as T;
}
