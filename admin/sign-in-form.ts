/**
 * The sign-in form of the admin pages (agent console, knowledge editor, analytics): written once
 * here and put into each page where it says `<!--#sign-in heading="…" intro="…"-->`. Each page's
 * own script handles the form (same ids and test ids on every page).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Router } from 'express';

/** The heading and the line under it; trusted HTML from the page itself. */
export interface SignInText {
  heading: string;
  intro: string;
}

/** The form, hidden until the page's script finds nobody signed in. */
export function signInForm({ heading, intro }: SignInText): string {
  return `<main id="login-view" class="login" hidden>
    <form id="login-form" class="card login-card" data-testid="login-form" novalidate>
      <h1>${heading}</h1>
      <p class="muted">${intro}</p>
      <label>Email <input id="login-email" name="email" type="email" autocomplete="username" required data-testid="login-email"></label>
      <label>Password <input id="login-password" name="password" type="password" autocomplete="current-password" required data-testid="login-password"></label>
      <p id="login-error" class="error" role="alert" hidden data-testid="login-error"></p>
      <button type="submit" class="primary" data-testid="login-submit">Sign in</button>
    </form>
  </main>`;
}

const MARKER = /<!--#sign-in((?:\s+\w+="[^"]*")*)\s*-->/g;

/**
 * `html` with every sign-in marker replaced by the form.
 * @example withSignInForm('<!--#sign-in heading="Analytics" intro="Sign in."-->')
 */
export function withSignInForm(html: string): string {
  return html.replace(MARKER, (_whole, attrs: string) => {
    const text: Record<string, string> = {};
    for (const [, name, value] of attrs.matchAll(/(\w+)="([^"]*)"/g)) text[name!] = value!;
    return signInForm({ heading: text.heading ?? 'Sign in', intro: text.intro ?? '' });
  });
}

/**
 * GET of the admin pages under the router's mount point (`/`, `/index.html`, `/knowledge.html`,
 * `/analytics.html`), read from `dir` and filled in once, at start.
 */
export function adminPages(dir: string): Router {
  const router = express.Router();
  const page = (file: string) => {
    const html = withSignInForm(readFileSync(join(dir, file), 'utf8'));
    return (_req: express.Request, res: express.Response) => void res.type('html').send(html);
  };
  router.get(['/', '/index.html'], page('index.html'));
  router.get('/knowledge.html', page('knowledge.html'));
  router.get('/analytics.html', page('analytics.html'));
  return router;
}
