import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { formatFollowUps, parseFollowUps, type FollowUpResult } from './follow-ups.ts';

const here = (p: string) => new URL(p, import.meta.url).pathname;

describe('follow-up datasets', () => {
  it('name entries of the sample knowledge base, 30 follow-ups and 15 new questions per language', async () => {
    const ids = new Set((await readdir(here('../knowledge/sample-kb'))).filter((f) => f.endsWith('.md') && f !== 'FORMAT.md').map((f) => f.slice(0, -3)));
    for (const file of ['./follow-ups-dev.jsonl', './follow-ups-test.jsonl']) {
      const examples = parseFollowUps(await readFile(here(file), 'utf8'));
      for (const e of examples) expect([ids.has(e.label), ids.has(e.contextLabel)], `${file}: ${e.text}`).toEqual([true, true]);
      for (const lang of ['ar', 'en', 'pl', 'th', 'zh']) {
        expect(examples.filter((e) => e.lang === lang && e.kind === 'follow-up'), `${file} ${lang}`).toHaveLength(30);
        expect(examples.filter((e) => e.lang === lang && e.kind === 'new'), `${file} ${lang}`).toHaveLength(15);
      }
    }
  });

  it('refuses a line without its context, naming the line', () => {
    expect(() => parseFollowUps('{"lang": "en", "context": "how do I return it?", "contextLabel": "a", "text": "and the cost?", "label": "b", "kind": "follow-up"}\n{"lang": "en", "text": "x", "label": "b", "kind": "new"}\n')).toThrow(/line 2/);
  });
});

describe('formatFollowUps', () => {
  it('gives each outcome\'s share per kind and language, leaving out conversations whose context went to a person or whose first part was answered', () => {
    const base = { lang: 'pl', context: 'c', contextLabel: 'a', text: 't', label: 'b', kind: 'follow-up', contextAnswered: true, contextHandedOff: false } as const;
    const results: FollowUpResult[] = [
      { ...base, outcome: 'right' }, { ...base, outcome: 'right' }, { ...base, outcome: 'wrong' }, { ...base, outcome: 'clarified-right', contextAnswered: false },
      { ...base, outcome: 'handoff', contextHandedOff: true, contextAnswered: false },
      // A question's second part counts only where the bot did not answer the first.
      { ...base, kind: 'fragment', outcome: 'right', contextAnswered: false }, { ...base, kind: 'fragment', outcome: 'right', contextAnswered: true },
    ];
    const table = formatFollowUps(results);
    expect(table).toMatch(/^follow-up\s+pl\s+4\s+50\.0%\s+25\.0%\s+25\.0%\s+0\.0%/m);
    expect(table).toMatch(/^fragment\s+pl\s+1\s+100\.0%/m);
    expect(table).toContain('answered with their entry: 4 of 7 (the others pressed, for follow-up and new); left out: 1 handed off, 1 fragment or after-miss answered');
  });
});
