import type { FaqEntry } from '../../../knowledge/index.ts';
import { checkedEntries, malformed } from './checked.ts';

/** Marks our export, so a JSON file from elsewhere is recognised as such. */
export const JSON_FORMAT_TAG = 'faqbot-knowledge';

/** The whole knowledge base as JSON: `{ format, version: 1, entries: FaqEntry[] }`, indented. */
export function exportJson(entries: readonly FaqEntry[]): string {
  return `${JSON.stringify({ format: JSON_FORMAT_TAG, version: 1, entries }, null, 2)}\n`;
}

/** 1-based line of a character offset. */
const lineAt = (text: string, offset: number) => text.slice(0, Math.max(0, offset)).split('\n').length;

/** Where JSON.parse gave up, from its message ("at position 12", or "line 3 column 5" on newer Node). */
function syntaxLine(text: string, err: SyntaxError): number {
  const lc = /line (\d+) column \d+/.exec(err.message);
  if (lc) return Number(lc[1]);
  const pos = /position (\d+)/.exec(err.message);
  return pos ? lineAt(text, Number(pos[1])) : 1;
}

/**
 * Read a JSON export (or a bare array of entries).
 * @throws MalformedImportError with the line of a syntax error or of the bad entry.
 */
export function importJson(text: string, file = 'knowledge.json'): FaqEntry[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw malformed(`not valid JSON (${(err as Error).message})`, syntaxLine(text, err as SyntaxError), file);
  }
  const list = Array.isArray(data) ? data : (data as { entries?: unknown } | null)?.entries;
  if (!Array.isArray(list)) throw malformed('expected { "entries": [...] } or an array of entries', 1, file);
  // JSON has no line numbers after parsing: point at the entry's id where it is written.
  let from = 0;
  const read = list.map((entry) => {
    const id = (entry as { id?: unknown } | null)?.id;
    const pattern = typeof id === 'string' ? new RegExp(`"id"\\s*:\\s*${JSON.stringify(id).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'g') : undefined;
    if (pattern) pattern.lastIndex = from;
    const at = pattern?.exec(text)?.index ?? -1;
    if (at >= 0) from = at + 1;
    return { entry, file, line: at >= 0 ? lineAt(text, at) : 1 };
  });
  return checkedEntries(read);
}
