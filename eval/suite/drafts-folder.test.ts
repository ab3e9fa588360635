import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DraftStore } from '../../admin/knowledge/index.ts';
import { migrate, openPglite } from '../../bot/index.ts';
import { loadKnowledgeFolder } from '../../knowledge/index.ts';
import { FIXTURE_ENTRIES } from '../../knowledge/test-fixtures.ts';
import { writeDraftsFolder } from './drafts-folder.ts';

describe('writeDraftsFolder', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('writes the installation\'s current drafts, not deleted ones, as a knowledge folder, from a copy of the embedded database', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'faqbot-drafts-data-'));
    dirs.push(dataDir);
    const db = await openPglite(path.join(dataDir, 'db'));
    await migrate(db);
    const drafts = new DraftStore(db);
    const actor = { id: 'editor-1', email: 'editor@example.com' };
    await drafts.seedIfEmpty(FIXTURE_ENTRIES.slice(0, 3));
    const edited = { ...FIXTURE_ENTRIES[0]!, variants: FIXTURE_ENTRIES[0]!.variants.map((v) => ({ ...v, answer: `${v.answer} (edited)` })) };
    const first = (await drafts.get(edited.id))!;
    await drafts.update(edited.id, edited, first.revision, actor);
    const gone = (await drafts.get(FIXTURE_ENTRIES[1]!.id))!;
    await drafts.remove(gone.entry.id, gone.revision, actor);
    // The server keeps its database open while a suite reads the drafts.
    const into = path.join(dataDir, 'kb');
    expect(await writeDraftsFolder({ dataDir }, into)).toBe(2);
    await db.close();

    const written = await loadKnowledgeFolder(into);
    expect(written.map((e) => e.id).sort()).toEqual([FIXTURE_ENTRIES[0]!.id, FIXTURE_ENTRIES[2]!.id].sort());
    expect(written.find((e) => e.id === edited.id)!.variants[0]!.answer).toMatch(/\(edited\)$/);
    expect((await readdir(into)).every((f) => f.endsWith('.md'))).toBe(true);
  });
});
