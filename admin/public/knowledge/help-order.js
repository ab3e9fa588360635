// The help center's category order: the categories of the live version, shown first to last on
// every language's home page; editors move them up or down and save (PUT /api/admin/help/categories).
import { kb } from './api.js';
import { add, announce, clear, el, pageAlert } from './dom.js';

export async function renderHelpOrder(container, ctx, _param, current) {
  const data = await kb('GET', '/help/categories');
  if (!current()) return;
  let order = data.categories.map((c) => c.id);
  const byId = new Map(data.categories.map((c) => [c.id, c]));
  const list = el('ol', { className: 'help-order', 'data-testid': 'help-order' });
  const save = el('button', { type: 'button', className: 'primary edit-only', text: 'Save order', 'data-testid': 'help-order-save', disabled: true });
  function move(i, by) {
    const j = i + by;
    if (j < 0 || j >= order.length) return;
    [order[i], order[j]] = [order[j], order[i]];
    save.disabled = false;
    draw();
    list.querySelectorAll('li')[j]?.querySelector(by < 0 ? '[data-move="up"]' : '[data-move="down"]')?.focus();
  }
  function draw() {
    clear(list);
    order.forEach((id, i) => {
      const c = byId.get(id);
      const names = Object.entries(c.names).map(([lang, name]) => `${lang}: ${name}`).join(' · ');
      const count = Object.values(c.articles).reduce((a, b) => Math.max(a, b), 0);
      add(list, el('li', { className: 'card row', 'data-testid': 'help-order-item', 'data-id': id }, [
        el('strong', { text: id }),
        el('span', { className: 'muted small', text: `${names} · ${count} article(s)` }),
        el('span', { className: 'spacer' }),
        el('button', { type: 'button', className: 'edit-only', text: '↑', 'data-move': 'up', 'aria-label': `Move ${id} up`, disabled: i === 0, onclick: () => move(i, -1) }),
        el('button', { type: 'button', className: 'edit-only', text: '↓', 'data-move': 'down', 'aria-label': `Move ${id} down`, disabled: i === order.length - 1, onclick: () => move(i, 1) }),
      ]));
    });
  }
  save.addEventListener('click', async () => {
    save.disabled = true;
    try {
      const r = await kb('PUT', '/help/categories', { order });
      order = r.categories.map((c) => c.id);
      draw();
      announce('Help center order saved.');
    } catch (err) {
      save.disabled = false;
      pageAlert(err.message);
    }
  });
  draw();
  clear(container);
  add(container,
    el('h2', { className: 'section-title', text: 'Help center' }),
    el('p', { className: 'muted small', text: 'The order of categories on the help center\'s home page in every language (the live version\'s categories). Names come from the message catalogue.' }),
    list,
    el('p', {}, [save, ' ', el('a', { href: '/help', target: '_blank', rel: 'noopener', text: 'Open the help center' })]));
  if (!ctx.canEdit) save.hidden = true;
}
