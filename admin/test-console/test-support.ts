/** Test plumbing for the knowledge editor's routes: a real knowledge base and a real HTTP server. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Router } from 'express';
import { createHttpApp } from '../../app/server.ts';
import { cachedTestEmbeddings, publishedKnowledge, tempDir } from '../../app/test-support.ts';
import { silentLogger } from '../../bot/index.ts';
import type { FaqEntry } from '../../knowledge/index.ts';
import { FIXTURE_ENTRIES } from '../../knowledge/test-fixtures.ts';

/** The small bilingual fixture set published in a temp folder, with a cached USE-lite embedder. */
export async function fixtureKnowledge(entries: FaqEntry[] = FIXTURE_ENTRIES) {
  const t = await tempDir('faqbot-admin-kb-');
  const embeddings = await cachedTestEmbeddings(`${t.dir}/emb`);
  const knowledge = await publishedKnowledge(`${t.dir}/kb`, embeddings, entries, { defaultLang: 'en' });
  return { knowledge, embeddings, dir: t.dir, cleanup: t.cleanup };
}

/** Serve routers on 127.0.0.1 behind the app's JSON body parser and error handler. */
export async function serve(...routers: Router[]): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const http = createHttpApp(silentLogger);
  for (const r of routers) http.app.use(r);
  const server = http.finish();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A JSON call; the body is parsed when it is JSON. */
export async function callJson(url: string, method: string, o: { cookie?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...(o.cookie ? { cookie: o.cookie } : {}), ...o.headers };
  if (o.body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
  const res = await fetch(url, { method, headers, body: o.body === undefined ? undefined : typeof o.body === 'string' ? o.body : JSON.stringify(o.body) });
  const text = await res.text();
  let body: any = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body };
}
