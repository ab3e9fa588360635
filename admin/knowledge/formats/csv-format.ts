import type { FaqEntry } from '../../../knowledge/index.ts';
import { checkedEntries, malformed, type ReadEntry } from './checked.ts';
import { CsvSyntaxError, parseCsv, stringifyCsv } from './csv-text.ts';

/** The columns, in export order. One row per entry and language. */
export const CSV_COLUMNS = ['id', 'category', 'tags', 'related', 'status', 'lang', 'question', 'alternates', 'answer', 'kind'] as const;
const REQUIRED = ['id', 'lang', 'question', 'answer'];
type Column = (typeof CSV_COLUMNS)[number];

const list = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);

/**
 * The knowledge base as CSV for spreadsheets: one row per entry × language; tags and related
 * joined by ", ", alternates one per line inside their cell. Starts with a byte-order mark so
 * Excel reads it as UTF-8.
 */
export function exportCsv(entries: readonly FaqEntry[]): string {
  const rows: string[][] = [[...CSV_COLUMNS]];
  for (const e of entries) {
    for (const v of e.variants) {
      rows.push([e.id, e.category ?? '', e.tags.join(', '), e.related.join(', '), e.status, v.lang, v.question, v.alternates.join('\n'), v.answer, e.kind && e.kind !== 'faq' ? e.kind : '']);
    }
  }
  return `\uFEFF${stringifyCsv(rows)}`;
}

/**
 * Read a CSV export. Rows of one entry share its id; the entry's fields (category, tags,
 * related, status, kind) come from its first row, and a later row may leave them blank but not
 * contradict them.
 * @throws MalformedImportError naming the line.
 */
export function importCsv(text: string, file = 'knowledge.csv'): FaqEntry[] {
  let records;
  try {
    records = parseCsv(text);
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw malformed(err.message, err.line, file);
    throw err;
  }
  const [header, ...rows] = records;
  if (!header) throw malformed('the file is empty (expected a header row: id,lang,question,answer,…)', 1, file);
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const unknown = names.find((n) => !(CSV_COLUMNS as readonly string[]).includes(n));
  if (unknown !== undefined) throw malformed(`unknown column "${unknown}" (columns: ${CSV_COLUMNS.join(', ')})`, header.line, file);
  const missing = REQUIRED.find((n) => !names.includes(n));
  if (missing) throw malformed(`the header has no "${missing}" column`, header.line, file);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw malformed(`column "${dup}" appears twice`, header.line, file);

  const entries = new Map<string, { read: ReadEntry; entry: Record<string, unknown> & { variants: unknown[] }; fields: Record<string, string> }>();
  for (const r of rows) {
    if (r.fields.length !== names.length) throw malformed(`expected ${names.length} fields, found ${r.fields.length}`, r.line, file);
    const cell = (c: Column) => {
      const i = names.indexOf(c);
      return i < 0 ? '' : r.fields[i]!;
    };
    const id = cell('id').trim();
    if (!id) throw malformed('the id is empty', r.line, file);
    const variant = { lang: cell('lang'), question: cell('question'), alternates: cell('alternates').split('\n'), answer: cell('answer') };
    const own = { category: cell('category').trim(), tags: cell('tags').trim(), related: cell('related').trim(), status: cell('status').trim(), kind: cell('kind').trim() };
    const known = entries.get(id);
    if (!known) {
      const entry = { id, category: own.category || undefined, tags: list(own.tags), related: list(own.related), status: own.status || 'published', kind: own.kind || undefined, variants: [variant] };
      entries.set(id, { read: { entry, file, line: r.line, variantLines: [r.line] }, entry, fields: own });
      continue;
    }
    for (const [k, v] of Object.entries(own) as Array<[keyof typeof own, string]>) {
      if (v && v !== known.fields[k]) throw malformed(`entry "${id}": ${k} "${v}" differs from "${known.fields[k]}" on line ${known.read.line}`, r.line, file);
    }
    known.entry.variants.push(variant);
    known.read.variantLines!.push(r.line);
  }
  return checkedEntries([...entries.values()].map((e) => e.read));
}
