import { describe, expect, it } from 'vitest';
import { isTypedChoice, ordinalChoice } from './ordinal-choice.ts';

const offered = [{ entryId: 'a', title: 'A' }, { entryId: 'b', title: 'B' }, { entryId: 'c', title: 'C' }];

describe('ordinalChoice', () => {
  it.each([
    ['2', 'b'], ['#3', 'c'], ['1.', 'a'], ['the second one', 'b'], ['the last one please', 'c'], ['option 2', 'b'], ['1st', 'a'],
    ['drugie', 'b'], ['to drugie', 'b'], ['chodzi o pierwsze', 'a'], ['ostatnie', 'c'], ['numer 3', 'c'],
    ['第二个', 'b'], ['第二個', 'b'], ['我选第一个', 'a'], ['选2', 'b'], ['最后一个', 'c'],
    ['อันที่สอง', 'b'], ['อันแรกค่ะ', 'a'], ['ข้อ 2 ครับ', 'b'],
    ['الثاني', 'b'], ['رقم 2', 'b'], ['الخيار الثالث', 'c'], ['اول واحد', 'a'],
  ])('reads "%s" as a choice', (text, entryId) => {
    expect(ordinalChoice(text, offered)?.entryId).toBe(entryId);
  });

  it.each([
    ['1 or 2'], ['the second item is broken'], ['2 days'], ['one'], ['no'], ['4'], ['ok'], ['yes'], ['how do I return an item?'], ['zwrot 2 produktów'],
  ])('leaves "%s" alone', (text) => {
    expect(ordinalChoice(text, offered)).toBeUndefined();
  });

  it('takes "yes" as the only suggestion of "Did you mean …?", and only there', () => {
    const one = [offered[0]!];
    for (const text of ['yes', 'yes that one', 'tak', '对', 'ใช่ค่ะ', 'نعم']) expect(ordinalChoice(text, one, { yesPicksOne: true })?.entryId, text).toBe('a');
    expect(ordinalChoice('yes', one)).toBeUndefined();
    expect(ordinalChoice('yes', offered, { yesPicksOne: true })).toBeUndefined();
    expect(isTypedChoice('yes')).toBe(false);
    expect(isTypedChoice('yes', { yes: true })).toBe(true);
  });
});
