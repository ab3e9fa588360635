/** Test plumbing for the inbox: the whole app on the small fixture knowledge base, and signed-in users. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startApp, type RunningApp } from '../../app/app.ts';
import { loadConfig } from '../../app/config.ts';
import { templateDataDir, tempDir } from '../../app/test-support.ts';
import { serializeEntryMarkdown } from '../../knowledge/index.ts';
import { FIXTURE_ENTRIES } from '../../knowledge/test-fixtures.ts';
import type { Role } from '../auth/index.ts';
import { callJson } from '../test-console/test-support.ts';

export { callJson };

export interface FixtureApp {
  app: RunningApp;
  /** A signed-in user of each role: the Cookie header value, and the user. */
  cookies: Record<Role, string>;
  users: Record<Role, { id: string; email: string }>;
  /** JSON call to the app. */
  call(method: string, path: string, o?: { cookie?: string; body?: unknown; headers?: Record<string, string> }): ReturnType<typeof callJson>;
  /** A customer question through `POST /api/chat`. */
  ask(userId: string, text: string): Promise<any>;
  close(): Promise<void>;
}

/**
 * The running app (real bot, knowledge base, chat API, web chat, admin) on the bilingual fixture
 * entries, so it starts in seconds; one account per role, signed in over HTTP.
 */
export async function fixtureApp(env: Record<string, string> = {}): Promise<FixtureApp> {
  const data = await templateDataDir('fixture', 'faqbot-inbox-app-');
  const kb = await tempDir('faqbot-inbox-kb-');
  for (const e of FIXTURE_ENTRIES) await writeFile(path.join(kb.dir, `${e.id}.md`), serializeEntryMarkdown(e));
  const app = await startApp(loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', KB_DIR: kb.dir, ...env }, data.dir), { admin: { passwordHashing: { N: 1024 } } });
  const call: FixtureApp['call'] = (method, p, o) => callJson(`${app.url}${p}`, method, o);
  const cookies = {} as FixtureApp['cookies'];
  const users = {} as FixtureApp['users'];
  for (const role of ['admin', 'editor', 'agent', 'analyst'] as const) {
    const password = `password-${role}-${Math.random().toString(36).slice(2)}`;
    const u = await app.admin.users.create({ email: `${role}@inbox.test`, name: `${role[0]!.toUpperCase()}${role.slice(1)}`, role, password });
    users[role] = { id: u.id, email: u.email };
    const res = await fetch(`${app.url}/api/admin/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: u.email, password }) });
    if (res.status !== 200) throw new Error(`sign-in failed: ${res.status}`);
    cookies[role] = res.headers.get('set-cookie')!.split(';')[0]!;
  }
  return {
    app, cookies, users, call,
    async ask(userId, text) {
      const res = await call('POST', '/api/chat', { body: { userId, text } });
      if (res.status !== 200) throw new Error(`chat refused: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
    async close() {
      await app.close();
      await data.cleanup();
      await kb.cleanup();
    },
  };
}
