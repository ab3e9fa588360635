import { describe, expect, it } from 'vitest';
import { AffixDictionary } from './affix-dictionary.ts';

// A few rules in the shape of Polish's dictionary: a noun's endings (strip "a", add "y" / "ę"),
// an adjective's with a condition on the stem, "nie" in front that combines with them.
const AFF = `SET UTF-8
TRY aioe

PFX b Y 1
PFX b   0         nie       .

SFX A Y 2
SFX A   a         y         [^k]a
SFX A   a         ę         a

SFX X Y 2
SFX X   y         ego       y
SFX X   y         a         [^i]y

SFX N N 1
SFX N   0         ami       .
`;

const DIC = `6
kwota/A
gość/A
dość
zadowolony/Xb
kość
kosc/N
rzeka/A
`;

describe('AffixDictionary', () => {
  const dictionary = new AffixDictionary(AFF, DIC);

  it('knows a stem and the forms its flags allow, with or without accents', () => {
    for (const word of ['kwota', 'kwoty', 'kwotę', 'kwote', 'gość', 'gosc', 'dość', 'dosc']) expect(dictionary.knows(word), word).toBe(true);
    // "y" after "k" is not allowed by the condition ("rzeky"); "kwotami" needs a flag kwota lacks.
    expect(dictionary.knows('rzekę')).toBe(true);
    for (const word of ['rzeky', 'kwotami', 'dośćy', 'kwot', 'zadowolonyy']) expect(dictionary.knows(word), word).toBe(false);
  });

  it('reads a word back to the stems it comes from', () => {
    expect([...dictionary.stemsOf('kwoty')]).toEqual(['kwota']);
    expect([...dictionary.stemsOf('zadowolonego')]).toEqual(['zadowolony']);
    expect([...dictionary.stemsOf('qwerty')]).toEqual([]);
  });

  it('combines a prefix with a suffix only when both rules allow it', () => {
    expect([...dictionary.stemsOf('niezadowolonego')]).toEqual(['zadowolony']);
    expect(dictionary.knows('niezadowolona')).toBe(true);
    // "kwota" lacks the prefix's flag.
    expect(dictionary.knows('niekwoty')).toBe(false);
  });

  it('pools the flags of stems that fold alike', () => {
    // "kość" has no flag, "kosc" has N: folded, both are "kosc", and "koscami" is a word.
    expect(dictionary.knows('koscami')).toBe(true);
    expect(dictionary.knows('kość')).toBe(true);
  });
});
