import { describe, expect, it } from 'vitest';
import { outlierQuestions } from './outliers.ts';

describe('outlierQuestions', () => {
  it('loads the bundled English list, one question a line, no blanks or repeats', () => {
    const list = outlierQuestions('en');
    expect(list.length).toBeGreaterThan(200);
    expect(list.every((q) => q.trim() === q && q.length > 0)).toBe(true);
    expect(new Set(list).size).toBe(list.length);
  });

  it('has none for a language without a list, and never reads outside its folder', () => {
    expect(outlierQuestions('xx')).toEqual([]);
    expect(outlierQuestions('../package')).toEqual([]);
  });
});
