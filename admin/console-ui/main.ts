/**
 * Agent console: a small single-page app over the console API, bundled from admin/console-ui/
 * into /admin/console.js when the server starts. Every string from customers is either set as
 * text or arrives as server-sanitized `html` (see admin/console/views.ts).
 */
import { $ } from '../../browser/shared/index.ts';
import { api, whenSignedOut } from './api.ts';
import { wireActions } from './actions.ts';
import { closeConversation } from './detail.ts';
import { whenExpired } from './live.ts';
import { wirePanels } from './panels.ts';
import { renderQueue } from './queue.ts';
import { showConsole, showLogin, wireSignIn } from './sign-in.ts';
import { state } from './state.ts';
import type { Me } from './types.ts';

whenSignedOut(showLogin);
whenExpired(showLogin);
wireSignIn();
wireActions();
wirePanels();
$('back').addEventListener('click', closeConversation);

setInterval(() => { if (state.me) renderQueue(); }, 30000); // waiting times tick on
api<{ user: Me }>('GET', '/me').then((r) => showConsole(r.user)).catch(() => showLogin());
