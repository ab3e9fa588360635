import hunspell from 'dictionary-en';
import nspell from 'nspell';
import { describe, expect, it } from 'vitest';
import { seededRandom } from './classifier.ts';
import { PackedSpeller, type NspellInternals } from './packed-speller.ts';

describe('PackedSpeller', () => {
  it('says what nspell says of every English form, in every casing, and of typos, compounds and odd input', () => {
    const reference = nspell({ aff: Buffer.from(hunspell.aff), dic: Buffer.from(hunspell.dic) });
    const packed = new PackedSpeller(reference as unknown as NspellInternals);
    const forms = Object.keys((reference as unknown as NspellInternals).data);
    const random = seededRandom(11);
    const words = new Set<string>([
      '', ' ', 'sell', 'Paris', 'paris', 'PARIS', 'iPhone', 'iphone', 'IPHONE', "don't", 'don’t', 'dont', '1st', '21st', '11th', '112th', '3th', '0th', '1th',
      'abc11th', '12', 'c', 'ok', 'OK', "o'clock", 'O’CLOCK', 'refnd', 'mony',
    ]);
    // Every form as written; one in four also recased and with a typo (a letter dropped or doubled).
    forms.forEach((form, i) => {
      words.add(form);
      if (i % 4) return;
      words.add(form.toLowerCase()).add(form.toUpperCase()).add(form.charAt(0).toUpperCase() + form.slice(1));
      const at = Math.floor(random() * form.length);
      words.add(form.slice(0, at) + form.slice(at + 1)).add(form.slice(0, at) + form.charAt(at) + form.slice(at));
    });
    const answers = [...words].map((w) => [w, packed.correct(w), reference.correct(w)] as const);
    expect(answers.filter(([, a, b]) => a !== b).map(([w]) => w)).toEqual([]);
    // The comparison covered both answers.
    expect(answers.filter(([, a]) => a).length).toBeGreaterThan(100_000);
    expect(answers.filter(([, a]) => !a).length).toBeGreaterThan(30_000);
  });
});
