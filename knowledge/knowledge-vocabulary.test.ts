import { describe, expect, it } from 'vitest';
import { KnowledgeVocabulary } from './knowledge-vocabulary.ts';

const texts = [
  { lang: 'en', text: 'When will I get my money back? Refunds reach your card within 5 working days.' },
  { lang: 'en', text: 'How do I return an item I bought?' },
  { lang: 'pl', text: 'Kiedy dostanę zwrot pieniędzy? Pieniądze wracają na kartę w ciągu 5 dni roboczych.' },
  { lang: 'pl', text: 'Jak zwrócić kupiony produkt?' },
];

describe('KnowledgeVocabulary', () => {
  const v = new KnowledgeVocabulary(texts, 'en');
  const best = (text: string) => [...v.logLikelihoods(text).byLang].sort((a, b) => b[1] - a[1])[0]![0];

  it('finds unaccented words in the language whose entries have them accented', () => {
    expect(best('kiedy dostane zwrot pieniedzy')).toBe('pl');
    expect(best('jak zwrocic produkt')).toBe('pl');
    expect(best('when do I get my money back')).toBe('en');
  });

  it('offers the knowledge base languages and the default, and says which have text', () => {
    const withDefault = new KnowledgeVocabulary(texts.filter((t) => t.lang === 'pl'), 'en');
    expect(withDefault.languages).toEqual(['en', 'pl']);
    expect(withDefault.has('pl')).toBe(true);
    expect(withDefault.has('en')).toBe(false);
    // A language without text only ever wins on the detector's own evidence.
    const ll = withDefault.logLikelihoods('jak zwrocic').byLang;
    expect(ll.get('pl')!).toBeGreaterThan(ll.get('en')!);
  });

  it('builds from published entries only', () => {
    const entry = (status: 'published' | 'draft', lang: string) => ({
      id: `e-${status}-${lang}`, category: 'c', tags: [], related: [], status,
      variants: [{ lang, question: 'Jak zwrócić produkt?', alternates: [], answer: 'W ciągu **30 dni**.' }],
    });
    const fromEntries = KnowledgeVocabulary.fromEntries([entry('published', 'pl'), entry('draft', 'de')], 'en');
    expect(fromEntries.languages).toEqual(['en', 'pl']);
  });
});
