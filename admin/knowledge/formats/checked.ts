import type { FaqEntry } from '../../../knowledge/index.ts';
import { MalformedImportError } from '../errors.ts';
import { EntrySchema, firstIssue, issuesOf, canonicalEntry } from '../schema.ts';

/** An entry read from an import file, with where it came from. */
export interface ReadEntry {
  entry: unknown;
  file?: string;
  line: number;
  /** Line of each variant, when they are on lines of their own (CSV rows). */
  variantLines?: number[];
}

/** A malformed import: nothing is applied, and the editor is told the file and line. */
export function malformed(message: string, line: number, file?: string, details?: unknown[]): MalformedImportError {
  return new MalformedImportError(`${file ? `${file}, ` : ''}line ${line}: ${message}`, { line, ...(file ? { file } : {}), ...(details ? { details } : {}) });
}

/**
 * Validate every entry of an import with the editor's rules, and refuse two with the same id.
 * @throws MalformedImportError naming the first bad entry's file and line.
 */
export function checkedEntries(read: readonly ReadEntry[]): FaqEntry[] {
  const seen = new Map<string, ReadEntry>();
  return read.map((r) => {
    const parsed = EntrySchema.safeParse(r.entry);
    if (!parsed.success) {
      const id = (r.entry as { id?: unknown } | null)?.id;
      const path = parsed.error.issues[0]?.path ?? [];
      const line = path[0] === 'variants' && typeof path[1] === 'number' ? r.variantLines?.[path[1]] ?? r.line : r.line;
      throw malformed(`${typeof id === 'string' ? `entry "${id}": ` : ''}${firstIssue(parsed.error)}`, line, r.file, issuesOf(parsed.error));
    }
    const entry = canonicalEntry(parsed.data as FaqEntry);
    const earlier = seen.get(entry.id);
    if (earlier) throw malformed(`entry id "${entry.id}" is also used ${earlier.file && earlier.file !== r.file ? `in ${earlier.file}` : `on line ${earlier.line}`}`, r.line, r.file);
    seen.set(entry.id, r);
    return entry;
  });
}
