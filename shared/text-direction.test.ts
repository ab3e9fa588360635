import { describe, expect, it } from 'vitest';
import { domScript } from './browser-assets.ts';
import { RTL_LANGUAGES, textDirection } from './text-direction.ts';

describe('textDirection', () => {
  it('is rtl for right-to-left languages, with or without a region, and for the Arabic script', () => {
    for (const lang of ['ar', 'ar-EG', 'he', 'iw', 'fa_IR', 'ur', 'ps', 'yi', 'dv', 'ckb', 'sd', 'ug', 'pa-Arab', ' AR ']) expect(textDirection(lang), lang).toBe('rtl');
  });

  it('is ltr for every other language', () => {
    for (const lang of ['en', 'pl', 'th-TH', 'zh_Hant', 'pa', 'arn', '']) expect(textDirection(lang), lang).toBe('ltr');
  });
});

describe('domScript', () => {
  it('gives the browser the same list and the same answers', () => {
    const script = domScript();
    expect(script).toContain(`var RTL_LANGUAGES = ${JSON.stringify(RTL_LANGUAGES)};`);
    const window: { FaqDom?: { textDirection(lang: string): string } } = {};
    new Function('window', script)(window);
    for (const lang of ['ar-EG', 'iw', 'pa-Arab', 'en', 'th-TH', 'zh_Hant']) expect(window.FaqDom!.textDirection(lang), lang).toBe(textDirection(lang));
  });
});
