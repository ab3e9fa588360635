import { describe, expect, it } from 'vitest';
import { loadDictionaries } from './dictionaries.ts';
import { LexicalModel } from './lexical-model.ts';
import { correctWords } from './segment.ts';
import { editDistance, SpellingIndex } from './spelling.ts';

describe('editDistance', () => {
  it.each([
    ['money', 'money', 0],
    ['mony', 'money', 1], // deletion
    ['moneey', 'money', 1], // insertion
    ['verify', 'veryfy', 1], // substitution
    ['refnud', 'refund', 1], // transposition
    ['refund', 'return', 3], // past the limit: reported as limit + 1
  ])('%s → %s is %i', (a, b, d) => {
    expect(editDistance(a, b, 2)).toBe(d);
  });

  it('stops once the distance exceeds the limit', () => {
    expect(editDistance('parcel', 'password', 1)).toBe(2);
  });
});

describe('SpellingIndex', () => {
  const index = new SpellingIndex(new Map([['money', 3], ['monkey', 1], ['verify', 2], ['email', 4], ['card', 5], ['cart', 2], ['退货', 1]]));

  it('reads a word the language dictionary knows only as another form of itself', () => {
    // A toy dictionary: its stems drop a final "s".
    const known = new Set(['mone', 'cards', 'callback', 'another']);
    const dictionary = { knows: (w: string) => known.has(w), sameWord: (a: string, b: string) => a.replace(/s$/, '') === b.replace(/s$/, ''), forms: (w: string) => [w.replace(/s$/, '')] };
    const withDictionary = new SpellingIndex(new Map([['money', 3], ['card', 5], ['call', 2], ['back', 2], ['an', 9], ['other', 4], ['my', 9], ['wallet', 2]]), dictionary);
    expect(withDictionary.correct('mone')).toBeUndefined();
    expect(withDictionary.correct('cards')).toBe('card');
    expect(withDictionary.correct('mony')).toBe('money');
    // A compound spelt apart in the knowledge base, but not a split into a one- or two-letter word.
    expect(withDictionary.correct('callback')).toBe('call back');
    expect(withDictionary.correct('another')).toBeUndefined();
    expect(withDictionary.correct('mywallet')).toBe('my wallet');
  });

  it('corrects an unknown word one edit from a known one', () => {
    expect(index.correct('mony')).toBe('money');
    expect(index.correct('veryfy')).toBe('verify');
    expect(index.correct('emial')).toBe('email');
  });

  it('prefers the word more texts use among equally close ones', () => {
    expect(index.correct('monay')).toBe('money');
  });

  it('splits two known words run together, when no single word is one edit away', () => {
    const words = new SpellingIndex(new Map([['my', 9], ['wallet', 3], ['pan', 2], ['card', 5], ['car', 4], ['pa', 1]]));
    expect(words.correct('mywallet')).toBe('my wallet');
    expect(words.correct('pancard')).toBe('pan card');
    // An edit wins over a split: "walletx" is one letter from "wallet".
    expect(words.correct('walletx')).toBe('wallet');
  });

  it('reads a word only answers use as the phrasings\' word an edit away, never as another answer word or a split', () => {
    const frequency = new Map([['hasła', 2], ['hasło', 1], ['hasłem', 1], ['konto', 3], ['kontakt', 1], ['mój', 2], ['moje', 1]]);
    const withAnswers = new SpellingIndex(frequency, undefined, new Set(['hasło', 'hasłem', 'mojekonto']));
    expect(withAnswers.correct('hasło')).toBe('hasła');
    // Its only neighbour is another answer word: left as it is.
    expect(withAnswers.correct('hasłem')).toBeUndefined();
    expect(withAnswers.correct('mojekonto')).toBeUndefined();
    // Without the answers' words known apart, a known word is never read as another.
    expect(new SpellingIndex(frequency).correct('hasło')).toBeUndefined();
  });

  it('leaves known, short, distant and non-alphabetic words alone', () => {
    expect(index.correct('money')).toBeUndefined();
    expect(index.correct('crd')).toBeUndefined();
    expect(index.correct('parcel')).toBeUndefined();
    expect(index.correct('card1')).toBeUndefined();
    expect(index.correct('退货了')).toBeUndefined();
  });
});

describe('correctWords', () => {
  it('replaces only the words it is given replacements for, keeping the rest as typed', () => {
    expect(correctWords('Where is my mony?!', 'en', (w) => (w === 'mony' ? 'money' : undefined))).toBe('Where is my money?!');
  });

  it('returns the same text when nothing changes', () => {
    const text = 'Where is my money?';
    expect(correctWords(text, 'en', () => undefined)).toBe(text);
  });
});

