import { readdir, readFile } from 'node:fs/promises';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledgeFolder } from '../../knowledge/index.ts';
import { diffEntries } from './diff.ts';
import { knowledgeHarness, type KnowledgeHarness } from './test-support.ts';

const SAMPLE_KB = new URL('../../knowledge/sample-kb/', import.meta.url).pathname;

/** The sample folder exactly as it is on disk (FORMAT.md included), zipped and base64-encoded. */
async function zippedSampleFolder(): Promise<string> {
  const files: Record<string, Uint8Array> = {};
  for (const name of await readdir(SAMPLE_KB)) files[`sample-kb/${name}`] = new Uint8Array(await readFile(`${SAMPLE_KB}${name}`));
  return Buffer.from(zipSync(files)).toString('base64');
}

describe('knowledge import and export API', () => {
  let h: KnowledgeHarness;
  let editor: string;
  const mark = () => h.admin.editing!.drafts.changeMark();

  beforeAll(async () => {
    h = await knowledgeHarness();
    editor = h.cookies.editor;
  }, 300_000);
  afterAll(() => h?.close());

  it('previews, then applies, the real sample knowledge base folder as a zip', async () => {
    const sample = await loadKnowledgeFolder(SAMPLE_KB);
    const expected = diffEntries(await h.admin.editing!.drafts.entries(), sample);
    const content = await zippedSampleFolder();
    const before = await mark();
    const preview = await h.call('POST', '/api/admin/import/preview', { cookie: editor, body: { format: 'markdown', content } });
    expect(preview).toMatchObject({ status: 200, body: expected });
    expect(preview.body.added.length).toBeGreaterThan(0);
    expect(await mark()).toBe(before); // a preview changes nothing

    const applied = await h.call('POST', '/api/admin/import/apply', { cookie: editor, body: { format: 'markdown', content } });
    expect(applied).toMatchObject({ status: 200, body: expected });
    expect(diffEntries(sample, await h.admin.editing!.drafts.entries())).toMatchObject({ added: [], changed: [], removed: [] });
    const audit = (await h.call('GET', '/api/admin/audit?limit=1', { cookie: editor })).body.events[0];
    expect(audit).toMatchObject({ action: 'import.markdown', actor: { email: expect.stringContaining('editor') }, after: { added: expected.added } });
  });

  it.each([
    ['markdown', 'application/zip', 'knowledge.zip'],
    ['csv', 'text/csv; charset=utf-8', 'knowledge.csv'],
    ['json', 'application/json; charset=utf-8', 'knowledge.json'],
  ] as const)('exports %s as a download, and importing it back changes nothing', async (format, type, filename) => {
    const res = await fetch(`${h.url}/api/admin/export?format=${format}`, { headers: { cookie: h.cookies.analyst } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${filename}"`);
    const body = Buffer.from(await res.arrayBuffer());
    const content = format === 'markdown' ? body.toString('base64') : body.toString('utf8');
    const before = await mark();
    for (const step of ['preview', 'apply']) {
      const r = await h.call('POST', `/api/admin/import/${step}`, { cookie: editor, body: { format, content } });
      expect(r.body, step).toMatchObject({ added: [], changed: [], removed: [] });
      expect(r.body.unchanged).toBeGreaterThan(40);
    }
    expect(await mark()).toBe(before);
  });

  it('refuses a malformed file with 422 naming the file and line, and imports nothing of it', async () => {
    const csv = (await (await fetch(`${h.url}/api/admin/export?format=csv`, { headers: { cookie: editor } })).text());
    const lines = csv.split('\r\n');
    // A new entry first (it must not be half-imported), then a broken row.
    lines.splice(1, 0, 'brand-new,,,,published,en,New question?,,New answer.,');
    lines.splice(5, 1, 'broken-entry,,,,published,xx-toolong,Q?,,A.,');
    // Cells hold line breaks (alternates, answers): count physical lines, as an editor's text editor does.
    const line = lines.slice(0, 5).join('\r\n').split('\n').length + 1;
    expect(line).toBeGreaterThan(6);
    const before = await mark();
    for (const step of ['preview', 'apply']) {
      const r = await h.call('POST', `/api/admin/import/${step}`, { cookie: editor, body: { format: 'csv', content: lines.join('\r\n') } });
      expect(r.status, step).toBe(422);
      expect(r.body).toMatchObject({ error: 'malformed', file: 'knowledge.csv', line, message: expect.stringContaining(`line ${line}: entry "broken-entry"`) });
    }
    const json = await h.call('POST', '/api/admin/import/apply', { cookie: editor, body: { format: 'json', content: '{"entries": [\n{"id": "x"\n' } });
    expect(json).toMatchObject({ status: 422, body: { error: 'malformed', file: 'knowledge.json' } });
    const zip = await h.call('POST', '/api/admin/import/apply', { cookie: editor, body: { format: 'markdown', content: 'bm90IGEgemlw' } });
    expect(zip).toMatchObject({ status: 422, body: { error: 'malformed', line: 1 } });
    expect(await mark()).toBe(before);
    expect((await h.call('GET', '/api/admin/entries/brand-new', { cookie: editor })).status).toBe(404);
  });

  it('refuses malformed import and export requests with 400', async () => {
    expect((await h.call('GET', '/api/admin/export?format=xml', { cookie: editor })).status).toBe(400);
    for (const body of [{ format: 'xml', content: 'x' }, { format: 'csv' }, { format: 'csv', content: '' }, { format: 'csv', content: 5 }, { format: 'csv', content: 'x', extra: 1 }]) {
      const r = await h.call('POST', '/api/admin/import/preview', { cookie: editor, body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error).toBe('bad_request');
    }
    const huge = await h.call('POST', '/api/admin/import/apply', { cookie: editor, body: { format: 'csv', content: 'x'.repeat(1_100_000) } });
    expect(huge.status).toBe(413);
  });
});
