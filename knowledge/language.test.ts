import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { KnowledgeVocabulary } from './knowledge-vocabulary.ts';
import { createLanguageDetector, scriptAllows, scriptLanguage, type LanguageDetector } from './language.ts';
import { loadKnowledgeFolder } from './load-folder.ts';

describe('scriptLanguage', () => {
  it.each([
    ['退货', 'zh'], ['คืนเงิน', 'th'], ['استرداد', 'ar'], ['返品したい', 'ja'], ['환불', 'ko'], ['zwrot pieniędzy', 'pl'], ['refund', undefined],
    // English shop words inside another language: a quarter of the words names it, however few its letters.
    ['ขอ refund', 'th'], ['我想refund', 'zh'], ['unsubscribe newsletter ยังไงคะ', 'th'], ['my tracking number حقي', 'ar'], ['الtracking number', 'ar'],
    // One word in five is a borrowed name, not the customer's language.
    ['do you sell 龙井 green tea', undefined],
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

  it('reads no language from web or e-mail addresses, only from the words around them', async () => {
    expect((await detector.detect('jan.kowalski@example.com')).method).toBe('none');
    expect((await detector.detect('https://kestrel.example/zamowienia/szczegoly?id=123')).method).toBe('none');
    expect((await detector.detect('www.przyklad.pl')).method).toBe('none');
    expect((await detector.detect('gdzie jest moja paczka? mój e-mail: john.smith@example.com')).lang).toBe('pl');
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

describe('a language the knowledge base lacks', () => {
  let detector: LanguageDetector;
  beforeAll(async () => {
    const entries = await loadKnowledgeFolder(new URL('./sample-kb', import.meta.url).pathname);
    const vocabulary = KnowledgeVocabulary.fromEntries(entries, 'en');
    detector = await createLanguageDetector({ vocabulary: () => vocabulary });
  });

  it.each([
    ['Wo ist meine Bestellung?', 'de'], ['¿Cómo puedo devolver un producto?', 'es'], ['Où est ma commande ?', 'fr'],
    ['Как вернуть товар?', 'ru'], ['Đơn hàng của tôi ở đâu?', 'vi'], ['注文はどこですか', 'ja'],
    // In the Arabic script, with letters Arabic does not use.
    ['چطور می‌توانم سفارشم را پس بدهم؟', 'fa'], ['هزینه ارسال چقدر است؟', 'fa'], ['میں اپنا آرڈر کیسے واپس کروں؟', 'ur'],
  ])('is named when fastText gives the knowledge base\'s languages almost nothing (%s)', async (text, lang) => {
    const guess = await detector.detect(text);
    expect(guess.unsupported).toBe(lang);
    expect(['en', 'pl', 'zh', 'th', 'ar']).toContain(guess.lang);
  });

  // Gulf and Iraqi Arabic write چ and گ: still Arabic.
  it.each([['وين طلبي گلي'], ['چان زين ترجعونه'], ['كيف أرجع المنتج؟']])('leaves Arabic as Arabic (%s)', async (text) => {
    expect(await detector.detect(text)).toMatchObject({ lang: 'ar' });
    expect((await detector.detect(text)).unsupported).toBeUndefined();
  });

  // The short messages written for language choice: every one of three words or more is in a shipped language.
  it('is never named for messages of several words in the knowledge base\'s own languages', async () => {
    const lines = ['language-choice.jsonl', 'language-choice-heldout.jsonl'].flatMap((f) => readFileSync(new URL(`../eval/${f}`, import.meta.url), 'utf8').split('\n').filter(Boolean));
    const segmenter = new Intl.Segmenter('und', { granularity: 'word' });
    const letterWords = (t: string) => [...segmenter.segment(t)].filter((s) => s.isWordLike && /^\p{L}+$/u.test(s.segment)).length;
    const texts = lines.map((l) => (JSON.parse(l) as { text: string }).text).filter((t) => letterWords(t) >= 3);
    expect(texts.length).toBeGreaterThan(300);
    const named: string[] = [];
    for (const text of texts) if ((await detector.detect(text)).unsupported) named.push(text);
    expect(named).toEqual([]);
  });
});
