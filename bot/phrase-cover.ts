import { normalizeText, UNSPACED_SCRIPT } from '../knowledge/index.ts';

/**
 * Short control messages ("actually no, cancel", "the second one please", "算了，不用了") are read
 * as a message made only of known phrases: some that carry what the message means (a `value`)
 * and words that merely come with them ("ok", "please", "the … one"). The whole message must be
 * covered, so "cancel my order" or "the second item is broken" stay questions.
 */
export interface CoverPhrase<T> {
  /** As written; compared after `bare`. */
  text: string;
  /** What the phrase means; absent for the words that only come along. */
  value?: T;
}

/** A text as phrases are compared: normalizeText's folds, apostrophes dropped ("don't" = "dont"), punctuation and symbols as spaces. */
export function bare(text: string): string {
  return normalizeText(text).replace(/['’]/g, '').replace(/[\p{P}\p{S}]+/gu, ' ').replace(/\s+/g, ' ').trim();
}

/** Phrases ready for `cover`: bare, deduplicated, longest first ("cancel the request" before "cancel"). */
export function coverPhrases<T>(phrases: ReadonlyArray<CoverPhrase<T>>): ReadonlyArray<CoverPhrase<T>> {
  const seen = new Set<string>();
  const out: Array<CoverPhrase<T>> = [];
  for (const p of phrases) {
    const text = bare(p.text);
    const key = `${text}\u0000${p.value === undefined ? '' : String(p.value)}`;
    if (!text || seen.has(key)) continue;
    seen.add(key);
    out.push({ text, value: p.value });
  }
  return out.sort((a, b) => b.text.length - a.text.length);
}

/**
 * The meaning of a message made only of `phrases` (prepared by coverPhrases), with at least one
 * that carries a value: the first such phrase's value. With `once`, a phrase carrying another
 * value makes it no cover ("1 or 2" picks nothing). Undefined when no such cover exists or the
 * message is longer than `maxLength` characters.
 */
export function cover<T>(text: string, phrases: ReadonlyArray<CoverPhrase<T>>, o: { maxLength: number; once?: boolean }): T | undefined {
  const message = bare(text);
  if (!message || message.length > o.maxLength) return undefined;
  const failed = new Set<string>();
  // The value of a cover of the rest from i, `found` being the value met before (if any).
  const rest = (i: number, found: T | undefined): T | undefined => {
    while (message[i] === ' ') i++;
    if (i >= message.length) return found;
    const key = `${i}:${found === undefined ? '' : String(found)}`;
    if (failed.has(key)) return undefined;
    for (const phrase of phrases) {
      if (!message.startsWith(phrase.text, i)) continue;
      if (o.once && found !== undefined && phrase.value !== undefined && phrase.value !== found) continue;
      const end = i + phrase.text.length;
      const next = message[end];
      // A phrase ends at a space, at the end, or where an unspaced script starts or ends.
      if (next !== undefined && next !== ' ' && !UNSPACED_SCRIPT.test(next) && !UNSPACED_SCRIPT.test(message[end - 1]!)) continue;
      const value = rest(end, found ?? phrase.value);
      if (value !== undefined) return value;
    }
    failed.add(key);
    return undefined;
  };
  return rest(0, undefined);
}
