import { strFromU8, strToU8, unzipSync, zipSync, type Unzipped } from 'fflate';
import { KnowledgeError, parseEntryMarkdown, serializeEntryMarkdown, type FaqEntry } from '../../../knowledge/index.ts';
import { checkedEntries, malformed } from './checked.ts';

/** Limits that keep a hostile zip (a "zip bomb") from exhausting memory. */
const MAX_FILES = 5000;
const MAX_TOTAL_BYTES = 50 * 1024 * 1024;

/**
 * The knowledge base as the Markdown folder of knowledge/sample-kb/FORMAT.md, zipped:
 * one `<id>.md` per entry, the same files `KB_DIR` reads.
 */
export function exportMarkdownZip(entries: readonly FaqEntry[]): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const e of entries) files[`${e.id}.md`] = strToU8(serializeEntryMarkdown(e));
  return zipSync(files, { level: 6, mtime: new Date('2000-01-01T00:00:00Z') });
}

/** Documentation files (FORMAT.md, README.md) are skipped, as the folder loader does. */
const isDoc = (base: string) => /[A-Z]/.test(base) && base === base.toUpperCase();

/**
 * Read a zipped Markdown folder (files may sit in one sub-folder, as when a folder is zipped).
 * @throws MalformedImportError naming the file and line of the first problem.
 */
export function importMarkdownZip(zip: Uint8Array): FaqEntry[] {
  let files: Unzipped;
  let count = 0;
  let total = 0;
  try {
    files = unzipSync(zip, {
      filter: (f) => {
        if (++count > MAX_FILES) throw new RangeError(`more than ${MAX_FILES} files`);
        total += f.originalSize;
        if (total > MAX_TOTAL_BYTES) throw new RangeError(`more than ${MAX_TOTAL_BYTES / 1024 / 1024} MB unpacked`);
        return f.name.endsWith('.md') && !f.name.startsWith('__MACOSX/');
      },
    });
  } catch (err) {
    throw malformed(`not a readable zip file (${(err as Error).message})`, 1, 'knowledge.zip');
  }
  const names = Object.keys(files).filter((n) => !isDoc(n.split('/').pop()!.slice(0, -3))).sort();
  if (!names.length) throw malformed('the zip holds no entry files (*.md)', 1, 'knowledge.zip');
  const read = names.map((name) => {
    const base = name.split('/').pop()!.slice(0, -3);
    let text: string;
    try {
      text = strFromU8(files[name]!);
    } catch {
      throw malformed('not UTF-8 text', 1, name);
    }
    try {
      return { entry: parseEntryMarkdown(text, name, base), file: name, line: 1 };
    } catch (err) {
      if (err instanceof KnowledgeError) {
        // KnowledgeError's message starts with "file:line: "; keep just the reason.
        const prefix = `${err.source ?? ''}${err.line ? `:${err.line}` : ''}: `;
        const reason = err.source && err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
        throw malformed(reason, err.line ?? 1, name);
      }
      throw err;
    }
  });
  return checkedEntries(read);
}
