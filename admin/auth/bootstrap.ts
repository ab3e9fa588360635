import { ConflictError } from '../../errors/index.ts';
import { generatePassword } from './passwords.ts';
import type { UserStore } from './users.ts';

/** What `ensureFirstAdmin` did, for the start-up banner. */
export type FirstAdminResult =
  | { created: false }
  | { created: true; email: string; source: 'config' }
  /** No account existed and none was configured: this password is shown once, never stored in clear. */
  | { created: true; email: string; source: 'generated'; password: string };

/** Email of the account created when no account and no ADMIN_EMAIL exist. */
export const DEFAULT_ADMIN_EMAIL = 'admin@localhost';

/**
 * Make sure someone can sign in to the console:
 * - with `email` and `password` configured (ADMIN_EMAIL / ADMIN_PASSWORD), that admin account is
 *   created if it does not exist yet (an existing account's password is never overwritten);
 * - with nothing configured and no account at all, `admin@localhost` is created with a random
 *   password that the caller prints once.
 * Instances starting together race safely: account emails are unique, the loser creates nothing.
 */
export async function ensureFirstAdmin(users: UserStore, configured: { email?: string; password?: string }): Promise<FirstAdminResult> {
  try {
    if (configured.email && configured.password) {
      if (await users.byEmail(configured.email)) return { created: false };
      const user = await users.create({ email: configured.email, name: 'Administrator', role: 'admin', password: configured.password });
      return { created: true, email: user.email, source: 'config' };
    }
    if (await users.count() > 0) return { created: false };
    const password = generatePassword();
    const user = await users.create({ email: DEFAULT_ADMIN_EMAIL, name: 'Administrator', role: 'admin', password });
    return { created: true, email: user.email, source: 'generated', password };
  } catch (err) {
    if (err instanceof ConflictError && err.code === 'exists') return { created: false };
    throw err;
  }
}
