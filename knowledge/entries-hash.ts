import { createHash } from 'node:crypto';
import { serializeEntryMarkdown } from './markdown-format.ts';
import type { FaqEntry } from './types.ts';

/**
 * SHA-256 (hex) of entries as their Markdown files, in the order given: what a knowledge-base
 * version was built from. Snapshots store it with a prefix as `sourceHash` ("folder:" for the
 * knowledge folder, "admin:" for a publish of the drafts), and start-up compares a fresh one with
 * the stored one to see whether the folder changed, so the format must not change.
 *
 * @example
 * const sourceHash = `folder:${entriesHash(entries).slice(0, 24)}`;
 */
export function entriesHash(entries: readonly FaqEntry[]): string {
  const h = createHash('sha256');
  for (const e of entries) h.update(serializeEntryMarkdown(e));
  return h.digest('hex');
}
