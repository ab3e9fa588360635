/**
 * nspell's spelling check (`correct`) without nspell's memory. nspell expands a Hunspell
 * dictionary into one object property per word form, each with an array of flags, and keeps the
 * tables it needs for suggestions: 15 MB of heap for SCOWL's English (124k forms), held for the
 * server's life, when typo correction only asks whether a word is spelt correctly. Here the forms
 * are one sorted string (1.2 MB) searched by bisection, and only the three flags the check reads
 * are kept; the check itself follows nspell 2.1.5's `form` and `exact` step for step.
 */

import { findPacked, packSorted, type PackedStrings } from './packed-strings.ts';

/** The parts of an nspell instance the check reads (its own properties, not in its typings). */
export interface NspellInternals {
  data: Record<string, string[]>;
  flags: Record<string, unknown>;
  compoundRules: RegExp[];
  conversion: { in: Array<[RegExp, string]> };
}

const KEEPCASE = 1;
const FORBIDDENWORD = 2;
const ONLYINCOMPOUND = 4;

export class PackedSpeller {
  /** Every form, sorted (UTF-16 order). */
  private readonly forms: PackedStrings;
  /** The forms with one of the three flags the check reads. */
  private readonly flagged = new Map<string, number>();
  private readonly compoundRules: RegExp[];
  private readonly compoundMin: number;
  private readonly conversion: Array<[RegExp, string]>;

  constructor(speller: NspellInternals) {
    const { data, flags } = speller;
    const keys = Object.keys(data).sort();
    this.forms = packSorted(keys);
    const has = (codes: string[], name: string) => name in flags && codes.indexOf(flags[name] as string) > -1;
    for (const k of keys) {
      const codes = data[k]!;
      const mask = (has(codes, 'KEEPCASE') ? KEEPCASE : 0) | (has(codes, 'FORBIDDENWORD') ? FORBIDDENWORD : 0) | (has(codes, 'ONLYINCOMPOUND') ? ONLYINCOMPOUND : 0);
      if (mask) this.flagged.set(k, mask);
    }
    this.compoundRules = [...speller.compoundRules];
    this.compoundMin = Number(flags.COMPOUNDMIN);
    this.conversion = speller.conversion.in.map(([pattern, replacement]) => [pattern, replacement]);
  }

  /** The form's flags (0 for none), or undefined when the dictionary does not have it. */
  private lookup(word: string): number | undefined {
    return findPacked(this.forms, word) < 0 ? undefined : this.flagged.get(word) ?? 0;
  }

  /** nspell's `exact`: a form that is not only part of compounds, or a compound its rules allow. */
  private exact(value: string): boolean {
    const flags = this.lookup(value);
    if (flags !== undefined) return (flags & ONLYINCOMPOUND) === 0;
    return value.length >= this.compoundMin && this.compoundRules.some((rule) => rule.test(value));
  }

  /** nspell's `correct`: the word as written, else in sentence case when it is all capitals, else lower-cased. */
  correct(value: string): boolean {
    let normal = value.trim();
    if (!normal) return false;
    for (const [pattern, replacement] of this.conversion) normal = normal.replace(pattern, replacement);
    if (this.exact(normal)) return ((this.lookup(normal) ?? 0) & FORBIDDENWORD) === 0;
    const ignore = (word: string) => ((this.lookup(word) ?? 0) & (KEEPCASE | FORBIDDENWORD)) !== 0;
    if (normal.toUpperCase() === normal) {
      const alternative = normal.charAt(0) + normal.slice(1).toLowerCase();
      if (ignore(alternative)) return false;
      if (this.exact(alternative)) return true;
    }
    const alternative = normal.toLowerCase();
    if (alternative !== normal) {
      if (ignore(alternative)) return false;
      if (this.exact(alternative)) return true;
    }
    return false;
  }
}
