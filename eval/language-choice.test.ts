import { describe, expect, it } from 'vitest';
import { parseLanguageExamples, runLanguageChoice } from './language-choice.ts';

const here = (p: string) => new URL(p, import.meta.url).pathname;

describe('language choice on short customer messages', () => {
  it('gets at least 97% right in every shipped language, first message or not', async () => {
    const report = await runLanguageChoice({ dataset: here('./language-choice.jsonl'), kbDir: here('../knowledge/sample-kb') });
    expect(Object.keys(report.byLang).sort()).toEqual(['ar', 'en', 'pl', 'th', 'zh']);
    for (const [lang, s] of Object.entries(report.byLang)) {
      expect(s.n, lang).toBeGreaterThanOrEqual(100);
      expect(s.first / s.n, `${lang} first message`).toBeGreaterThanOrEqual(0.97);
      expect(s.kept / s.n, `${lang} in a conversation already in it`).toBeGreaterThanOrEqual(0.97);
    }
  }, 120_000);

  it('refuses a malformed line, naming it', () => {
    expect(() => parseLanguageExamples('{"text": "hi", "lang": "en"}\n{"text": "x"}\n', 'set.jsonl')).toThrow(/set\.jsonl:2/);
  });
});
