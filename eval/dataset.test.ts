import { describe, expect, it } from 'vitest';
import { DatasetError, parseDataset } from './dataset.ts';
import { entriesFromExamples } from './run.ts';

describe('parseDataset', () => {
  it('reads the shared format and skips blank lines', () => {
    const ex = parseDataset('{"text":"hi","label":"a","split":"train","lang":"en"}\n\n{"text":"yo","label":"oos","split":"test"}\n');
    expect(ex).toHaveLength(2);
    expect(ex[1]!.lang).toBe('en');
  });

  it.each([
    ['{"text":"hi","label":"a","split":"train"}\n{broken', 2, /not valid JSON/],
    ['{"text":"hi","label":"a","split":"dev"}', 1, /split/],
    ['{"text":"","label":"a","split":"train"}', 1, /text/],
  ])('names the line of a malformed example: %#', (content, line, message) => {
    try {
      parseDataset(content, 'd.jsonl');
      expect.fail('should throw');
    } catch (err) {
      expect(err).toBeInstanceOf(DatasetError);
      expect((err as DatasetError).line).toBe(line);
      expect((err as Error).message).toMatch(message);
      expect((err as Error).message).toMatch(new RegExp(`^d.jsonl:${line}:`));
    }
  });
});

describe('entriesFromExamples', () => {
  it('makes one entry per label with its texts as phrasings, and none for oos', () => {
    const entries = entriesFromExamples([
      { text: 'q1', label: 'a', split: 'train', lang: 'en' },
      { text: 'q2', label: 'a', split: 'train', lang: 'en' },
      { text: 'x', label: 'oos', split: 'train', lang: 'en' },
    ]);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.variants[0]).toMatchObject({ question: 'q1', alternates: ['q2'] });
  });
});
