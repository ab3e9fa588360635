import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseEntryMarkdown } from './markdown-format.ts';
import { KnowledgeError, type FaqEntry } from './types.ts';

/**
 * Load every `*.md` entry file of a folder (not recursive; files named in upper case,
 * like FORMAT.md or README.md, are documentation and skipped).
 * @throws KnowledgeError on the first malformed file, or on two files with the same id.
 */
export async function loadKnowledgeFolder(dir: string): Promise<FaqEntry[]> {
  const isDoc = (base: string) => /[A-Z]/.test(base) && base === base.toUpperCase();
  const names = (await readdir(dir)).filter((n) => n.endsWith('.md') && !isDoc(n.slice(0, -3))).sort();
  const entries: FaqEntry[] = [];
  const seen = new Map<string, string>();
  for (const name of names) {
    const file = path.join(dir, name);
    const entry = parseEntryMarkdown(await readFile(file, 'utf8'), name, name.replace(/\.md$/, ''));
    const previous = seen.get(entry.id);
    if (previous) throw new KnowledgeError(`entry id "${entry.id}" is also used by ${previous}`, name);
    seen.set(entry.id, name);
    entries.push(entry);
  }
  return entries;
}
