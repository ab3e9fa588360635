/** Side panels instead of a conversation: the team (admins), channel problems (admins), password. */
import { $, el } from '../../browser/shared/index.ts';
import { api } from './api.ts';
import { state } from './state.ts';
import type { Person } from './types.ts';

type PanelId = 'team' | 'problems' | 'password';

export function showPanel(id: PanelId): void {
  $('detail').hidden = true;
  $('empty-detail').hidden = true;
  $('team').hidden = id !== 'team';
  $('problems').hidden = id !== 'problems';
  $('password').hidden = id !== 'password';
  document.body.classList.add('has-detail');
}

function closePanels(): void {
  $('team').hidden = true;
  $('problems').hidden = true;
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

const input = (id: string) => $<HTMLInputElement>(id);

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
}
