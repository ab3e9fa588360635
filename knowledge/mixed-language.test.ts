import { describe, expect, it } from 'vitest';
import { englishWordsIn, latinRuns, mixedLanguageRanking } from './mixed-language.ts';
import type { MatchCandidate } from './types.ts';

const candidate = (entryId: string, score: number, confidence: number, lang = 'pl'): MatchCandidate => ({
  entryId, lang, title: `${entryId} (${lang})`, matchedText: '', score, confidence, signals: { dense: 0, lexical: 0, bm25: 0, coverage: 0 },
});

describe('latinRuns', () => {
  it('cuts Latin words from the script around them, lower-cased, each once', () => {
    expect(latinRuns('متى يرجع الrefund حقي')).toEqual(['refund']);
    expect(latinRuns('tracking号码在哪里 Tracking')).toEqual(['tracking']);
    expect(latinRuns('ขอ refund หน่อย')).toEqual(['refund']);
    expect(latinRuns('怎么退货')).toEqual([]);
  });
});

describe('englishWordsIn', () => {
  const known = {
    knownInLanguage: (w: string) => ['kiedy', 'zwrot', 'paypal'].includes(w),
    knownInEnglish: (w: string) => ['refund', 'paypal', 'order'].includes(w),
  };
  it('keeps the Latin words the language does not know and the English entries use', () => {
    expect(englishWordsIn('kiedy będzie refund?', 'pl', known)).toEqual(['refund']);
    // A word both languages use is the question's own; one neither knows is nobody's.
    expect(englishWordsIn('czy jest paypal albo xyzzy', 'pl', known)).toEqual([]);
    // Too short to tell from a name or chat.
    expect(englishWordsIn('ok', 'th', { knownInLanguage: () => false, knownInEnglish: () => true })).toEqual([]);
  });
  it('finds none in an English question', () => {
    expect(englishWordsIn('where is my refund', 'en', known)).toEqual([]);
  });
});

describe('mixedLanguageRanking', () => {
  const title = (id: string) => `${id} (pl)`;
  it('puts first the entry both readings support, with the larger of its two confidences', () => {
    // "kiedy będzie refund?": the Polish words say back-in-stock ("kiedy będzie"), the English word refunds.
    const own = [candidate('back-in-stock', 0.6, 0.84), candidate('refund-timing', 0.2, 0.3), candidate('delivery-times', 0.1, 0.1)];
    const english = [candidate('refund-method', 0.45, 0.4, 'en'), candidate('refund-timing', 0.4, 0.35, 'en'), candidate('partial-refund', 0.1, 0.1, 'en')];
    const out = mixedLanguageRanking(own, english, { lang: 'pl', title });
    expect(out[0]!.entryId).toBe('refund-timing');
    expect(out[0]).toMatchObject({ lang: 'pl', title: 'refund-timing (pl)', confidence: 0.35 });
    // An entry only the English reading found is offered in the question's language.
    expect(out.find((c) => c.entryId === 'refund-method')).toMatchObject({ lang: 'pl', title: 'refund-method (pl)', matchedText: '' });
    expect(out.reduce((s, c) => s + c.score, 0)).toBeCloseTo(1, 6);
  });
  it('leaves the question as it was without an English reading', () => {
    const own = [candidate('a', 0.7, 0.8)];
    expect(mixedLanguageRanking(own, [], { lang: 'pl', title })).toEqual(own);
  });
});
