/** Test-only helpers for the suite runner: the product on the fixture knowledge base, in process. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../../app/config.ts';
import { templateDataDir, tempDir } from '../../app/test-support.ts';
import { serializeEntryMarkdown, type FaqEntry } from '../../knowledge/index.ts';
import { FIXTURE_ENTRIES } from '../../knowledge/test-fixtures.ts';
import { inProcessTarget } from './app-target.ts';

/**
 * The whole product in process on `entries` (default the fixture entries), started from the
 * fixture template (a warm embedding cache, so a changed entry costs only its own vectors).
 */
export async function fixtureTarget(prefix: string, entries: FaqEntry[] = FIXTURE_ENTRIES, env: Record<string, string> = {}) {
  const data = await templateDataDir('fixture', `${prefix}data-`);
  const kb = await tempDir(`${prefix}kb-`);
  for (const e of entries) await writeFile(path.join(kb.dir, `${e.id}.md`), serializeEntryMarkdown(e));
  const target = await inProcessTarget(loadConfig({ PORT: '0', LOG_LEVEL: 'silent', KB_DIR: kb.dir, ...env }, data.dir));
  return {
    target,
    async close() {
      await target.close();
      await data.cleanup();
      await kb.cleanup();
    },
  };
}
