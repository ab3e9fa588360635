/** Test plumbing for the knowledge editor: a running console with a real, small knowledge base. */
import { cachedTestEmbeddings, publishedKnowledge, tempDir } from '../../app/test-support.ts';
import type { CachedEmbeddings, FaqEntry, KnowledgeBase } from '../../knowledge/index.ts';
import { FIXTURE_ENTRIES } from '../../knowledge/test-fixtures.ts';
import type { Database } from '../../bot/index.ts';
import type { AdminOptions } from '../admin.ts';
import type { Role } from '../auth/index.ts';
import { consoleHarness, type ConsoleHarness } from '../test-support.ts';

export { FIXTURE_ENTRIES };

export interface KnowledgeHarness extends ConsoleHarness {
  knowledge: KnowledgeBase;
  embeddings: CachedEmbeddings;
  /** A signed-in user of each role: the Cookie header value. */
  cookies: Record<Role, string>;
  /** Start a publish over HTTP and wait for it to finish; returns the finished job. */
  publish(cookie: string, note?: string): Promise<any>;
}

/**
 * The console on PGlite with the knowledge editor mounted, on a real KnowledgeBase (USE-lite
 * embeddings, cached on disk) first published from `entries` (the small bilingual fixture);
 * the drafts are seeded from it, as at a first start. `options.db` shares a database between
 * instances (each still has its own knowledge-base folder, as separate machines would).
 * `options.embeddingCache: 'sample'` starts from the warm cache that holds the sample knowledge
 * base's texts, for entries taken from it.
 */
export async function knowledgeHarness(entries: FaqEntry[] = FIXTURE_ENTRIES, options: Partial<AdminOptions> & { db?: Database; embeddingCache?: 'sample' | 'fixture' } = {}): Promise<KnowledgeHarness> {
  const { embeddingCache = 'fixture', ...adminOptions } = options;
  const dir = await tempDir('faqbot-kb-admin-');
  const embeddings = await cachedTestEmbeddings(`${dir.dir}/embeddings`, embeddingCache);
  const knowledge = await publishedKnowledge(`${dir.dir}/knowledge`, embeddings, entries);
  const h = await consoleHarness({ knowledge, answerThreshold: 0.5, clarifyThreshold: 0.25, ...adminOptions });
  const cookies = {} as Record<Role, string>;
  for (const role of ['admin', 'editor', 'agent', 'analyst'] as const) {
    const u = await h.user(role);
    cookies[role] = await h.signIn(u.email, u.password);
  }
  return {
    ...h, knowledge, embeddings, cookies,
    async publish(cookie, note) {
      const res = await h.call('POST', '/api/admin/publish', { cookie, body: note === undefined ? {} : { note } });
      if (res.status !== 202) throw new Error(`publish refused: ${res.status} ${JSON.stringify(res.body)}`);
      return h.admin.editing!.publisher.wait(res.body.job.id);
    },
    async close() {
      await h.close();
      await dir.cleanup();
    },
  };
}
