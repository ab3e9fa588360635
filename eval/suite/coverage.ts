import type { Coverage, QuestionResult } from './results.ts';

/**
 * Entries × languages that no test question (an expected entry in a language) or recorded
 * question (`recorded`: entry id and language of past customer questions) exercises.
 * Entries that are no FAQ answer (`notFaq`: small talk, the product's, and synonyms, never answered) are left out.
 */
export function coverageOf(entries: Array<{ id: string; langs: string[]; notFaq?: boolean }>, questions: Array<Pick<QuestionResult, 'expectedEntry' | 'lang'>>, recorded: Array<{ entryId: string; lang: string }> = []): Coverage {
  const seen = new Set([...questions.filter((q) => q.expectedEntry).map((q) => `${q.expectedEntry}\0${q.lang}`), ...recorded.map((r) => `${r.entryId}\0${r.lang}`)]);
  const missing: Record<string, string[]> = {};
  let pairs = 0;
  let covered = 0;
  const faq = entries.filter((e) => !e.notFaq);
  for (const e of faq) {
    for (const lang of e.langs) {
      pairs++;
      if (seen.has(`${e.id}\0${lang}`)) covered++;
      else (missing[e.id] ??= []).push(lang);
    }
  }
  return { entries: faq.length, pairs, covered, missing };
}
