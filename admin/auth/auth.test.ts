import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPglite } from '../../app/test-support.ts';
import { migrate } from '../../bot/index.ts';
import { consoleHarness, type ConsoleHarness } from '../test-support.ts';
import { ensureFirstAdmin } from './bootstrap.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { can, ROLES } from './roles.ts';
import { UserStore } from './users.ts';

/** Every console API route, with a body that would be valid for a signed-in agent. */
const CONSOLE_ROUTES: Array<[string, string, unknown?]> = [
  ['GET', '/api/admin/queue'],
  ['GET', '/api/admin/agents'],
  ['GET', '/api/admin/events'],
  ['GET', '/api/admin/conversations/x'],
  ['POST', '/api/admin/conversations/x/claim', {}],
  ['POST', '/api/admin/conversations/x/reply', { text: 'hello' }],
  ['POST', '/api/admin/conversations/x/notes', { text: 'note' }],
  ['POST', '/api/admin/conversations/x/transfer', { agentId: 'y' }],
  ['POST', '/api/admin/conversations/x/release', {}],
  ['POST', '/api/admin/conversations/x/resolve', { askRating: true }],
];
/** Routes every signed-in user may call, for themselves. */
const SELF_ROUTES: Array<[string, string, unknown?]> = [
  ['GET', '/api/admin/me'],
  ['POST', '/api/admin/me/password', { current: 'x', password: 'a long enough password' }],
];
const ADMIN_ROUTES: Array<[string, string, unknown?]> = [
  ['GET', '/api/admin/users'],
  ['POST', '/api/admin/users', { email: 'new@example.test', name: 'New', role: 'agent', password: 'a long enough password' }],
  ['PATCH', '/api/admin/users/x', { disabled: true }],
  ['GET', '/api/admin/customers?q=x'],
  ['GET', '/api/admin/customers/x/export'],
  ['DELETE', '/api/admin/customers/x'],
];

