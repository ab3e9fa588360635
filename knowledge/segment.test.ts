import { describe, expect, it } from 'vitest';
import { indexTokens, lexicalFeatures, normalizeText, words } from './segment.ts';
import { LexicalModel } from './lexical-model.ts';

describe('segmentation', () => {
  it('splits Chinese and Thai, which have no spaces, into several words', () => {
    expect(words('我想退货，怎么办？', 'zh').length).toBeGreaterThan(2);
    expect(words('ฉันต้องการคืนสินค้า', 'th').length).toBeGreaterThan(2);
  });

  it('keeps Thai words with the vowel ำ whole, however it was typed', () => {
    // NFKC spells ำ as ํ + า, and the segmenter then cut these words apart ("จํา|นว|น").
    expect(words('จำนวนเงิน', 'th')).toEqual(['จำนวน', 'เงิน']);
    expect(words('สินค้าชำรุดทำยังไง', 'th')).toEqual(['สินค้า', 'ชำรุด', 'ทำ', 'ยัง', 'ไง']);
    expect(normalizeText('ค่ำ')).toBe('ค่ำ');
    expect(normalizeText('ชํารุด')).toBe('ชำรุด');
  });

  it('folds case, Latin accents and Arabic diacritics', () => {
    expect(normalizeText('Zwrócić Łódź')).toBe('zwrocic lodz');
    expect(normalizeText('مَرْحَبًا')).toBe('مرحبا');
    // Thai vowel marks are meaning, not decoration.
    expect(normalizeText('คืนสินค้า')).toBe('คืนสินค้า');
  });

  it('indexes words and character trigrams', () => {
    const t = indexTokens('Zwrot towaru', 'pl').split(' ');
    expect(t).toContain('zwrot');
    expect(t).toContain('~zwr');
    expect(indexTokens('Zwrot towaru', 'pl', false)).toBe('zwrot towaru');
  });
});

describe('lexical features', () => {
  it('takes Polish and Arabic character n-grams within words, other languages across them', () => {
    const pl = lexicalFeatures('Jak się zalogować', 'pl').chars;
    expect(pl).toContain(' jak');
    expect(pl).toContain('sie ');
    expect(pl).toContain('zalo');
    // No n-gram spans two words: function-word runs ("jak się") are not evidence.
    expect(pl.filter((g) => /\S\s+\S/u.test(g))).toEqual([]);
    const ar = lexicalFeatures('هل يمكن إلغاء الطلب', 'ar').chars;
    expect(ar).toContain('الغا');
    expect(ar.filter((g) => /\S\s+\S/u.test(g))).toEqual([]);
    expect(lexicalFeatures('how do I log in', 'en').chars).toContain('w d');
    expect(lexicalFeatures('Jak się zalogować', 'und').chars).toContain('k s');
  });

  it('keeps every within-word n-gram of a word as its own padded text gives', () => {
    // Same words, different neighbours: the same character features.
    const a = lexicalFeatures('zwrot pieniędzy', 'pl').chars.sort();
    const b = lexicalFeatures('pieniędzy zwrot', 'pl').chars.sort();
    expect(a).toEqual(b);
    expect(lexicalFeatures('zwrot pieniędzy', 'en').chars.sort()).not.toEqual(lexicalFeatures('pieniędzy zwrot', 'en').chars.sort());
  });
});

describe('LexicalModel', () => {
  const docs = [
    { text: 'How do I return an item?', lang: 'en' },
    { text: 'Where is my parcel?', lang: 'en' },
    { text: 'Jak zwrócić produkt?', lang: 'pl' },
    { text: 'Gdzie jest moja paczka?', lang: 'pl' },
  ];
  const model = new LexicalModel(docs);
  const v = docs.map((d) => model.vectorize(d.text, d.lang));

  it('scores an inflected Polish query closest to its own entry', () => {
    const q = model.vectorize('zwrot produktu', 'pl');
    expect(LexicalModel.similarity(q, v[2]!)).toBeGreaterThan(LexicalModel.similarity(q, v[3]!));
  });

  it('gives 1 for identical text and 0 for nothing in common', () => {
    expect(LexicalModel.similarity(v[0]!, model.vectorize('How do I return an item?', 'en'))).toBeCloseTo(1, 5);
    expect(LexicalModel.similarity(model.vectorize('qqq', 'en'), v[0]!)).toBe(0);
  });
});
