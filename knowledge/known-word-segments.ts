import { wordRuns, words } from './segment.ts';

/** A Han character: Chinese is cut again (Thai's segmenter already reads its words, and cut again its polite "ครับ" came out as "ค" and "รับ", receive). */
const HAN = /\p{Script=Han}/u;

/** Longest word, in characters, a stretch is cut again into (a Chinese word is rarely longer than four; names may be). */
const MAX_WORD_CHARS = 8;

/**
 * The words of a text, where a stretch of Chinese that the segmenter cut into a word the
 * knowledge base never uses is cut again into the words it does use: "可以开发票吗"
 * comes out of the segmenter as "可以/开发/票/吗" ("develop" and "ticket"), and read with the
 * knowledge base's words as "可以/开/发票/吗" ("issue an invoice"). A segmenter's dictionary is
 * general; the knowledge base's words are the shop's, as a custom dictionary is for a Chinese
 * search engine. A stretch whose words are all known, and any other text, keeps the segmenter's
 * words. `known`: the words of the knowledge base's texts in that language, as words() cut them.
 */
export function wordsWithKnownWords(text: string, lang: string, known: ReadonlyMap<string, unknown> | ReadonlySet<string>): readonly string[] {
  const plain = words(text, lang);
  if (plain.every((w) => known.has(w) || !HAN.test(w))) return plain;
  return wordRuns(text, lang).flatMap((run) => cutAroundUnknown(run, known));
}

/**
 * A run with each stretch of unknown words cut again together with the word on either side of
 * it, where the segmenter may have put the boundary ("开发/票": the known "票" takes back "发").
 * The rest of the run keeps the segmenter's words.
 */
function cutAroundUnknown(run: readonly string[], known: ReadonlyMap<string, unknown> | ReadonlySet<string>): readonly string[] {
  const unknown = (w: string) => !known.has(w) && HAN.test(w);
  const out: string[] = [];
  // Words before `taken` went into an earlier window: they are no neighbour to take back.
  let taken = 0;
  let i = 0;
  while (i < run.length) {
    if (!unknown(run[i]!)) {
      out.push(run[i++]!);
      continue;
    }
    let end = i;
    while (end < run.length && unknown(run[end]!)) end++;
    // The Chinese word just before joins the window (taken back from out), as does the one just after.
    const from = i > taken && HAN.test(run[i - 1]!) ? i - 1 : i;
    if (from < i) out.pop();
    const to = end < run.length && HAN.test(run[end]!) ? end + 1 : end;
    out.push(...cutAgain(run.slice(from, to), known));
    i = taken = to;
  }
  return out;
}

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });
/** A text's user-perceived characters: a Thai consonant with its vowel and tone marks is one. */
const charsOf = (text: string) => Array.from(graphemes.segment(text), (g) => g.segment);

/** Score of a cut: known words of two characters or more count by the square of their length, so longer known words win; single characters count nothing. */
const weight = (word: string, known: ReadonlyMap<string, unknown> | ReadonlySet<string>) => {
  const n = charsOf(word).length;
  return n > 1 && known.has(word) ? n * n : 0;
};

/**
 * A stretch cut into known words only (by dynamic programming over its characters, longest known
 * words first), or the stretch as it was when no such cut exists or it holds no more of the
 * knowledge base's longer words: "你好" stays whole rather than "你/好", and a Thai word the
 * knowledge base lacks ("ประสบการณ์") is never cut into letters around a known word inside it.
 */
function cutAgain(run: readonly string[], known: ReadonlyMap<string, unknown> | ReadonlySet<string>): readonly string[] {
  const chars = charsOf(run.join(''));
  const n = chars.length;
  // best[i]: the best cut of the first i characters into known words, as [score, word count, previous cut point]; score -1: none.
  const best: Array<[number, number, number]> = [[0, 0, -1]];
  for (let i = 1; i <= n; i++) {
    best[i] = [-1, 0, -1];
    for (let len = 1; len <= Math.min(MAX_WORD_CHARS, i); len++) {
      const [s, t] = best[i - len]!;
      if (s < 0) continue;
      const word = chars.slice(i - len, i).join('');
      if (!known.has(word)) continue;
      const total = s + (len > 1 ? len * len : 0);
      const [bs, bt] = best[i]!;
      if (total > bs || (total === bs && t + 1 < bt)) best[i] = [total, t + 1, i - len];
    }
  }
  if (best[n]![0] <= run.reduce((sum, w) => sum + weight(w, known), 0)) return run;
  const out: string[] = [];
  for (let i = n; i > 0; i = best[i]![2]) out.push(chars.slice(best[i]![2], i).join(''));
  // A cut that leaves more than one more character standing alone reads words into the stretch
  // rather than finding a boundary ("我/不用/以前" is no "我不/用/以/前").
  const singles = (ws: readonly string[]) => ws.filter((w) => charsOf(w).length === 1).length;
  return singles(out) <= singles(run) + 1 ? out.reverse() : run;
}
