import { describe, expect, it } from 'vitest';
import { parseEntryMarkdown, serializeEntryMarkdown } from './markdown-format.ts';
import { KnowledgeError } from './types.ts';

const SAMPLE = `---
id: return-an-item
category: returns
tags: returns, orders
related: refund-timing
---

## en
### How do I return an item?
- How can I send something back?
- I want to return my order

You can return most items within **30 days**.

1. Open **Orders**.
2. Press **Return**.

## zh
### 如何退货？
- 怎么退回商品？

大多数商品在签收后 **30 天** 内可以退货。
`;

describe('parseEntryMarkdown', () => {
  it('reads front matter, languages, question, alternates and the whole answer', () => {
    const e = parseEntryMarkdown(SAMPLE, 'x.md', 'x');
    expect(e).toMatchObject({ id: 'return-an-item', category: 'returns', tags: ['returns', 'orders'], related: ['refund-timing'], status: 'published' });
    expect(e.variants.map((v) => v.lang)).toEqual(['en', 'zh']);
    expect(e.variants[0]!.question).toBe('How do I return an item?');
    expect(e.variants[0]!.alternates).toEqual(['How can I send something back?', 'I want to return my order']);
    expect(e.variants[0]!.answer).toContain('**30 days**');
    expect(e.variants[0]!.answer).toContain('2. Press **Return**.');
    expect(e.variants[1]!.answer).toContain('30 天');
  });

  it('round-trips through serialize', () => {
    const e = parseEntryMarkdown(SAMPLE, 'x.md', 'x');
    expect(parseEntryMarkdown(serializeEntryMarkdown(e), 'y.md', 'y')).toEqual(e);
  });

  it('uses the file name as id without front matter', () => {
    const e = parseEntryMarkdown('## en\n### Q?\n\nA.\n', 'opening-hours.md', 'opening-hours');
    expect(e.id).toBe('opening-hours');
    expect(e.variants[0]!.alternates).toEqual([]);
  });

  it.each([
    ['## en\n\nNo question here.\n', /no "### question"|expected a "### question"/, 3],
    ['## english\n### Q?\n\nA\n', /not a language code/, 1],
    ['Intro text\n\n## en\n### Q?\n\nA\n', /before the first/, 1],
    ['## en\n### Q?\n- alt\n', /has no answer/, 1],
    ['---\nid: a\nbroken line\n---\n## en\n### Q\n\nA\n', /key: value/, 3],
  ])('reports a malformed file with its line: %#', (src, message, line) => {
    try {
      parseEntryMarkdown(src, 'bad.md', 'bad');
      expect.fail('should throw');
    } catch (err) {
      expect(err).toBeInstanceOf(KnowledgeError);
      expect((err as Error).message).toMatch(message);
      expect((err as KnowledgeError).line).toBe(line);
    }
  });
});
