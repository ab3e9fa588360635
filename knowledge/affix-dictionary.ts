/**
 * A Hunspell dictionary of an inflected language (Polish: 300,000 stems, 7,000 suffix rules)
 * asked whether a word is real, and which stem it comes from, without expanding its forms.
 * nspell expands every stem by every rule up front: for Polish that took 23 s and 380 MB of heap,
 * and it knows only the accented forms, while customers often type Polish without accents.
 * Here a word is checked the way Hunspell checks it, backwards: strip a rule's ending, restore
 * what the rule took off, and look the stem up with the rule's flag. Stems and rules are kept
 * folded (foldLatin: "pieniędzy" and "pieniedzy" are one word), so a form known with its accents
 * is known without them. Folding merges a few forms that differ only by their accents; for telling
 * a real word from a typo that errs on the side of leaving a word alone.
 *
 * Covers what Polish's dictionary uses: single-character flags, suffixes and prefixes that combine
 * (cross product), conditions on the stem's end or start. No compounds, no continuation classes.
 */
import { findPacked, packSorted, type PackedStrings } from './packed-strings.ts';
import { foldLatin } from './text-folds.ts';

interface Affix {
  flag: string;
  /** What the rule took off the stem (folded, '' for none). */
  strip: string;
  /** Whether the stem the rule applies to qualifies (folded condition, anchored at the stem's end or start). */
  condition: RegExp | undefined;
  crossProduct: boolean;
}

/** Between a stem and its flags in the packed stems: below every character a stem has. */
const SEPARATOR = '\u0001';

/** Rules grouped by what they add: the stem is found once per (ending, strip) pair. */
type AffixTable = Map<string, Map<string, Affix[]>>;

/** Compiled conditions, shared by the rules that have the same one (Polish: 7,000 rules, 900 conditions). */
const conditions = new Map<string, RegExp>();

/** What a Hunspell condition means on folded text: '.' any letter, '[…]' and '[^…]' sets, letters. */
function conditionRegExp(condition: string, suffix: boolean): RegExp | undefined {
  if (condition === '.' || condition === '') return undefined;
  const source = suffix ? `${foldLatin(condition.toLowerCase())}$` : `^${foldLatin(condition.toLowerCase())}`;
  return conditions.get(source) ?? conditions.set(source, new RegExp(source, 'u')).get(source)!;
}

export class AffixDictionary {
  /** Every folded stem, sorted, each as stem, SEPARATOR, flags. */
  private readonly stems: PackedStrings;
  private readonly suffixes: AffixTable = new Map();
  private readonly prefixes: AffixTable = new Map();
  private longestSuffix = 0;
  private longestPrefix = 0;

