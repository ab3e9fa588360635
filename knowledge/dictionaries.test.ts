import { describe, expect, it } from 'vitest';
import { DICTIONARY_LANGUAGES, loadDictionaries } from './dictionaries.ts';

describe('loadDictionaries', () => {
  it('knows real English words, with or without their apostrophe, and not typos', async () => {
    const en = (await loadDictionaries(['en'])).get('en')!;
    for (const word of ['sell', 'paid', 'west', 'powder', 'delivering', 'refunds', "don't", 'dont', 'didnt']) expect(en.knows(word), word).toBe(true);
    for (const word of ['cancle', 'dilivered', 'prduct', 'mony', 'veryfy', 'refnd', 'pasword']) expect(en.knows(word), word).toBe(false);
  });

  it('gives forms of one English word one stem, and different words different ones', async () => {
    const en = (await loadDictionaries(['en'])).get('en')!;
    for (const [a, b] of [['orders', 'order'], ['refunds', 'refund'], ['delivered', 'deliver'], ['charges', 'charge']]) expect(en.stem(a), a).toBe(en.stem(b));
    for (const [a, b] of [['sell', 'tell'], ['lost', 'cost'], ['paid', 'said'], ['powder', 'power']]) expect(en.stem(a), a).not.toBe(en.stem(b));
  });

  it('gives only the languages that have a dictionary, each loaded once', async () => {
    const [a, b] = [await loadDictionaries(['en', 'pl', 'zh', 'en']), await loadDictionaries(['en'])];
    expect([...a.keys()]).toEqual(['en']);
    expect(a.get('en')).toBe(b.get('en'));
    expect(DICTIONARY_LANGUAGES).toContain('en');
  });
});
