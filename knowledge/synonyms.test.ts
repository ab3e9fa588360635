import { describe, expect, it } from 'vitest';
import { normalizeText } from './segment.ts';
import { Synonyms } from './synonyms.ts';
import type { FaqEntry } from './types.ts';

const faq = (id: string, lang: string, question: string, answer: string, alternates: string[] = []): FaqEntry => ({
  id, tags: [], related: [], status: 'published', variants: [{ lang, question, alternates, answer }],
});

const groups = (lang: string, ...lines: string[]): FaqEntry => ({
  id: `synonyms-${lang}`, tags: [], related: [], status: 'published', kind: 'synonyms',
  variants: [{ lang, question: 'Words customers use', alternates: lines, answer: 'One group a line.' }],
});

const entries: FaqEntry[] = [
  faq('damaged', 'th', 'ได้รับสินค้าเสียหาย ทำอย่างไร', 'แจ้งปัญหาภายใน 14 วัน'),
  faq('warranty', 'ar', 'ما هو الضمان على المنتجات؟', 'كل المنتجات عليها ضمان سنتين.'),
  faq('newsletter', 'pl', 'Jak wypisać się z maili marketingowych?', 'Kliknij „Wypisz się” w stopce.', ['nie chcę maili marketingowych']),
  faq('reset', 'zh', '如何重置密码？', '点击忘记密码。'),
  faq('parcel', 'en', 'Where is my parcel?', 'Use the tracking link.', ['my parcel is late']),
  faq('gift-card', 'en', 'How do I use a gift card?', 'Enter its code at checkout.'),
];

describe('Synonyms', () => {
  const synonyms = Synonyms.fromEntries([
    ...entries,
    groups('th', 'เสียหาย, ชำรุด, พัง'),
    groups('ar', 'ضمان, كفالة'),
    groups('pl', 'marketingowych, reklamow*'),
    groups('zh', '密码，口令'),
    groups('en', 'parcel, package', 'gift card, voucher, gift voucher', 'refund, money back'),
  ]);

  it('reads a Thai synonym inside unspaced text as the word the entries use', () => {
    // Normalised as every question is (NFKC spells the vowel ำ as two marks).
    expect(synonyms.rewrite('สินค้าชำรุดทำยังไง', 'th')).toBe(normalizeText('สินค้าเสียหายทำยังไง'));
  });

  it('reads an Arabic synonym after its particles and article, and in its unvowelled form', () => {
    expect(synonyms.rewrite('كم مدة الكفالة؟', 'ar')).toBe('كم مده الضمان؟');
    expect(synonyms.rewrite('وبكفالة كم سنة', 'ar')).toBe('وبضمان كم سنه');
  });

  it('reads any Polish form of a starred stem, typed with or without accents', () => {
    expect(synonyms.rewrite('Dostaję za dużo maili reklamowych', 'pl')).toBe('dostaje za duzo maili marketingowych');
    expect(synonyms.rewrite('reklamowe maile', 'pl')).toBe('marketingowych maile');
  });

  it('reads Chinese synonyms, Traditional characters folded first', () => {
    expect(synonyms.rewrite('忘記口令怎麼辦', 'zh')).toBe('忘记密码怎么办');
  });

  it('reads English whole words and phrases, the longest member first', () => {
    expect(synonyms.rewrite('Where is my package?', 'en')).toBe('where is my parcel?');
    expect(synonyms.rewrite('can I pay with a gift voucher', 'en')).toBe('can i pay with a gift card');
    // Inside another word a member is no synonym.
    expect(synonyms.rewrite('packages', 'en')).toBe('packages');
  });

  it('leaves a text alone, as typed, where no group applies', () => {
    expect(synonyms.rewrite('Where is my PARCEL?', 'en')).toBe('Where is my PARCEL?');
    expect(synonyms.rewrite('สินค้าชำรุด', 'zh')).toBe('สินค้าชำรุด');
  });

  it('does nothing with a group none of whose members the entries use ("refund, money back" here)', () => {
    expect(synonyms.rewrite('I want my money back', 'en')).toBe('I want my money back');
    expect(synonyms.counts).toEqual({ ar: 1, en: 3, pl: 1, th: 2, zh: 1 });
  });

  it('never rewrites a word the entries use themselves, even when a starred member reaches it', () => {
    const own = Synonyms.fromEntries([
      faq('ads', 'pl', 'Czy wyświetlacie reklamy?', 'Nie.'),
      faq('newsletter', 'pl', 'Maile marketingowe', 'Wypisz się.'),
      groups('pl', 'marketingowe, reklam*'),
    ]);
    expect(own.rewrite('reklamy na stronie', 'pl')).toBe('reklamy na stronie');
    expect(own.rewrite('maile reklamowe', 'pl')).toBe('maile marketingowe');
  });

  it('reads a word that only answers use as the word of the phrasings, but leaves one alone when the group\'s word is only in answers too', () => {
    const answers = Synonyms.fromEntries([
      faq('damaged', 'th', 'ได้รับสินค้าเสียหาย', 'แจ้งปัญหาภายใน 14 วัน'),
      faq('window', 'th', 'คืนสินค้าได้กี่วัน', 'สินค้าที่ชำรุดยังคงได้รับความคุ้มครอง'),
      faq('gift', 'en', 'How do I use a gift card?', 'A voucher code works like a coupon.'),
      groups('th', 'เสียหาย, ชำรุด'),
      groups('en', 'coupon, voucher, promo code'),
    ]);
    expect(answers.rewrite('สินค้าชำรุดทำยังไง', 'th')).toBe(normalizeText('สินค้าเสียหายทำยังไง'));
    // "coupon" and "voucher" are both only in answers: each keeps its own; "promo code" is read as the likelier.
    expect(answers.rewrite('voucher', 'en')).toBe('voucher');
    expect(answers.rewrite('my promo code', 'en')).toBe('my coupon');
  });

  it('ignores a starred member too short to mean one word, and survives what editors may type', () => {
    const odd = Synonyms.fromEntries([...entries, groups('en', 'parcel, pa*', 'c++, (parcel), [x]', ', ,, parcel,', '*')]);
    expect(odd.rewrite('pay for a package', 'en')).toBe('pay for a package');
    expect(odd.rewrite('my (parcel) is late', 'en')).toBe('my (parcel) is late');
    // Regular-expression characters are text: no member here is the entries' word, so nothing is read otherwise.
    expect(odd.rewrite('c++ question', 'en')).toBe('c++ question');
  });

  it('ignores synonyms entries in draft and groups of other languages', () => {
    const draft = Synonyms.fromEntries([...entries, { ...groups('en', 'parcel, package'), status: 'draft' }]);
    expect(draft.rewrite('Where is my package?', 'en')).toBe('Where is my package?');
    expect(synonyms.rewrite('Where is my package?', 'pl')).toBe('Where is my package?');
  });
});
