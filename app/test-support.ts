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

/** A minimal web chat client for tests: send frames, wait for the ones you expect. */
export async function connectChat(baseUrl: string) {
  const { WebSocket } = await import('ws');
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/ws/chat`);
  const frames: Array<Record<string, any>> = [];
  const waiters: Array<{ test(f: Record<string, any>): boolean; resolve(f: Record<string, any>): void }> = [];
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString());
    frames.push(frame);
    for (const w of [...waiters]) {
      if (w.test(frame)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(frame);
      }
    }
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let seen = 0;
  return {
    frames,
    ws,
    send(frame: unknown) {
      ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
    },
    /** The next frame (after the last one returned) matching `test`. */
    next(test: (f: Record<string, any>) => boolean, timeoutMs = 30_000): Promise<Record<string, any>> {
      const idx = frames.findIndex((f, i) => i >= seen && test(f));
      if (idx >= 0) {
        seen = idx + 1;
        return Promise.resolve(frames[idx]!);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('timed out waiting for a frame')), timeoutMs);
        waiters.push({ test, resolve: (f) => { clearTimeout(timer); seen = frames.indexOf(f) + 1; resolve(f); } });
      });
    },
    close() {
      ws.close();
    },
  };
}

/**
 * A knowledge port without models, for fast tests of the conversation flow: a question that
 * mentions "return" is answered with confidence 0.95; anything else scores 0.05 (a handoff).
 * `answerEverything` makes every question a confident answer (to prove the bot stays silent
 * because of ownership, not because it had nothing to say).
 */
export function stubKnowledge(options: { answerEverything?: boolean } = {}) {
  const entry = {
    id: 'return-an-item', tags: [], related: [], status: 'published' as const, category: 'test',
    variants: [{ lang: 'en', question: 'How do I return an item?', alternates: [], answer: 'You can return items within **30 days**.' }],
  };
  const calls: string[] = [];
  return {
    calls,
    async match(text: string, lang: string) {
      calls.push(text);
      const hit = options.answerEverything || /return/i.test(text);
      return {
        lang,
        candidates: [{
          entryId: entry.id, lang: 'en', title: entry.variants[0]!.question, matchedText: entry.variants[0]!.question,
          score: hit ? 0.95 : 0.05, confidence: hit ? 0.95 : 0.05, signals: {} as never,
        }],
      };
    },
    entry: (id: string) => (id === entry.id ? entry : undefined),
    variant: (id: string) => (id === entry.id ? entry.variants[0] : undefined),
    searchLanguage: () => 'en',
  };
}

/** A language detector that always says English (no fastText load). */
export const stubDetector = { detect: async () => ({ lang: 'en', probability: 0.99, method: 'script' as const }) };
