import { beforeAll, describe, expect, it } from 'vitest';
import { createLanguageDetector, KnowledgeVocabulary, loadKnowledgeFolder, mixedLanguageOf, withConversationEntries, type LanguageDetector } from '../knowledge/index.ts';
import { chooseLanguage } from './language-choice.ts';

const SAMPLE_KB = new URL('../knowledge/sample-kb', import.meta.url).pathname;

describe('chooseLanguage with the knowledge base vocabulary', () => {
  let detector: LanguageDetector;
  const choose = (text: string, hints: { event?: string; conversation?: string; screen?: string } = {}) => chooseLanguage(detector, text, hints, { defaultLang: 'en' });

  beforeAll(async () => {
    const vocabulary = KnowledgeVocabulary.fromEntries(await loadKnowledgeFolder(SAMPLE_KB), 'en');
    detector = await createLanguageDetector({ vocabulary: () => vocabulary });
  });

  it.each([
    ['kiedy dostane zwrot pieniedzy', 'pl'],
    ['jak zwrocic towar', 'pl'],
    ['zapomnialem hasla', 'pl'],
    ['ile trwa dostawa', 'pl'],
    ['怎麼退貨', 'zh'],
    ['عايز ارجع الاوردر', 'ar'],
    ['How do I reset my password?', 'en'],
  ])('reads "%s" as %s on a first message', async (text, lang) => {
    expect(await choose(text)).toBe(lang);
  });

  it.each(['ok', 'thanks', '123', '👍', 'Samsung Galaxy S23', 'iPhone'])('keeps a Polish conversation Polish on "%s"', async (text) => {
    expect(await choose(text, { conversation: 'pl' })).toBe('pl');
  });

  it('keeps a Chinese conversation Chinese on a Latin "ok"', async () => {
    expect(await choose('ok', { conversation: 'zh' })).toBe('zh');
  });

  it('changes language on another script that names its language, even one word', async () => {
    expect(await choose('退货', { conversation: 'pl' })).toBe('zh');
    expect(await choose('شكرا', { conversation: 'en' })).toBe('ar');
  });

  it('reads English shop words in a Polish sentence as Polish, and leaves English English', async () => {
    const mixed = mixedLanguageOf(await withConversationEntries(await loadKnowledgeFolder(SAMPLE_KB)));
    const aroundEnglish = (t: string) => mixed.languageAroundEnglish(t);
    const withMixed = (text: string, hints: { conversation?: string } = {}) => chooseLanguage(detector, text, hints, { defaultLang: 'en', aroundEnglish });
    // Without the knowledge base's words these read as English, first message or not.
    expect(await choose('czy jest express shipping?', { conversation: 'pl' })).toBe('en');
    expect(await withMixed('czy jest express shipping?', { conversation: 'pl' })).toBe('pl');
    expect(await withMixed('kiedy dostane refund?')).toBe('pl');
    expect(await withMixed('chce usunac account')).toBe('pl');
    expect(await withMixed('is there express shipping to Poland?')).toBe('en');
    expect(await withMixed('where is my parcel, it was due yesterday', { conversation: 'pl' })).toBe('en');
  });

  it('changes language on a confident message of several words', async () => {
    expect(await choose('where is my parcel, it was due yesterday', { conversation: 'pl' })).toBe('en');
    expect(await choose('gdzie jest moja paczka', { conversation: 'en' })).toBe('pl');
  });

  it('starts from the explicit choice and leaves it only on strong evidence', async () => {
    expect(await choose('ok', { event: 'pl' })).toBe('pl');
    expect(await choose('ok', { event: 'pl-PL' })).toBe('pl');
    // The page says English; the customer plainly writes Polish without accents.
    expect(await choose('kiedy dostane zwrot pieniedzy', { event: 'en' })).toBe('pl');
  });

  it('takes the screen\'s language only for a first message the detector cannot read', async () => {
    // Mashing and digits name no language: the screen's decides, not the detector's guess or the default.
    expect(await choose('qwv zzkx plorb', { screen: 'ar-SA' })).toBe('ar');
    expect(await choose('asdf', { screen: 'th' })).toBe('th');
    expect(await choose('123', { screen: 'pl-PL' })).toBe('pl');
    expect(await choose('qwv zzkx plorb')).not.toBe('ar');
    // Words the detector reads, even one or two, win over it.
    expect(await choose('ok', { screen: 'ar' })).toBe('en');
    expect(await choose('jak zwrocic towar', { screen: 'en-US' })).toBe('pl');
    // An explicit choice and a conversation's language come before it.
    expect(await choose('qwv zzkx plorb', { event: 'en', screen: 'ar' })).toBe('en');
    expect(await choose('qwv zzkx plorb', { conversation: 'pl', screen: 'ar' })).toBe('pl');
  });

  it('asks the detector only when its answer could change a language already set', async () => {
    const asked: string[] = [];
    const counting: LanguageDetector = { ...detector, detect: (text) => { asked.push(text); return detector.detect(text); } };
    const chooseCounted = (text: string, hints: { event?: string; conversation?: string }) => chooseLanguage(counting, text, hints, { defaultLang: 'en' });
    expect(await chooseCounted('ok thanks', { conversation: 'pl' })).toBe('pl');
    expect(await chooseCounted('Galaxy S23', { event: 'zh' })).toBe('zh');
    expect(asked).toEqual([]);
    // Another script, several words, or no language yet: the detector decides.
    expect(await chooseCounted('退货', { conversation: 'pl' })).toBe('zh');
    expect(await chooseCounted('gdzie jest moja paczka', { conversation: 'en' })).toBe('pl');
    expect(await chooseCounted('dzięki', {})).toBe('pl');
    expect(asked).toEqual(['退货', 'gdzie jest moja paczka', 'dzięki']);
  });

  it('prefers the conversation\'s language to the page\'s', async () => {
    expect(await choose('ok', { event: 'en', conversation: 'pl' })).toBe('pl');
  });
});
