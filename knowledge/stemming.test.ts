import { describe, expect, it } from 'vitest';
import { lexicalFeatures } from './segment.ts';
import { stemWords } from './stemming.ts';

describe('stemWords', () => {
  it('reads inflected and prefixed Arabic forms as one word', () => {
    const [a, b] = stemWords(['الطلبات', 'طلب'], 'ar');
    expect(a).toBe(b);
  });

  it('leaves languages without a kept stemmer as they are', () => {
    expect(stemWords(['zamowienia', 'zamowienie'], 'pl')).toEqual(['zamowienia', 'zamowienie']);
    expect(stemWords(['orders'], 'en')).toEqual(['orders']);
  });

  it('stems word features only: character n-grams keep the words as written', () => {
    const f = lexicalFeatures('الطلبات', 'ar');
    expect(f.words).toEqual(stemWords(['الطلبات'], 'ar'));
    expect(f.chars).toContain('ال');
  });
});
