import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger, type Logger } from '../bot/index.ts';
import { serializeEntryMarkdown } from '../knowledge/index.ts';
import { FIXTURE_ENTRIES } from '../knowledge/test-fixtures.ts';
import { startApp } from './app.ts';
import { loadConfig } from './config.ts';
import { StartupError } from './startup-error.ts';
import { tempDir, templateDataDir, TEST_APP } from './test-support.ts';

const BROKEN = '---\nid: broken\nstatus: published\n---\n\n## en\nno question heading here\n';

/** The knowledge folder (KB_DIR) after an edit that broke it: a malformed file beside the fixture entries. */
describe('a knowledge folder that cannot be read', () => {
  let kb: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    kb = await tempDir('faqbot-broken-kb-');
    for (const e of FIXTURE_ENTRIES) await writeFile(path.join(kb.dir, `${e.id}.md`), serializeEntryMarkdown(e));
    await writeFile(path.join(kb.dir, 'broken.md'), BROKEN);
  });
  afterAll(async () => {
    await kb.cleanup();
  });

  it('leaves the live version answering, and logs which file and line to mend', async () => {
    // The fixture template: the same entries already published from a folder, version 1.
    const data = await templateDataDir('fixture', 'faqbot-broken-kb-data-');
    const errors: Array<{ msg: string; fields?: Record<string, unknown> }> = [];
    const logger: Logger = { ...silentLogger, error: (msg, fields) => void errors.push({ msg, fields }) };
    const app = await startApp(loadConfig({ PORT: '0', LOG_LEVEL: 'silent', KB_DIR: kb.dir }, data.dir), { ...TEST_APP, logger });
    try {
      expect(app.knowledge.version).toBe(1);
      expect(errors).toContainEqual({ msg: expect.stringMatching(/knowledge folder not published/), fields: expect.objectContaining({ kbDir: kb.dir, reason: expect.stringContaining('broken.md:7') }) });
      const res = await fetch(`${app.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'kb-broken', text: 'How do I return an item?' }) });
      expect((await res.json()).replies[0].entryId).toBe('return-an-item');
    } finally {
      await app.close();
      await data.cleanup();
    }
  }, 120_000);

  it('stops a first start, which has nothing to answer from, with the file and line', async () => {
    const data = await tempDir('faqbot-broken-kb-first-');
    try {
      const start = startApp(loadConfig({ PORT: '0', LOG_LEVEL: 'silent', KB_DIR: kb.dir }, data.dir), TEST_APP);
      await expect(start).rejects.toBeInstanceOf(StartupError);
      await expect(start).rejects.toThrow(`the knowledge folder ${kb.dir} (KB_DIR) cannot be published: broken.md:7: expected a "### question" heading`);
      await expect(startApp(loadConfig({ PORT: '0', LOG_LEVEL: 'silent', KB_DIR: path.join(kb.dir, 'nowhere') }, data.dir))).rejects.toThrow('cannot be published: no such folder');
    } finally {
      await data.cleanup();
    }
  }, 120_000);
});