  /** `aff` and `dic`: the Hunspell files' text (UTF-8). */
  constructor(aff: string, dic: string) {
    this.readAffixes(aff);
    const entries: string[] = [];
    const lines = dic.split('\n');
    // The first line is the stem count.
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      const slash = line.indexOf('/');
      const raw = (slash < 0 ? line : line.slice(0, slash)).trim().toLowerCase();
      if (!raw) continue;
      // Most stems are plain ASCII: folding (a Unicode normalisation) only the others halves the load.
      const stem = /[^\u0000-\u007f]/.test(raw) ? foldLatin(raw) : raw;
      // A few foreign words keep letters no fold removes; leaving them out keeps the packed stems
      // one byte a character (half the memory). Customers' Polish never needs them.
      if (/[^\u0000-\u00ff]/.test(stem)) continue;
      entries.push(`${stem}${SEPARATOR}${slash < 0 ? '' : line.slice(slash + 1).trim()}`);
    }
    // The separator sorts before every character of a stem, so entries sort as their stems do.
    entries.sort();
    const parts: string[] = [];
    for (const entry of entries) {
      const previous = parts[parts.length - 1];
      const stem = entry.slice(0, entry.indexOf(SEPARATOR));
      // Stems that fold alike ("kość", "kosc") pool their flags: each of their forms is a real word.
      if (previous !== undefined && previous.startsWith(`${stem}${SEPARATOR}`)) parts[parts.length - 1] = previous + entry.slice(stem.length + 1);
      else parts.push(entry);
    }
    this.stems = packSorted(parts);
  }

  private readAffixes(aff: string): void {
    const crossProduct = new Map<string, boolean>();
    for (const raw of aff.split('\n')) {
      const f = raw.trim().split(/\s+/);
      if ((f[0] !== 'SFX' && f[0] !== 'PFX') || f.length < 4) continue;
      const suffix = f[0] === 'SFX';
      const flag = f[1]!;
      // The header: "SFX a Y 6".
      if (f.length === 4 && /^\d+$/.test(f[3]!)) {
        crossProduct.set(`${f[0]}${flag}`, f[2] === 'Y');
        continue;
      }
      const strip = f[2] === '0' ? '' : foldLatin(f[2]!.toLowerCase());
      const add = f[3] === '0' ? '' : foldLatin(f[3]!.split('/')[0]!.toLowerCase());
      const affix: Affix = { flag, strip, condition: conditionRegExp(f[4] ?? '.', suffix), crossProduct: crossProduct.get(`${f[0]}${flag}`) ?? false };
      const table = suffix ? this.suffixes : this.prefixes;
      const byStrip = table.get(add) ?? table.set(add, new Map()).get(add)!;
      (byStrip.get(strip) ?? byStrip.set(strip, []).get(strip)!).push(affix);
      if (suffix) this.longestSuffix = Math.max(this.longestSuffix, add.length);
      else this.longestPrefix = Math.max(this.longestPrefix, add.length);
    }
  }

  /** The flags of a folded stem, or undefined when the dictionary lacks it. */
  private flagsOf(stem: string): string | undefined {
    const at = findPacked(this.stems, stem, SEPARATOR);
    return at < 0 ? undefined : this.stems.text.slice(at, this.stems.text.indexOf('\n', at));
  }

  /** The stems `word` is a form of through one suffix rule or none; `needs`: a flag the stem must also have (a prefix's). */
  private suffixStems(word: string, needs: string | undefined, out: Set<string>): void {
    const own = this.flagsOf(word);
    if (own !== undefined && (needs === undefined || own.includes(needs))) out.add(word);
    for (let k = 0; k <= Math.min(this.longestSuffix, word.length - 1); k++) {
      const byStrip = this.suffixes.get(word.slice(word.length - k));
      if (!byStrip) continue;
      for (const [strip, rules] of byStrip) {
        const stem = word.slice(0, word.length - k) + strip;
        if (!stem || (k === 0 && !strip)) continue;
        const flags = this.flagsOf(stem);
        if (flags === undefined || (needs !== undefined && !flags.includes(needs))) continue;
        if (rules.some((r) => flags.includes(r.flag) && (needs === undefined || r.crossProduct) && (!r.condition || r.condition.test(stem)))) out.add(stem);
      }
    }
  }

  /** The folded stems `word` (lower case, folded or not) is a form of; empty when it is not a word. */
  stemsOf(word: string): Set<string> {
    const folded = foldLatin(word.toLowerCase());
    const out = new Set<string>();
    this.suffixStems(folded, undefined, out);
    for (let k = 1; k <= Math.min(this.longestPrefix, folded.length - 1); k++) {
      const byStrip = this.prefixes.get(folded.slice(0, k));
      if (!byStrip) continue;
      for (const [strip, rules] of byStrip) {
        const rest = strip + folded.slice(k);
        for (const rule of rules) {
          if (rule.condition && !rule.condition.test(rest)) continue;
          // With the prefix, the rest may itself carry a suffix, when both rules combine.
          if (rule.crossProduct) this.suffixStems(rest, rule.flag, out);
          else if (this.flagsOf(rest)?.includes(rule.flag)) out.add(rest);
        }
      }
    }
    return out;
  }

  knows(word: string): boolean {
    return this.stemsOf(word).size > 0;
  }
}
