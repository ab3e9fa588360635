/**
 * Typo correction toward the knowledge base's own vocabulary. Customers type fast ("mony",
 * "veryfy", "refnd"): a misspelt content word matches nothing in the lexical signals and
 * reaches the sentence embedder as an unknown piece, so one typo can move a question to the
 * wrong entry or below the answer threshold. Only words the knowledge base never uses are
 * touched, and only when one of its words is a single edit away (symmetric-delete lookup, as
 * SymSpell does) or the word splits into two of its words ("mywallet"), so a correct question
 * is left exactly as it was. A word the language's dictionary knows (see dictionaries.ts) is
 * not a typo either: "sell" is not read as "tell" because the knowledge base happens to use
 * only the second, though "orders" may be read as the knowledge base's "order".
 */
import type { Dictionary } from './dictionaries.ts';

/** Shortest word corrected: shorter words are a single edit away from too many others. */
const MIN_LENGTH = 4;

/** Shortest part of a split word. */
const MIN_PART = 2;

/**
 * Shortest part of a split dictionary word. A word the knowledge base writes as two of its own
 * is a compound spelt apart ("callback" / "call back", "backache" / "back ache"), but parts of one
 * or two letters make false compounds ("another" / "an other", "into" / "in to").
 */
const MIN_KNOWN_PART = 3;

/** Optimal-string-alignment distance, stopping early once it exceeds `max`. */
export function editDistance(a: string, b: string, max = 1): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push(new Array<number>(b.length + 1).fill(0));
    rows[i]![0] = i;
  }
  for (let j = 0; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    let rowMin = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > max) return max + 1;
  }
  return rows[a.length]![b.length]!;
}

/** Words whose letters are all alphabetic in a script written with spaces (Latin, Cyrillic, Greek…). */
const CORRECTABLE = /^[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Armenian}]+$/u;

function deletes(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

export class SpellingIndex {
  /** A word, or one of its single-character deletions → the vocabulary words it comes from (only words long enough to be a correction). */
  private readonly byDelete = new Map<string, string[]>();

  /**
   * `frequency`: how many texts use each word; the most used wins among equally close words.
   * `dictionary`: the language's, when it has one.
   */
  constructor(private readonly frequency: ReadonlyMap<string, number>, private readonly dictionary?: Dictionary, private readonly answerOnly: ReadonlySet<string> = new Set()) {
    for (const word of [...frequency.keys()].sort()) {
      if (word.length < MIN_LENGTH - 1 || !CORRECTABLE.test(word)) continue;
      for (const key of [word, ...deletes(word)]) (this.byDelete.get(key) ?? this.byDelete.set(key, []).get(key)!).push(word);
    }
  }

  /**
   * The vocabulary word one edit from `word`, or undefined when it is known (to the knowledge
   * base), too short or has no such neighbour. A word the dictionary knows is only read as another
   * form of itself ("orders" as "order", "paczki" as "paczka"), never as a different word ("sell"
   * as "tell", "dosc" as "gosc"), or as a compound spelt apart (parts of MIN_KNOWN_PART letters or more).
   */
  correct(word: string): string | undefined {
    if (word.length < MIN_LENGTH || !CORRECTABLE.test(word)) return undefined;
    // A word only the answers use ("hasło", where the phrasings say "hasła") is known, but carries
    // little weight: the matcher compares questions with phrasings first. It is read as the
    // phrasings' word an edit away, as an unknown word is; never split, never as another answer word.
    const answerOnly = this.answerOnly.has(word);
    if (this.frequency.has(word) && !answerOnly) return undefined;
    const known = this.dictionary?.knows(word) ?? false;
    let best: string | undefined;
    let bestFrequency = 0;
    for (const key of [word, ...deletes(word)]) {
      for (const candidate of this.byDelete.get(key) ?? []) {
        if (answerOnly && this.answerOnly.has(candidate)) continue;
        if (editDistance(word, candidate) !== 1) continue;
        if (known && !this.dictionary!.sameWord(word, candidate)) continue;
        const f = this.frequency.get(candidate)!;
        if (f > bestFrequency || (f === bestFrequency && best !== undefined && candidate < best)) {
          best = candidate;
          bestFrequency = f;
        }
      }
    }
    if (answerOnly) return best;
    return best ?? this.split(word, known ? MIN_KNOWN_PART : MIN_PART);
  }

  /**
   * Two words run together ("mywallet", "pancard"): the split into two vocabulary words whose
   * rarer part is used most, if there is one.
   */
  private split(word: string, minPart: number): string | undefined {
    let best: string | undefined;
    let bestFrequency = 0;
    for (let i = minPart; i <= word.length - minPart; i++) {
      const f = Math.min(this.frequency.get(word.slice(0, i)) ?? 0, this.frequency.get(word.slice(i)) ?? 0);
      if (f > bestFrequency) {
        best = `${word.slice(0, i)} ${word.slice(i)}`;
        bestFrequency = f;
      }
    }
    return best;
  }
}
