import type { FaqEntry } from '../../knowledge/index.ts';
import { sameEntry } from './schema.ts';

/** What changes when `from` becomes `to`, by entry id (each list sorted). */
export interface EntryDiff {
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: number;
}

/**
 * Compare two sets of entries by id and content: drafts against the live version
 * (`GET /api/admin/changes`), or the drafts against an import file (its preview).
 */
export function diffEntries(from: readonly FaqEntry[], to: readonly FaqEntry[]): EntryDiff {
  const before = new Map(from.map((e) => [e.id, e]));
  const after = new Map(to.map((e) => [e.id, e]));
  const diff: EntryDiff = { added: [], changed: [], removed: [], unchanged: 0 };
  for (const [id, e] of after) {
    const old = before.get(id);
    if (!old) diff.added.push(id);
    else if (!sameEntry(old, e)) diff.changed.push(id);
    else diff.unchanged++;
  }
  for (const id of before.keys()) if (!after.has(id)) diff.removed.push(id);
  diff.added.sort();
  diff.changed.sort();
  diff.removed.sort();
  return diff;
}