describe('console accounts and sessions', () => {
  let h: ConsoleHarness;
  let clock = new Date('2030-01-07T10:00:00Z');

  beforeAll(async () => {
    h = await consoleHarness({ now: () => clock, sessionTtlHours: 8 });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('hashes passwords with scrypt and a salt, and verifies them', async () => {
    const a = await hashPassword('correct horse battery', { N: 1024 });
    const b = await hashPassword('correct horse battery', { N: 1024 });
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('x', 'md5$abc')).toBe(false);
  });

  it('gives each role only its permissions: agents the console, not knowledge editing', () => {
    expect(ROLES.filter((r) => can(r, 'console'))).toEqual(['admin', 'agent']);
    expect(ROLES.filter((r) => can(r, 'knowledge'))).toEqual(['admin', 'editor']);
    expect(ROLES.filter((r) => can(r, 'users'))).toEqual(['admin']);
    expect(ROLES.filter((r) => can(r, 'privacy'))).toEqual(['admin']);
  });

  it.each(CONSOLE_ROUTES.concat(ADMIN_ROUTES, SELF_ROUTES))('refuses %s %s without a session (401)', async (method, path, body) => {
    const res = await h.call(method, path, { body });
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('unauthenticated');
    const forged = await h.call(method, path, { body, cookie: 'faqbot_session=forged-token' });
    expect(forged.status).toBe(401);
  });

  it.each(['editor', 'analyst'] as const)('refuses every console route to the %s role (403)', async (role) => {
    const u = await h.user(role);
    const cookie = await h.signIn(u.email, u.password);
    for (const [method, path, body] of CONSOLE_ROUTES.concat(ADMIN_ROUTES)) {
      const res = await h.call(method, path, { body, cookie });
      expect(res.status, `${method} ${path}`).toBe(403);
    }
    expect((await h.call('GET', '/api/admin/me', { cookie })).body.user).toMatchObject({ role, permissions: expect.not.arrayContaining(['console']) });
  });

  it('lets agents use the console but not manage accounts', async () => {
    const u = await h.user('agent');
    const cookie = await h.signIn(u.email, u.password);
    expect((await h.call('GET', '/api/admin/queue', { cookie })).status).toBe(200);
    expect((await h.call('GET', '/api/admin/users', { cookie })).status).toBe(403);
    expect((await h.call('GET', '/api/admin/channel-problems', { cookie })).status).toBe(403);
    const admin = await h.user('admin');
    const problems = await h.call('GET', '/api/admin/channel-problems', { cookie: await h.signIn(admin.email, admin.password) });
    expect(problems).toMatchObject({ status: 200, body: { rejected: expect.any(Array), sendFailures: expect.any(Array) } });
  });

  it('sets an HttpOnly, SameSite=Strict cookie for the whole site (console and /api/admin) that expires with the session', async () => {
    const u = await h.user('agent');
    const res = await h.call('POST', '/api/admin/login', { body: { email: u.email.toUpperCase(), password: u.password } });
    expect(res.status).toBe(200);
    const [cookie, legacy] = res.headers.getSetCookie();
    expect(cookie).toMatch(/^faqbot_session=[\w-]{40,};/);
    // The old /admin-scoped cookie, which would shadow the new one there, is cleared.
    expect(legacy).toMatch(/^faqbot_session=; Path=\/admin;.*Max-Age=0/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toMatch(/; Path=\/;/);
    expect(cookie).toContain(`Max-Age=${8 * 3600}`);
    expect(res.body.user).toMatchObject({ id: u.id, role: 'agent' });
    expect(JSON.stringify(res.body)).not.toContain('scrypt');
  });

  it('still answers the old /admin/api paths for one release, by a 308 that keeps a POST and its body', async () => {
    const u = await h.user('agent');
    const login = { email: u.email, password: u.password };
    const moved = await fetch(`${h.url}/admin/api/login?from=old`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/json' }, body: JSON.stringify(login) });
    expect(moved.status).toBe(308);
    expect(moved.headers.get('location')).toBe('/api/admin/login?from=old');
    // fetch, like browsers, follows a 308 with the same method and body.
    const signedIn = await h.call('POST', '/admin/api/login', { body: login });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.user).toMatchObject({ id: u.id, role: 'agent' });
    const cookie = signedIn.headers.getSetCookie()[0]!.split(';')[0]!;
    expect((await h.call('GET', '/admin/api/queue', { cookie })).status).toBe(200);
  });

  it('refuses a wrong password, and locks an email after repeated failures', async () => {
    const u = await h.user('agent');
    for (let i = 0; i < 5; i++) {
      expect((await h.call('POST', '/api/admin/login', { body: { email: u.email, password: 'wrong password!' } })).status).toBe(401);
    }
    const locked = await h.call('POST', '/api/admin/login', { body: { email: u.email, password: u.password } });
    expect(locked.status).toBe(429);
    expect((await h.call('POST', '/api/admin/login', { body: { email: 'nobody@example.test', password: 'whatever it is' } })).status).toBe(401);
  });

  it('never locks the owner out: wrong passwords from elsewhere slow that client down, not the owner\'s browser', async () => {
    const u = await h.user('admin');
    const first = await h.call('POST', '/api/admin/login', { body: { email: u.email, password: u.password } });
    const device = first.headers.getSetCookie().find((c) => c.startsWith('faqbot_device='))!;
    expect(device).toMatch(/^faqbot_device=[\w-]{20,}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=31536000/);
    // Someone without the owner's browser keeps guessing: after 5 tries they must wait, and keep waiting.
    for (let i = 0; i < 5; i++) expect((await h.call('POST', '/api/admin/login', { body: { email: u.email, password: `guess ${i}!!` } })).status).toBe(401);
    for (let i = 0; i < 3; i++) {
      const held = await h.call('POST', '/api/admin/login', { body: { email: u.email, password: `guess ${i}!!` } });
      expect(held.status).toBe(429);
      expect(Number(held.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // The owner's browser still gets in with the right password.
    const owner = await h.call('POST', '/api/admin/login', { cookie: device.split(';')[0], body: { email: u.email, password: u.password } });
    expect(owner.status).toBe(200);
  });

  it('expires sessions, and ends them on sign-out and when the account is disabled', async () => {
    const u = await h.user('agent');
    const cookie = await h.signIn(u.email, u.password);
    expect((await h.call('GET', '/api/admin/queue', { cookie })).status).toBe(200);
    clock = new Date(clock.getTime() + 8 * 3600_000 + 1000);
    expect((await h.call('GET', '/api/admin/queue', { cookie })).status).toBe(401);

    const again = await h.signIn(u.email, u.password);
    expect((await h.call('POST', '/api/admin/logout', { cookie: again, body: {} })).status).toBe(200);
    expect((await h.call('GET', '/api/admin/me', { cookie: again })).status).toBe(401);

    const third = await h.signIn(u.email, u.password);
    const admin = await h.user('admin');
    const adminCookie = await h.signIn(admin.email, admin.password);
    expect((await h.call('PATCH', `/api/admin/users/${u.id}`, { cookie: adminCookie, body: { disabled: true } })).status).toBe(200);
    expect((await h.call('GET', '/api/admin/queue', { cookie: third })).status).toBe(401);
    expect((await h.call('POST', '/api/admin/login', { body: { email: u.email, password: u.password } })).status).toBe(401);
  });

  it('lets a user change their own password with the current one, ending their other sessions', async () => {
    const u = await h.user('agent');
    const other = await h.signIn(u.email, u.password);
    const cookie = await h.signIn(u.email, u.password);
    const wrong = await h.call('POST', '/api/admin/me/password', { cookie, body: { current: 'not it at all', password: 'a brand new password' } });
    expect(wrong.status).toBe(403);
    const weak = await h.call('POST', '/api/admin/me/password', { cookie, body: { current: u.password, password: 'short' } });
    expect(weak).toMatchObject({ status: 400, body: { error: 'weak_password' } });
    const ok = await h.call('POST', '/api/admin/me/password', { cookie, body: { current: u.password, password: 'a brand new password' } });
    expect(ok.status).toBe(200);
    const fresh = ok.headers.get('set-cookie')!.split(';')[0]!;
    expect((await h.call('GET', '/api/admin/me', { cookie: fresh })).status).toBe(200);
    expect((await h.call('GET', '/api/admin/me', { cookie: other })).status).toBe(401);
    expect((await h.call('POST', '/api/admin/login', { body: { email: u.email, password: u.password } })).status).toBe(401);
    expect((await h.signIn(u.email, 'a brand new password')).length).toBeGreaterThan(20);
  });

  it('refuses cross-site and non-JSON writes even with a valid session', async () => {
    const u = await h.user('agent');
    const cookie = await h.signIn(u.email, u.password);
    const form = await h.call('POST', '/api/admin/conversations/x/claim', { cookie, body: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(415);
    const other = await h.call('POST', '/api/admin/conversations/x/claim', { cookie, body: {}, headers: { origin: 'https://evil.example' } });
    expect(other.status).toBe(403);
    // A sandboxed frame or a local file sends the opaque origin "null"; a page on the same host
    // over another scheme is another origin too.
    const host = new URL(h.url).host;
    for (const origin of ['null', `https://${host}`, `ftp://${host}`]) {
      const res = await h.call('POST', '/api/admin/conversations/x/claim', { cookie, body: {}, headers: { origin } });
      expect(res, origin).toMatchObject({ status: 403, body: { error: 'cross_origin' } });
    }
    // The same origin gets through to the route (404: no such conversation), also behind a TLS proxy.
    expect((await h.call('POST', '/api/admin/conversations/x/claim', { cookie, body: {}, headers: { origin: `http://${host}` } })).status).toBe(404);
    expect((await h.call('POST', '/api/admin/conversations/x/claim', { cookie, body: {}, headers: { origin: `https://${host}`, 'x-forwarded-proto': 'https' } })).status).toBe(404);
  });

  it('lets admins create accounts with strong passwords only', async () => {
    const admin = await h.user('admin');
    const cookie = await h.signIn(admin.email, admin.password);
    const weak = await h.call('POST', '/api/admin/users', { cookie, body: { email: 'weak@example.test', name: 'Weak', role: 'agent', password: 'short' } });
    expect(weak).toMatchObject({ status: 400, body: { error: 'weak_password' } });
    const ok = await h.call('POST', '/api/admin/users', { cookie, body: { email: 'Anna@Example.test', name: 'Anna', role: 'agent', password: 'a long enough password' } });
    expect(ok).toMatchObject({ status: 201, body: { user: { email: 'anna@example.test', role: 'agent' } } });
    const dup = await h.call('POST', '/api/admin/users', { cookie, body: { email: 'anna@example.test', name: 'Anna 2', role: 'agent', password: 'a long enough password' } });
    expect(dup.status).toBe(409);
    expect((await h.signIn('anna@example.test', 'a long enough password')).length).toBeGreaterThan(20);
  });

  it('serves the console page with a strict content security policy', async () => {
    const res = await fetch(`${h.url}/admin/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await res.text()).toContain('Agent console');
  });
});

describe('sign-in rate limit per client', () => {
  it('refuses a client that tried too many passwords, whichever emails it tried', async () => {
    const h = await consoleHarness();
    try {
      const u = await h.user('editor');
      const regular = await h.user('agent');
      await h.signIn(regular.email, regular.password);
      // One wrong password on each of 30 addresses: no email reaches its own lock of 5.
      for (let i = 0; i < 30; i++) {
        const res = await h.call('POST', '/api/admin/login', { body: { email: `spray${i}@example.test`, password: 'Winter2030!!' } });
        expect(res.status).toBe(401);
      }
      const blocked = await h.call('POST', '/api/admin/login', { body: { email: u.email, password: u.password } });
      expect(blocked).toMatchObject({ status: 429, body: { error: 'too_many_attempts' } });
      // The account itself is not locked: the lock is the client's, not the email's.
      expect(await h.admin.users.authenticate(u.email, u.password)).toBeDefined();
      // Someone who already signed in from this address (a shared proxy, an office) still can.
      expect((await h.call('POST', '/api/admin/login', { body: { email: regular.email, password: regular.password } })).status).toBe(200);
    } finally {
      await h.close();
    }
  });
});

describe('the first admin account', () => {
  it('comes from configuration, or is generated once when there is no account at all', async () => {
    const pg = await freshPglite();
    await migrate(pg.db);
    const users = new UserStore(pg.db, { N: 1024 });
    const generated = await ensureFirstAdmin(users, {});
    expect(generated).toMatchObject({ created: true, source: 'generated', email: 'admin@localhost' });
    const password = (generated as { password: string }).password;
    expect(password).toHaveLength(20);
    expect(await users.authenticate('admin@localhost', password)).toMatchObject({ role: 'admin' });
    expect(await ensureFirstAdmin(users, {})).toEqual({ created: false });

    const configured = await ensureFirstAdmin(users, { email: 'Boss@Example.test', password: 'configured password' });
    expect(configured).toMatchObject({ created: true, source: 'config', email: 'boss@example.test' });
    // A restart with the same (or a changed) configured password never overwrites the account.
    expect(await ensureFirstAdmin(users, { email: 'boss@example.test', password: 'another password!!' })).toEqual({ created: false });
    expect(await users.authenticate('boss@example.test', 'configured password')).toBeDefined();
    await pg.cleanup();
  });
});
