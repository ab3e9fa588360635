import { describe, expect, it } from 'vitest';
import { outlierQuestions } from './outliers.ts';

describe('outlierQuestions', () => {
  it('loads the bundled English list, one question a line, no blanks or repeats', () => {
    const list = outlierQuestions('en');
    expect(list.length).toBeGreaterThan(200);
    expect(list.every((q) => q.trim() === q && q.length > 0)).toBe(true);
    expect(new Set(list).size).toBe(list.length);
  });

  it.each(['zh', 'th', 'ar', 'pl'])('has a list for every other shipped language (%s), without repeats', (lang) => {
    const list = outlierQuestions(lang);
    expect(list.length).toBeGreaterThan(150);
    expect(list.every((q) => q.trim() === q && q.length > 0)).toBe(true);
    expect(new Set(list).size).toBe(list.length);
  });

  it('has none for a language without a list, and never reads outside its folder', () => {
    expect(outlierQuestions('xx')).toEqual([]);
    expect(outlierQuestions('../package')).toEqual([]);
  });
});
