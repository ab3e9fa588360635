import { describe, expect, it } from 'vitest';
import { entriesHash } from './entries-hash.ts';
import type { FaqEntry } from './types.ts';

const entry = (id: string, answer = 'Within 30 days.'): FaqEntry => ({
  id, tags: [], related: [], status: 'published',
  variants: [{ lang: 'en', question: `Question ${id}?`, alternates: ['another way to ask'], answer }],
});

describe('entriesHash', () => {
  it('keeps the format stored in existing snapshots', () => {
    // A changed format would make start-up republish every folder-seeded knowledge base.
    expect(entriesHash([entry('returns')])).toBe('bffa538fdba1a0be7cbbabc3db148c5d804bb456cc12781c99cc2a17dbb551fd');
  });

  it('changes with the content, the status and the order of the entries', () => {
    const base = entriesHash([entry('a'), entry('b')]);
    expect(entriesHash([entry('a'), entry('b')])).toBe(base);
    expect(entriesHash([entry('a', 'Within 14 days.'), entry('b')])).not.toBe(base);
    expect(entriesHash([{ ...entry('a'), status: 'draft' }, entry('b')])).not.toBe(base);
    expect(entriesHash([entry('b'), entry('a')])).not.toBe(base);
  });
});
