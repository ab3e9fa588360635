/** Side panels instead of a conversation: the team, channel problems and customer data (admins), password. */
import { $, el } from '../../browser/shared/index.ts';
import { api } from './api.ts';
import { state } from './state.ts';
import type { CustomerSummary } from '../privacy/types.ts';
import type { Person } from './types.ts';

type PanelId = 'team' | 'problems' | 'customers' | 'password';

export function showPanel(id: PanelId): void {
  $('detail').hidden = true;
  $('empty-detail').hidden = true;
  $('team').hidden = id !== 'team';
  $('problems').hidden = id !== 'problems';
  $('customers').hidden = id !== 'customers';
  $('password').hidden = id !== 'password';
  document.body.classList.add('has-detail');
}

function closePanels(): void {
  $('team').hidden = true;
  $('problems').hidden = true;
  $('customers').hidden = true;
  $('password').hidden = true;
  document.body.classList.toggle('has-detail', Boolean(state.openId));
  $('empty-detail').hidden = Boolean(state.openId);
  $('detail').hidden = !state.openId;
}

/** Who a conversation can be transferred to. */
export function loadAgents(): Promise<void> {
  return api<{ agents: Person[] }>('GET', '/agents').then((r) => { state.agents = r.agents; });
}

export function loadTeam(): Promise<void> {
  return api<{ users: Array<{ name: string; email: string; role: string; disabled?: boolean }> }>('GET', '/users').then((r) => {
    const ul = $('team-list');
    ul.textContent = '';
    for (const u of r.users) ul.appendChild(el('li', { text: u.name + ' <' + u.email + '> · ' + u.role + (u.disabled ? ' · disabled' : '') }));
  });
}

interface ChannelProblems {
  rejected: Array<{ channel: string; createdAt: string; reason: string; body: string }>;
  sendFailures: Array<{ channel: string; userId: string; createdAt: string; error: string; httpStatus?: number | null; attempts: number }>;
}

function loadProblems(): Promise<void> {
  return api<ChannelProblems>('GET', '/channel-problems').then((r) => {
    const when = (t: string) => new Date(t).toLocaleString();
    const rejected = $('rejected-list');
    rejected.textContent = '';
    for (const x of r.rejected) rejected.appendChild(el('li', {}, [el('strong', { text: x.channel }), ' · ' + when(x.createdAt) + ' · ' + x.reason, el('pre', { text: x.body })]));
    if (!r.rejected.length) rejected.appendChild(el('li', { className: 'muted', text: 'None.' }));
    const failed = $('send-failures-list');
    failed.textContent = '';
    for (const f of r.sendFailures) {
      failed.appendChild(el('li', { text: f.channel + ' → ' + f.userId + ' · ' + when(f.createdAt) + ' · ' + f.error + (f.httpStatus ? ' (HTTP ' + f.httpStatus + ')' : '') + ' · ' + f.attempts + ' attempt(s)' }));
    }
    if (!r.sendFailures.length) failed.appendChild(el('li', { className: 'muted', text: 'None.' }));
  });
}

function customersMessage(text: string, kind = ''): void {
  const msg = $('customers-message');
  msg.hidden = !text;
  msg.className = kind;
  msg.textContent = text;
}

/** The customers a search names, each with a download of their data and its erasure. */
function findCustomers(query: string): Promise<void> {
  return api<{ customers: CustomerSummary[] }>('GET', '/customers?q=' + encodeURIComponent(query)).then((r) => {
    const ul = $('customers-list');
    ul.textContent = '';
    if (!r.customers.length) customersMessage('No customer is stored under "' + query + '".');
    for (const c of r.customers) {
      const addresses = c.identities.map((i) => i.channel + ' ' + i.address).join(', ');
      const seen = new Date(c.firstSeen).toLocaleDateString() + (c.lastSeen ? '–' + new Date(c.lastSeen).toLocaleDateString() : '');
      const erase = el('button', { type: 'button', className: 'danger', text: 'Erase…', 'data-testid': 'customer-erase' });
      erase.addEventListener('click', () => eraseCustomer(c, query));
      ul.appendChild(el('li', { 'data-testid': 'customer' }, [
        el('strong', { text: (c.displayName || 'Customer') + ' ' }),
        el('span', { className: 'muted', text: c.id }),
        el('div', { text: addresses }),
        el('div', { className: 'muted', text: c.conversations + ' conversation(s), ' + c.messages + ' message(s), ' + seen }),
        el('div', { className: 'row' }, [
          el('a', { href: '/api/admin/customers/' + encodeURIComponent(c.id) + '/export', download: 'customer-' + c.id + '.json', text: 'Download their data (JSON)', 'data-testid': 'customer-export' }),
          erase,
        ]),
      ]));
    }
  });
}

function eraseCustomer(c: CustomerSummary, query: string): void {
  const who = (c.displayName || 'this customer') + ' (' + c.identities.map((i) => i.address).join(', ') + ')';
  if (!confirm('Erase everything stored about ' + who + ': ' + c.messages + ' message(s), their addresses, ratings, notes and analytics events? This cannot be undone.')) return;
  api<{ total: number }>('DELETE', '/customers/' + encodeURIComponent(c.id))
    .then((r) => findCustomers(query).then(() => customersMessage('Erased: ' + r.total + ' stored row(s) about ' + who + ' are gone.', 'ok')))
    .catch((x: Error) => customersMessage(x.message, 'error'));
}

const input = (id: string) => $<HTMLInputElement>(id);

/** The Customer data panel, already searched for one customer (from a conversation). */
export function openCustomerData(customerId: string): void {
  showPanel('customers');
  input('c-query').value = customerId;
  customersMessage('');
  findCustomers(customerId).catch((x: Error) => customersMessage(x.message, 'error'));
}

/** Listeners of the panels' buttons and forms. */
export function wirePanels(): void {
  for (const b of document.querySelectorAll('.panel-close')) b.addEventListener('click', closePanels);

  $('password-button').addEventListener('click', () => { showPanel('password'); input('pw-current').focus(); });
  $('password-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const msg = $('password-message');
    api('POST', '/me/password', { current: input('pw-current').value, password: input('pw-new').value })
      .then(() => { $<HTMLFormElement>('password-form').reset(); msg.hidden = false; msg.className = ''; msg.textContent = 'Password changed. Other sessions were signed out.'; })
      .catch((x: Error) => { msg.hidden = false; msg.className = 'error'; msg.textContent = x.message; });
  });

  $('team-button').addEventListener('click', () => {
    showPanel('team');
    void loadTeam();
  });
  $('team-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const err = $('team-error');
    api('POST', '/users', { name: input('t-name').value, email: input('t-email').value, role: input('t-role').value, password: input('t-password').value })
      .then(() => { err.hidden = true; $<HTMLFormElement>('team-form').reset(); void loadTeam(); void loadAgents(); })
      .catch((x: Error) => { err.hidden = false; err.textContent = x.message; });
  });

  $('problems-button').addEventListener('click', () => {
    showPanel('problems');
    void loadProblems();
  });

  $('customers-button').addEventListener('click', () => { showPanel('customers'); input('c-query').focus(); });
  $('p-customer-data').addEventListener('click', () => { if (state.detail) openCustomerData(state.detail.customer.id); });
  $('customers-form').addEventListener('submit', (e) => {
    e.preventDefault();
    customersMessage('');
    findCustomers(input('c-query').value.trim()).catch((x: Error) => customersMessage(x.message, 'error'));
  });
}
