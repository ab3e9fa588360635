import { describe, expect, it } from 'vitest';
import { sharesLatinStem } from './word-stems.ts';

describe('sharesLatinStem', () => {
  it('finds another form of a word, with or without accents', () => {
    expect(sharesLatinStem('hasło', ['Nie pamiętam hasła. Jak je zresetować?'], 'pl')).toBe(true);
    expect(sharesLatinStem('haslo', ['reset hasła'], 'pl')).toBe(true);
    expect(sharesLatinStem('returning', ['How do I return an item?'], 'en')).toBe(true);
  });

  it('needs four letters in common from the start, in the Latin script only', () => {
    expect(sharesLatinStem('has', ['hasła'], 'pl')).toBe(false);
    expect(sharesLatinStem('qwv zzkx plorb', ['How do I return an item?', 'Where is my parcel?'], 'en')).toBe(false);
    expect(sharesLatinStem('استرجاع', ['هل يمكنني استرداد الفرق؟'], 'ar')).toBe(false);
  });
});
