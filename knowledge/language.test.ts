import { beforeAll, describe, expect, it } from 'vitest';
import { createLanguageDetector, scriptAllows, scriptLanguage, type LanguageDetector } from './language.ts';

describe('scriptLanguage', () => {
  it.each([
    ['退货', 'zh'], ['คืนเงิน', 'th'], ['استرداد', 'ar'], ['返品したい', 'ja'], ['환불', 'ko'], ['zwrot pieniędzy', 'pl'], ['refund', undefined],
  ])('%s → %s', (text, lang) => expect(scriptLanguage(text)).toBe(lang));
});

describe('createLanguageDetector', () => {
  let detector: LanguageDetector;
  beforeAll(async () => {
    detector = await createLanguageDetector();
  });

  it.each([
    ['How do I return an item I bought last week?', 'en'],
    ['我想退掉上周买的东西', 'zh'],
    ['ฉันจะคืนสินค้าได้อย่างไร', 'th'],
    ['كيف يمكنني إرجاع منتج اشتريته؟', 'ar'],
    ['Jak mogę zwrócić produkt, który kupiłem?', 'pl'],
    ['Gdzie jest moja paczka', 'pl'],
  ])('%s → %s', async (text, lang) => {
    expect((await detector.detect(text)).lang).toBe(lang);
  });

  it('falls back to the script on very short text', async () => {
    const g = await detector.detect('退货');
    expect(g).toMatchObject({ lang: 'zh', method: 'script' });
  });

  it('reports low probability when it cannot tell', async () => {
    expect((await detector.detect('ok')).probability).toBeLessThan(0.9);
    expect((await detector.detect('   ')).method).toBe('none');
  });
});

describe('script consistency', () => {
  it('never puts Latin text in a language with a script of its own', async () => {
    const detector = await createLanguageDetector();
    // fastText's own first guess for this one is zh (0.63).
    const g = await detector.detect('What if the shoes do not fit?');
    expect(g.lang).toBe('en');
    expect(scriptAllows('zh', 'What if the shoes do not fit?')).toBe(false);
    expect(scriptAllows('zh', '鞋子不合适怎么办')).toBe(true);
    expect(scriptAllows('en', 'anything')).toBe(true);
  });
});
