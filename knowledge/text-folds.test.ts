import { describe, expect, it } from 'vitest';
import { normalizeText, words } from './segment.ts';
import { foldArabic, foldChinese, foldLatin } from './text-folds.ts';

describe('foldLatin', () => {
  it('drops accents and reads ł as l, so unaccented Polish meets the knowledge base', () => {
    expect(foldLatin('pieniędzy zwrócić łódź żółć')).toBe('pieniedzy zwrocic lodz zolc');
    expect(foldLatin('café naïve')).toBe('cafe naive');
  });

  it('leaves other scripts alone', () => {
    expect(foldLatin('คืนสินค้า')).toBe('คืนสินค้า');
  });
});

describe('foldArabic', () => {
  it.each([
    ['أين', 'اين'], ['إلغاء', 'الغاء'], ['آخر', 'اخر'], ['ٱلطلب', 'الطلب'],
    ['مسؤول', 'مسوول'], ['شيئ', 'شيي'], ['الشحنة', 'الشحنه'], ['مستشفى', 'مستشفي'],
    ['شكـــرا', 'شكرا'], ['مَرْحَبًا', 'مرحبا'], ['شُكْرًا', 'شكرا'], ['هٰذا', 'هذا'],
  ])('%s → %s', (from, to) => expect(foldArabic(from)).toBe(to));

  it('makes spellings with and without hamza the same words', () => {
    expect(words('أين طلبي؟')).toEqual(words('اين طلبي'));
  });
});

describe('foldChinese', () => {
  it('writes Traditional characters and phrases as Simplified', () => {
    expect(foldChinese('怎麼退貨')).toBe('怎么退货');
    expect(foldChinese('帳號密碼忘記了')).toBe('帐号密码忘记了');
  });

  it('leaves Simplified and non-Han text as it is', () => {
    expect(foldChinese('怎么退货')).toBe('怎么退货');
    expect(foldChinese('refund')).toBe('refund');
  });

  it('lets a Traditional question share its words with a Simplified entry', () => {
    expect(words('我的訂單什麼時候到', 'zh')).toEqual(words('我的订单什么时候到', 'zh'));
  });
});

describe('normalizeText', () => {
  it('applies every fold after case folding', () => {
    expect(normalizeText('Zwrot PIENIĘDZY, أين 訂單')).toBe('zwrot pieniedzy, اين 订单');
  });
});
