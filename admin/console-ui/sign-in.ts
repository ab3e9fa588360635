/**
 * Signing in and out, and where each role goes: agents stay here, editors go to the knowledge
 * editor, analysts to the analytics screen. The form itself is the admin pages' shared one
 * (admin/sign-in-form.ts).
 */
import { $ } from '../../browser/shared/index.ts';
import { api } from './api.ts';
import { connectEvents } from './live.ts';
import { loadAgents, loadTeam, showPanel } from './panels.ts';
import { refreshQueue } from './queue.ts';
import { may, state } from './state.ts';
import type { Me } from './types.ts';

export function showLogin(message?: string): void {
  if (state.events) {
    state.events.close();
    state.events = null;
  }
  state.me = null;
  $('console-view').hidden = true;
  $('login-view').hidden = false;
  const err = $('login-error');
  err.hidden = !message;
  err.textContent = message || '';
  $('login-email').focus();
}

export function showConsole(me: Me): void {
  state.me = me;
  $('login-view').hidden = true;
  $('console-view').hidden = false;
  $('me').textContent = me.name + ' (' + me.role + ')';
  $('team-button').hidden = !may('users');
  $('problems-button').hidden = !may('users');
  $('customers-button').hidden = !may('privacy');
  const editor = may('knowledge') || may('analytics');
  $('knowledge-link').hidden = !editor;
  $('analytics-link').hidden = !may('analytics');
  if (!may('console') && !may('knowledge') && may('analytics')) {
    // Analysts' screen is the analytics dashboard.
    location.replace('/admin/analytics.html');
    return;
  }
  if (!may('console') && editor) {
    // Editors and analysts have no queue here: their screen is the knowledge editor.
    location.replace('/admin/knowledge.html');
    return;
  }
  if (location.hash === '#team' && may('users')) {
    showPanel('team');
    void loadTeam();
  }
  if (!may('console')) {
    $('empty-detail').textContent = 'Your role (' + me.role + ') does not include the agent console.';
    return;
  }
  connectEvents();
  void refreshQueue();
  loadAgents().catch(() => {});
}

/** The sign-in form and the sign-out button. */
export function wireSignIn(): void {
  $('login-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const password = $<HTMLInputElement>('login-password');
    api<{ user: Me }>('POST', '/login', { email: $<HTMLInputElement>('login-email').value, password: password.value })
      .then((r) => { password.value = ''; showConsole(r.user); })
      .catch((err: Error) => showLogin(err.message));
  });
  $('logout').addEventListener('click', () => {
    api('POST', '/logout', {}).finally(() => showLogin());
  });
}
