import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADMIN_PUBLIC_DIR } from './admin.ts';
import { withSignInForm } from './sign-in-form.ts';

describe('#withSignInForm', () => {
  it('gives each admin page one sign-in form, with its own heading', async () => {
    const headings = { 'index.html': 'Agent console', 'knowledge.html': 'Knowledge editor', 'analytics.html': 'Analytics' };
    for (const [file, heading] of Object.entries(headings)) {
      const page = withSignInForm(await readFile(path.join(ADMIN_PUBLIC_DIR, file), 'utf8'));
      expect(page).not.toContain('<!--#sign-in');
      expect(page.match(/<form id="login-form"/g)).toHaveLength(1);
      for (const testId of ['login-email', 'login-password', 'login-error', 'login-submit']) expect(page).toContain(`data-testid="${testId}"`);
      expect(page).toContain(`<h1>${heading}</h1>`);
    }
  });

  it('leaves a page without the marker as it was', () => {
    expect(withSignInForm('<p>no form here</p>')).toBe('<p>no form here</p>');
  });
});
