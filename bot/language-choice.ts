import { languageScript, scriptLanguage, type LanguageDetector } from '../knowledge/index.ts';
import { primaryLanguage } from './catalogue/index.ts';

export interface LanguageChoiceOptions {
  /** Language when nothing else decides. */
  defaultLang: string;
  /** Detector probability from which a message of several words changes a language already set. Default 0.9. */
  confidence?: number;
  /** Fewest words in a message that may change a language already set (another script always may). Default LANGUAGE_CHANGE_MIN_WORDS (3). */
  minWords?: number;
  /**
   * The Latin-script language a message the detectors read as English is written in, where it
   * borrows English words into that language's sentence ("czy jest express shipping?"): see
   * KnowledgeBase.languageAroundEnglish. Absent: such a message is English.
   */
  aroundEnglish?: (text: string) => string | undefined;
}

const segmenter = new Intl.Segmenter('und', { granularity: 'word' });
/** A word of letters and their marks only, starting with a letter. */
const LETTER_WORD = /^\p{L}[\p{L}\p{M}]*$/u;

/** Below this detector probability a first message's language is the screen's, where the client names one (chooseLanguage). */
export const SCREEN_OVER_TEXT = 0.5;

/** Default fewest words in a message that may change a language already set (LanguageChoiceOptions.minWords). */
export const LANGUAGE_CHANGE_MIN_WORDS = 3;

/**
 * Whether the text has at least `n` words that say something about a language: made of letters
 * (with their vowel and tone marks: Thai "เล่า", Arabic with harakat) only, so "123", "S23",
 * emoji and punctuation do not count. It stops reading at the n-th: it runs on every message of a
 * conversation that has a language.
 */
export function hasLetterWords(text: string, n: number): boolean {
  let seen = 0;
  for (const s of segmenter.segment(text)) if (s.isWordLike && LETTER_WORD.test(s.segment) && ++seen >= n) return true;
  return seen >= n;
}

/**
 * Whether the text is written in a script that names its language (Thai, Han, Arabic…) other
 * than the current language's. Latin letters name no language: "ok" in a Chinese conversation
 * is not a switch to English by itself.
 */
function inAnotherOwnScript(text: string, current: string): boolean {
  const own = scriptLanguage(text);
  return own !== undefined && own !== 'pl' && languageScript(own) !== languageScript(current);
}

/**
 * The language to answer in, from the strongest evidence. An explicit choice (the event's
 * `lang`: the widget's data-lang, the API's `lang`, a channel's locale) or the language the
 * conversation already has is kept unless the message is strong evidence of another: a script
 * that names its language, or a confident detection on a message of several words. So "ok",
 * "thanks", "123", an emoji or a product name never change it, while "kiedy dostanę zwrot
 * pieniędzy" on a page marked English does. With nothing set, the detection decides; with no
 * detection (or one below even odds), the screen's language (`screen`: the browser's, where
 * nobody chose one), else the default.
 */
export async function chooseLanguage(detector: LanguageDetector, text: string, hints: { event?: string; conversation?: string; screen?: string }, o: LanguageChoiceOptions): Promise<string> {
  // The conversation's language, once set, is the customer's own; the event's is the page's or channel's.
  const current = hints.conversation ?? (hints.event ? primaryLanguage(hints.event) || undefined : undefined);
  const otherScript = current !== undefined && inAnotherOwnScript(text, current);
  // Nothing the detector could say would change it ("ok", "thanks", a product name): the detector
  // (fastText and the knowledge base's models, a large part of a short turn's CPU) is not asked.
  // Past this point a message in the current language's script has several words.
  if (current && !otherScript && !hasLetterWords(text, o.minWords ?? LANGUAGE_CHANGE_MIN_WORDS)) return current;
  const guess = await detector.detect(text);
  const detected = guess.method === 'none' || guess.lang === 'und' ? undefined : guess.lang;
  // English words in a Polish sentence are Polish: its own words say whose sentence it is.
  const around = detected === 'en' ? o.aroundEnglish?.(text) : undefined;
  if (around) return around;
  // A first message the detector cannot read (keyboard mashing, "asdf": its best language below
  // even odds, where real words, even one short one, come out at 0.8 and more) is answered in the
  // language the customer's screen is in (InboundEvent.uiLang), not in the detector's guess.
  const screen = hints.screen ? primaryLanguage(hints.screen) || undefined : undefined;
  if (!current && screen && (!detected || guess.probability < SCREEN_OVER_TEXT)) return screen;
  // A first message in a language the knowledge base lacks: its nearest language ("Wie kann ich
  // etwas zurückgeben?" came out Polish) is no better a guess at what the customer reads than the
  // default, in which the bot then says which languages it answers in.
  if (!current) return guess.unsupported ? o.defaultLang : detected ?? o.defaultLang;
  // Written in a language the knowledge base lacks: the likeliest of its own languages is only the
  // nearest (German reads as English), no reason to leave the conversation's.
  if (guess.unsupported) return current;
  if (!detected || detected === current) return current;
  if (otherScript) return detected;
  return guess.probability >= (o.confidence ?? 0.9) ? detected : current;
}
