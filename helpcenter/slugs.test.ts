import { describe, expect, it } from 'vitest';
import { slugify } from './slugs.ts';

describe('slugify', () => {
  it('transliterates Latin scripts to ASCII words joined by hyphens', () => {
    expect(slugify('Jak zwrócić produkt?')).toBe('jak-zwrocic-produkt');
    expect(slugify('Gdzie jest moja przesyłka?')).toBe('gdzie-jest-moja-przesylka');
    expect(slugify('  How do I   cancel my order?! ')).toBe('how-do-i-cancel-my-order');
    expect(slugify('Straße & Æther')).toBe('strasse-aether');
  });

  it('keeps the letters of other scripts, Thai vowel marks included', () => {
    expect(slugify('如何取消订单？')).toBe('如何取消订单');
    expect(slugify('ยกเลิกคำสั่งซื้ออย่างไร')).toBe('ยกเลิกคำสั่งซื้ออย่างไร');
    expect(slugify('كَيْفَ ألغي طلبي؟')).toBe('كيف-ألغي-طلبي');
  });

  it('is stable, bounded, and never empty', () => {
    const long = 'word '.repeat(40);
    expect(slugify(long)).toBe(slugify(long));
    expect([...slugify(long)].length).toBeLessThanOrEqual(80);
    expect(slugify('?!…', 'fallback-id')).toBe('fallback-id');
  });
});
