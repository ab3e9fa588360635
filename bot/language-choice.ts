import type { LanguageDetector } from '../knowledge/index.ts';

export interface LanguageChoiceOptions {
  /** Language when nothing else decides. */
  defaultLang: string;
  /** fastText probability from which a detected language wins over hints. Default 0.5. */
  confidence?: number;
}

/**
 * The language to answer in: the text's script when it is decisive (Thai, Han, Arabic…),
 * else fastText when it is sure, else the client's hint, else the conversation's language,
 * else a weak guess, else the default.
 */
export async function chooseLanguage(detector: LanguageDetector, text: string, hints: { event?: string; conversation?: string }, o: LanguageChoiceOptions): Promise<string> {
  const guess = await detector.detect(text);
  const sure = guess.method === 'script' || (guess.method === 'fasttext' && guess.probability >= (o.confidence ?? 0.5));
  if (sure) return guess.lang;
  return hints.event ?? hints.conversation ?? (guess.probability >= 0.3 ? guess.lang : o.defaultLang);
}