describe('LexicalModel.correct', () => {
  const model = new LexicalModel([
    { text: 'How do I reset my password?', lang: 'en' },
    { text: 'Where is my parcel?', lang: 'en' },
  ]);

  it('fixes typos toward the knowledge base vocabulary', () => {
    expect(model.correct('I forgot my pasword', 'en')).toBe('I forgot my password');
    expect(model.correct('where is my parcle', 'en')).toBe('where is my parcel');
  });

  it('corrects toward the question language’s own words only', () => {
    const bilingual = new LexicalModel([
      { text: 'Where is my parcel?', lang: 'en' },
      { text: 'Gdzie jest moja paczka?', lang: 'pl' },
    ]);
    expect(bilingual.correct('where is my paczk', 'en')).toBe('where is my paczk');
    expect(bilingual.correct('gdzie jest paczk', 'pl')).toBe('gdzie jest paczka');
    expect(bilingual.correct('where is my parcl', 'de')).toBe('where is my parcl');
  });

  it('reads a word only the answers use as the phrasings\' form of it (folded, as words are compared), in that language', () => {
    const withAnswers = new LexicalModel([
      { text: 'Nie pamiętam hasła', lang: 'pl' },
      { text: 'Kliknij „Nie pamiętasz hasła?”, a nowe hasło przyjdzie e-mailem.', lang: 'pl', answer: true },
      { text: 'I forgot my password', lang: 'en' },
    ]);
    expect(withAnswers.correct('hasło', 'pl')).toBe('hasla');
    expect(withAnswers.correct('nowe hasła', 'pl')).toBe('nowe hasła');
    // The same state from another thread reads the same.
    expect(LexicalModel.fromState(withAnswers.state()).correct('hasło', 'pl')).toBe('hasla');
  });

  it('leaves a question with no near miss exactly as typed', () => {
    expect(model.correct('What is the airspeed of a swallow?', 'en')).toBe('What is the airspeed of a swallow?');
  });

  it('leaves alone a real word that is one edit from a knowledge-base word, given the language dictionary', async () => {
    const texts = [{ text: 'How much does delivery cost?', lang: 'en' }, { text: 'Where is my parcel?', lang: 'en' }];
    // Without a dictionary "lost" is one edit from "cost", and was read as it.
    expect(new LexicalModel(texts).correct('I lost my parcel', 'en')).toBe('I cost my parcel');
    const withDictionary = new LexicalModel(texts, { dictionaries: await loadDictionaries(['en']) });
    expect(withDictionary.correct('I lost my parcel', 'en')).toBe('I lost my parcel');
    // Another form of a knowledge-base word is still read as that word.
    expect(withDictionary.correct('I lost my parcels', 'en')).toBe('I lost my parcel');
    expect(withDictionary.correct('where is my parcle', 'en')).toBe('where is my parcel');
    // Languages without a dictionary are corrected toward the knowledge base as before.
    expect(new LexicalModel([{ text: '我的包裹在哪里', lang: 'zh' }, { text: 'Gdzie jest moja paczka?', lang: 'pl' }], { dictionaries: await loadDictionaries(['zh']) }).correct('gdzie jest paczk', 'pl')).toBe('gdzie jest paczka');
  });

  it('leaves real Polish words alone, typed with or without accents, and still reads typos and other forms', async () => {
    const texts = [{ text: 'Czy mogę kupić jako gość?', lang: 'pl' }, { text: 'Jaka jest minimalna kwota zamówienia?', lang: 'pl' }, { text: 'Gdzie jest moja paczka?', lang: 'pl' }];
    // Without Polish's dictionary, "dość" (enough) was one edit from the knowledge base's "gość" (guest), and read as it.
    expect(new LexicalModel(texts).correct('kwota jest dosc duza', 'pl')).toBe('kwota jest gosc duza');
    const withDictionary = new LexicalModel(texts, { dictionaries: await loadDictionaries(['pl']) });
    expect(withDictionary.correct('kwota jest dość duża', 'pl')).toBe('kwota jest dość duża');
    expect(withDictionary.correct('kwota jest dosc duza', 'pl')).toBe('kwota jest dosc duza');
    // Another form of the knowledge base's word, and a typo, are read as it.
    expect(withDictionary.correct('gdzie sa moje paczki', 'pl')).toBe('gdzie sa moje paczka');
    expect(withDictionary.correct('gdzie jest paczak', 'pl')).toBe('gdzie jest paczka');
  });
});
