import { describe, expect, it } from 'vitest';
import { textDirection } from './text-direction.ts';

describe('textDirection', () => {
  it('is rtl for right-to-left languages, with or without a region, and for the Arabic script', () => {
    for (const lang of ['ar', 'ar-EG', 'he', 'iw', 'fa_IR', 'ur', 'ps', 'yi', 'dv', 'ckb', 'sd', 'ug', 'pa-Arab', ' AR ']) expect(textDirection(lang), lang).toBe('rtl');
  });

  it('is ltr for every other language', () => {
    for (const lang of ['en', 'pl', 'th-TH', 'zh_Hant', 'pa', 'arn', '']) expect(textDirection(lang), lang).toBe('ltr');
  });
});
