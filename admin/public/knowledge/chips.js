// A list of short texts edited quickly: type and press Enter to add, × (or Backspace in an
// empty field) to remove. Used for alternate questions, tags and follow-ups.
import { el } from './dom.js';

/**
 * @param {{ label: string, values: string[], testid: string, readOnly?: boolean, lang?: string,
 *   dir?: string, placeholder?: string, options?: string[], onChange?: () => void }} o
 * @returns {{ node: HTMLElement, values: () => string[] }}
 */
export function chipInput(o) {
  const values = [...o.values];
  const list = el('ul', { className: 'chips', 'data-testid': `${o.testid}-list` });
  const listId = o.options ? `dl-${o.testid}-${Math.random().toString(36).slice(2, 8)}` : null;
  const input = el('input', {
    type: 'text', placeholder: o.placeholder || 'Type and press Enter', 'data-testid': `${o.testid}-input`,
    lang: o.lang, dir: o.dir, list: listId, maxlength: 500, 'aria-label': `Add ${o.label.toLowerCase()}`,
  });
  const changed = () => o.onChange && o.onChange();

  function render() {
    list.textContent = '';
    values.forEach((v, i) => {
      list.append(el('li', { className: 'chip', 'data-testid': o.testid }, [
        el('span', { className: 'chip-text', text: v, lang: o.lang, dir: o.dir || 'auto', 'data-testid': `${o.testid}-text` }),
        o.readOnly ? null : el('button', {
          type: 'button', className: 'chip-x edit-only', text: '×', 'aria-label': `Remove “${v}”`, 'data-testid': `${o.testid}-remove`,
          onclick: () => { values.splice(i, 1); render(); changed(); input.focus(); },
        }),
      ]));
    });
  }

  function add() {
    const v = input.value.trim();
    if (!v) return;
    if (!values.includes(v)) values.push(v);
    input.value = '';
    render();
    changed();
  }

  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') { e.preventDefault(); add(); }
    else if (e.key === 'Backspace' && !input.value && values.length) { values.pop(); render(); changed(); }
  });
  // A value typed but not confirmed with Enter is kept too.
  input.addEventListener('blur', add);

  render();
  const node = el('div', { className: 'chip-field' }, [
    el('span', { className: 'field-label', text: o.label }),
    list,
    o.readOnly ? null : input,
    listId ? el('datalist', { id: listId }, o.options.map((v) => el('option', { value: v }))) : null,
  ]);
  return { node, values: () => [...values] };
}
