import { describe, expect, it } from 'vitest';
import { arabicLightStem, arabicRoot } from './arabic-root.ts';
import { normalizeText, words } from './segment.ts';

/** Roots of words as the matcher sees them (normalised: hamza forms and taa marbuta folded). */
const roots = (text: string) => words(normalizeText(text), 'ar').map(arabicRoot);

describe('arabicRoot', () => {
  it('gives a verb and the nouns made from it one root, whatever the pattern', () => {
    // أفعل, إفعال, تفعيل, مفتعل, استفعال, يفعل, with a pronoun suffix, with al- and a plural.
    expect(new Set(roots('أرجع إرجاع ترجيع مرتجع استرجاع يرجع أرجعه المرتجعات'))).toEqual(new Set(['رجع']));
    expect(new Set(roots('توصيل يوصل وصل توصلون'))).toEqual(new Set(['وصل']));
    expect(new Set(roots('طلبي الطلبات طلبت أطلب'))).toEqual(new Set(['طلب']));
  });

  it('gives a noun with taa marbuta (written ه once normalised) the root of its verb', () => {
    expect(roots('الشحنة يشحنون')).toEqual(['شحن', 'شحن']);
    expect(roots('مكتبة')).toEqual(roots('مكتب'));
  });

  it('leaves short words, words of other scripts and mixed tokens as they are', () => {
    expect(arabicRoot('من')).toBe('من');
    expect(arabicRoot('order')).toBe('order');
    expect(arabicRoot('رقم7')).toBe('رقم7');
  });

  it('keeps words of different roots apart', () => {
    const [refund, account, money] = roots('استرداد حساب فلوس');
    expect(new Set([refund, account, money]).size).toBe(3);
  });
});

describe('arabicLightStem', () => {
  const light = (text: string) => words(normalizeText(text), 'ar').map(arabicLightStem);

  it('reads a noun with its article, a pronoun or a plural ending as the noun', () => {
    expect(new Set(light('حساب حسابي الحساب حسابك حسابات بالحساب'))).toEqual(new Set(['حساب']));
    expect(new Set(light('فاتورة الفاتورة'))).toEqual(new Set(['فاتور']));
  });

  it('keeps three letters at least, and words of one root apart', () => {
    expect(light('الضمان')).toEqual(['ضمان']);
    expect(light('توصيل تواصل')).toEqual(['توصيل', 'تواصل']);
    expect(arabicLightStem('order')).toBe('order');
  });
});
