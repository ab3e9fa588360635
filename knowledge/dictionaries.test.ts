import { describe, expect, it } from 'vitest';
import { DICTIONARY_LANGUAGES, loadDictionaries } from './dictionaries.ts';

describe('loadDictionaries', () => {
  it('knows real English words, with or without their apostrophe, and not typos', async () => {
    const en = (await loadDictionaries(['en'])).get('en')!;
    for (const word of ['sell', 'paid', 'west', 'powder', 'delivering', 'refunds', "don't", 'dont', 'didnt']) expect(en.knows(word), word).toBe(true);
    for (const word of ['cancle', 'dilivered', 'prduct', 'mony', 'veryfy', 'refnd', 'pasword']) expect(en.knows(word), word).toBe(false);
  });

  it('tells forms of one English word from different words', async () => {
    const en = (await loadDictionaries(['en'])).get('en')!;
    for (const [a, b] of [['orders', 'order'], ['refunds', 'refund'], ['delivered', 'deliver'], ['charges', 'charge']]) expect(en.sameWord(a, b), a).toBe(true);
    for (const [a, b] of [['sell', 'tell'], ['lost', 'cost'], ['paid', 'said'], ['powder', 'power']]) expect(en.sameWord(a, b), a).toBe(false);
  });

  it('knows real Polish words with or without their accents, and not typos', async () => {
    const pl = (await loadDictionaries(['pl'])).get('pl')!;
    // Inflected, prefixed with "nie", and as customers type them without accents.
    for (const word of ['pieniędzy', 'pieniedzy', 'dość', 'dosc', 'zapytać', 'zapytac', 'przyszło', 'przyszlo', 'zamówiłem', 'zamowilem', 'niezadowolonego', 'kosztuje', 'hasła']) expect(pl.knows(word), word).toBe(true);
    for (const word of ['zamuwienie', 'pieniendzy', 'qwerty', 'reklamcja', 'przesyłak']) expect(pl.knows(word), word).toBe(false);
  });

  it('tells forms of one Polish word from different words one letter apart', async () => {
    const pl = (await loadDictionaries(['pl'])).get('pl')!;
    for (const [a, b] of [['kwota', 'kwoty'], ['haslo', 'hasla'], ['zamowienie', 'zamowienia'], ['reklamacja', 'reklamacje'], ['pieniedzy', 'pieniadze']]) expect(pl.sameWord(a, b), a).toBe(true);
    // "enough" / "guest", "came" / "passed" (with an inflected form beside it), "cat" / "sum".
    for (const [a, b] of [['dosc', 'gosc'], ['przyszlo', 'przeszlo'], ['kota', 'kwota']]) expect(pl.sameWord(a, b), a).toBe(false);
  });

  it('gives only the languages that have a dictionary, each loaded once', async () => {
    const [a, b] = [await loadDictionaries(['en', 'pl', 'zh', 'en']), await loadDictionaries(['en'])];
    expect([...a.keys()]).toEqual(['en', 'pl']);
    expect(a.get('en')).toBe(b.get('en'));
    expect(DICTIONARY_LANGUAGES).toEqual(['en', 'pl']);
  });
});
