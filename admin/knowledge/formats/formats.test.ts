import { describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { loadConversationEntries, loadKnowledgeFolder, type FaqEntry } from '../../../knowledge/index.ts';
import { diffEntries } from '../diff.ts';
import { KnowledgeEditError } from '../errors.ts';
import { exportKnowledge, importKnowledge, parseCsv, stringifyCsv, FORMATS, type KnowledgeFormat } from './index.ts';

const SAMPLE_KB = new URL('../../../knowledge/sample-kb', import.meta.url).pathname;

/** The content field an API client would send for an exported file. */
const asContent = (format: KnowledgeFormat, body: Buffer) => (format === 'markdown' ? body.toString('base64') : body.toString('utf8'));

const malformedError = (fn: () => unknown): KnowledgeEditError => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(KnowledgeEditError);
    expect((err as KnowledgeEditError).code).toBe('malformed');
    return err as KnowledgeEditError;
  }
  throw new Error('expected a malformed-import error');
};

const tricky: FaqEntry = {
  id: 'tricky', category: 'edge, cases', tags: ['a', 'b c'], related: ['other'], status: 'draft',
  variants: [
    { lang: 'en', question: 'Does "quoting", work?', alternates: ['  leading space', 'semi;colon'], answer: 'Line one,\n\n- "two"\n- three\n\n| a | b |\n|---|---|\n| 1 | 2 |' },
    { lang: 'ar', question: 'كيف أعيد المنتج؟', alternates: [], answer: 'خلال **30 يومًا**.' },
  ],
};

