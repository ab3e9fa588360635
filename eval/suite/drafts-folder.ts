import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AppConfig } from '../../app/config.ts';
import { DraftStore } from '../../admin/knowledge/index.ts';
import { migrate, openPglite, openPostgres, type Database } from '../../bot/index.ts';
import { serializeEntryMarkdown } from '../../knowledge/index.ts';

/**
 * Write an installation's current knowledge drafts (the editor's unpublished state, in its
 * database: `DATABASE_URL`, else the PGlite folder under `DATA_DIR`) into `into` as a knowledge
 * folder, so a suite can run against "what would go live". The embedded database is read from a
 * copy: a running server keeps its own folder open. Drafts hold the conversation entries too (they
 * are seeded from the live version), so the folder is complete as it is.
 * @returns the number of entries written
 */
export async function writeDraftsFolder(config: Pick<AppConfig, 'dataDir' | 'databaseUrl'>, into: string): Promise<number> {
  let db: Database;
  let copy: string | undefined;
  if (config.databaseUrl) {
    db = await openPostgres(config.databaseUrl);
  } else {
    copy = await mkdtemp(path.join(os.tmpdir(), 'faqbot-drafts-db-'));
    await cp(path.join(config.dataDir, 'db'), copy, { recursive: true });
    db = await openPglite(copy);
  }
  try {
    // An older installation's copy may lack the newest tables; the copy is ours to migrate.
    if (copy) await migrate(db);
    const entries = await new DraftStore(db).entries();
    await mkdir(into, { recursive: true });
    for (const e of entries) await writeFile(path.join(into, `${e.id}.md`), serializeEntryMarkdown(e));
    return entries.length;
  } finally {
    await db.close();
    if (copy) await rm(copy, { recursive: true, force: true });
  }
}
