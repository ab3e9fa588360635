/** Helpers shared by tests (one place for test-only plumbing). */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openPglite, openPostgres, type Database } from '../bot/index.ts';

export async function tempDir(prefix = 'faqbot-'): Promise<{ dir: string; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** PostgreSQL server used by scale-out tests (CI and developer machines run one). */
export const TEST_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh database on the test server, dropped by cleanup(). */
export async function freshPostgres(): Promise<{ url: string; db: Database; cleanup(): Promise<void> }> {
  const admin = await openPostgres(TEST_POSTGRES_URL);
  const name = `faqbot_t_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`;
  await admin.exec(`create database ${name}`);
  const url = TEST_POSTGRES_URL.replace(/\/test$/, `/${name}`);
  const db = await openPostgres(url);
  return {
    url, db,
    async cleanup() {
      await db.close();
      await admin.exec(`drop database if exists ${name} with (force)`);
      await admin.close();
    },
  };
}

/** An embedded database in a temp folder. */
export async function freshPglite(): Promise<{ db: Database; dir: string; cleanup(): Promise<void> }> {
  const t = await tempDir('faqbot-pg-');
  const db = await openPglite(t.dir);
  return { db, dir: t.dir, async cleanup() { await db.close(); await t.cleanup(); } };
}