describe('knowledge import/export formats', () => {
  it.each(FORMATS)('round-trips the bundled conversation entries through %s, keeping kind: conversation', async (format) => {
    const entries = await loadConversationEntries();
    expect(entries.every((e) => e.kind === 'conversation')).toBe(true);
    const back = importKnowledge(format, asContent(format, exportKnowledge(format, entries).body));
    expect(diffEntries(entries, back)).toEqual({ added: [], changed: [], removed: [], unchanged: entries.length });
    expect(back.every((e) => e.kind === 'conversation')).toBe(true);
  });

  it.each(FORMATS)('round-trips the real sample knowledge base through %s: nothing added, changed or removed', async (format) => {
    const sample = await loadKnowledgeFolder(SAMPLE_KB);
    expect(sample.length).toBeGreaterThan(40);
    const file = exportKnowledge(format, sample);
    const back = importKnowledge(format, asContent(format, file.body));
    expect(diffEntries(sample, back)).toEqual({ added: [], changed: [], removed: [], unchanged: sample.length });
    // Its synonym groups stay synonyms, commas and all.
    expect(back.find((e) => e.id === 'synonyms')).toMatchObject({ kind: 'synonyms', variants: expect.arrayContaining([expect.objectContaining({ alternates: expect.arrayContaining(['parcel, package, packet, shipment']) })]) });
    // Exporting what was imported gives the same file, byte for byte.
    expect(exportKnowledge(format, back).body.equals(file.body)).toBe(true);
  });

  it.each(['csv', 'json'] as const)('keeps quotes, commas, line breaks, tables and right-to-left text in %s', (format) => {
    const back = importKnowledge(format, asContent(format, exportKnowledge(format, [tricky]).body));
    // Alternates are trimmed on import, like everything an editor types.
    expect(back).toEqual([{ ...tricky, variants: [{ ...tricky.variants[0]!, alternates: ['leading space', 'semi;colon'] }, tricky.variants[1]] }]);
  });

  it('names the file and line of a malformed Markdown file in the zip, skipping documentation files', () => {
    const zip = zipSync({
      'kb/FORMAT.md': strToU8('# not an entry'),
      'kb/good.md': strToU8('---\nid: good\n---\n## en\n### Q?\n\nA.\n'),
      'kb/bad.md': strToU8('---\nid: bad\n---\n## en\n### Q?\n\nA.\n\n## english\n### Q2?\n\nB.\n'),
    });
    const err = malformedError(() => importKnowledge('markdown', Buffer.from(zip).toString('base64')));
    expect(err.data).toMatchObject({ file: 'kb/bad.md', line: 9 });
    expect(err.message).toBe('kb/bad.md, line 9: "## english" is not a language code');
    const ok = importKnowledge('markdown', Buffer.from(zipSync({ 'kb/FORMAT.md': strToU8('# doc'), 'kb/good.md': strToU8('---\nid: good\n---\n## en\n### Q?\n\nA.\n') })).toString('base64'));
    expect(ok.map((e) => e.id)).toEqual(['good']);
  });

  it('refuses a zip that is not one, or holds no entries, or two files with one id', () => {
    expect(malformedError(() => importKnowledge('markdown', Buffer.from('hello').toString('base64'))).message).toMatch(/not a readable zip/);
    expect(malformedError(() => importKnowledge('markdown', 'not base64 at all!')).message).toMatch(/not base64/);
    expect(malformedError(() => importKnowledge('markdown', Buffer.from(zipSync({ 'a.txt': strToU8('x') })).toString('base64'))).message).toMatch(/no entry files/);
    const twice = zipSync({ 'a.md': strToU8('---\nid: same\n---\n## en\n### Q?\n\nA.\n'), 'b.md': strToU8('---\nid: same\n---\n## en\n### Q?\n\nA.\n') });
    expect(malformedError(() => importKnowledge('markdown', Buffer.from(twice).toString('base64'))).message).toMatch(/b\.md, line 1: entry id "same" is also used in a\.md/);
  });

  it('names the line of a CSV problem, counting line breaks inside quoted cells', () => {
    const header = 'id,lang,question,alternates,answer\r\n';
    const twoLine = 'a,en,Q?,"alt one\nalt two",A.\r\n';
    expect(malformedError(() => importKnowledge('csv', `${header}${twoLine}b,en,"Q?,A.\r\n`)).data).toMatchObject({ file: 'knowledge.csv', line: 4 });
    expect(malformedError(() => importKnowledge('csv', `${header}${twoLine}b,en,Q?,,\r\n`)).message).toBe('knowledge.csv, line 4: entry "b": variants.0.answer: answer is empty');
    expect(malformedError(() => importKnowledge('csv', `${header}${twoLine}b,en,Q?\r\n`)).message).toMatch(/line 4: expected 5 fields, found 3/);
    expect(malformedError(() => importKnowledge('csv', `${header}${twoLine}a,english,Q?,,A.\r\n`)).data.line).toBe(4);
    expect(malformedError(() => importKnowledge('csv', 'id,lang,question,answer,colour\r\n')).message).toMatch(/line 1: unknown column "colour"/);
    expect(malformedError(() => importKnowledge('csv', 'id,lang,question\r\n')).message).toMatch(/no "answer" column/);
    expect(malformedError(() => importKnowledge('csv', 'id,category,lang,question,answer\r\na,x,en,Q,A\r\na,y,pl,P,O\r\n')).message).toMatch(/line 3: entry "a": category "y" differs from "x" on line 2/);
    expect(malformedError(() => importKnowledge('csv', '')).message).toMatch(/empty/);
    expect(malformedError(() => importKnowledge('csv', 'id,lang,question,answer\r\na,en,say "hi",A\r\n')).data.line).toBe(2);
  });

  it('names the line of a JSON syntax error, and of an invalid entry', () => {
    expect(malformedError(() => importKnowledge('json', '{\n  "entries": [\n    {"id": "a",}\n  ]\n}')).data).toMatchObject({ file: 'knowledge.json', line: 3 });
    const json = exportKnowledge('json', [tricky, { ...tricky, id: 'second' }]).body.toString().replace('"id": "second"', '"id": "Second Entry"');
    const err = malformedError(() => importKnowledge('json', json));
    expect(err.message).toMatch(/entry "Second Entry": id: /);
    expect(err.data.line).toBe(json.split('\n').findIndex((l) => l.includes('Second Entry')) + 1);
    expect(malformedError(() => importKnowledge('json', '{"nothing": 1}')).message).toMatch(/expected \{ "entries"/);
    expect(importKnowledge('json', JSON.stringify([tricky])).map((e) => e.id)).toEqual(['tricky']);
  });

  it('writes and reads RFC 4180 CSV', () => {
    const rows = [['a', 'b,c', 'say "hi"'], ['multi\nline', '', ' padded ']];
    const text = stringifyCsv(rows);
    expect(text).toBe('a,"b,c","say ""hi"""\r\n"multi\nline",," padded "\r\n');
    expect(parseCsv(text).map((r) => r.fields)).toEqual(rows);
    expect(parseCsv('\uFEFFx,y\n1,2\n\n3,4').map((r) => [r.line, r.fields])).toEqual([[1, ['x', 'y']], [2, ['1', '2']], [4, ['3', '4']]]);
  });
});
