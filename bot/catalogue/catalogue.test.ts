import { describe, expect, it } from 'vitest';
import { loadKnowledgeFolder } from '../../knowledge/index.ts';
import { CATALOGUE_LANGUAGES, CATALOGUES, catalogueGaps, categoryName, t, textDirection } from './index.ts';
import { phrase } from '../messages.ts';

const SAMPLE_KB = new URL('../../knowledge/sample-kb/', import.meta.url).pathname;

describe('the message catalogue', () => {
  it('has every English key, with the same placeholders, in every shipped language and every language of the sample knowledge base', async () => {
    const kbLanguages = new Set((await loadKnowledgeFolder(SAMPLE_KB)).flatMap((e) => e.variants.map((v) => v.lang)));
    expect([...kbLanguages].sort()).toEqual(['ar', 'en', 'pl', 'th', 'zh']);
    expect(catalogueGaps([...new Set([...CATALOGUE_LANGUAGES, ...kbLanguages])])).toEqual([]);
  });

  it('reports a language that lacks a key, one whose placeholders differ, and a configured language with no catalogue', () => {
    const { 'widget.send': _dropped, ...thWithoutSend } = CATALOGUES.th!;
    const broken = { ...CATALOGUES, th: thWithoutSend, pl: { ...CATALOGUES.pl!, agentJoined: 'Konsultant dołączył do rozmowy.' } };
    expect(catalogueGaps(['en', 'th', 'pl', 'de'], broken)).toEqual([
      { lang: 'th', missing: ['widget.send'], placeholderMismatch: [] },
      { lang: 'pl', missing: [], placeholderMismatch: ['agentJoined'] },
      { lang: 'de', missing: Object.keys(CATALOGUES.en!), placeholderMismatch: [] },
    ]);
  });

  it('names every category the sample knowledge base uses, in every language, not as the raw id', async () => {
    const categories = new Set((await loadKnowledgeFolder(SAMPLE_KB)).map((e) => e.category ?? 'general'));
    for (const lang of CATALOGUE_LANGUAGES) {
      for (const c of categories) expect((CATALOGUES[lang] as Record<string, string>)[`category.${c}`], `${lang} category.${c}`).toBeTruthy();
    }
    expect(categoryName('returns', 'th')).toBe('การคืนสินค้า');
    expect(categoryName('gift-cards', 'th')).toBe('Gift-cards');
  });

  it('writes Thai, Arabic and Chinese in their own scripts (no Latin words besides placeholders and SMS keywords)', () => {
    for (const lang of ['th', 'ar', 'zh']) {
      for (const [key, text] of Object.entries(CATALOGUES[lang]!)) {
        const bare = text.replace(/\{\w+\}/g, '').replace(/\b(STOP|START)\b/g, '');
        expect(bare, `${lang} ${key}`).not.toMatch(/[A-Za-z]/);
      }
    }
    // Thai separates phrases, not words: no text is a run of single words with spaces between.
    expect(t('widget.placeholder', 'th')).not.toContain(' ');
  });

  it('falls back to the asked fallback, then English, and fills placeholders', () => {
    expect(t('error.tooLong', 'pl-PL', { max: 4000 })).toBe('Wiadomość jest za długa (maks. 4000 znaków)');
    expect(t('widget.send', 'de')).toBe('Send');
    expect(t('widget.send', 'de', {}, 'pl')).toBe('Wyślij');
    expect(phrase('agentJoined', 'th', 'en', { name: 'Ola' })).toEqual({ text: 'Ola จากทีมของเราเข้าร่วมการสนทนาแล้วค่ะ', lang: 'th' });
    expect(phrase('ratingThanks', 'de', 'pl').lang).toBe('pl');
    // A tag reads as its language, as t() reads it.
    expect(phrase('agentJoined', 'th-TH', 'en', { name: 'Ola' })).toEqual(phrase('agentJoined', 'th', 'en', { name: 'Ola' }));
    expect(textDirection('ar-EG')).toBe('rtl');
    expect(textDirection('th')).toBe('ltr');
  });
});
