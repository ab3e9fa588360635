import { renderPlainText } from './render.ts';
import { normalizeText, UNSPACED_SCRIPT, words } from './segment.ts';
import { isFaqEntry, isSynonymsEntry, type FaqEntry } from './types.ts';

/**
 * Synonyms an editor wrote: entries of kind `synonyms`, each alternate phrasing one group of
 * words or short phrases that mean the same in this shop ("เสียหาย, ชำรุด, พัง", "كفالة, ضمان",
 * "reklamowe, marketingowe"). Outside English the matcher knows only the knowledge base's own
 * words, so a customer's synonym the entries never use matched nothing; one group fixes it for
 * every entry that uses the word, where a phrasing fixes one entry.
 *
 * A question is read with each member that the FAQ phrasings of its language never use replaced
 * by the member they use most (by the one their answers use most where no phrasing has any).
 * Members the phrasings use are left alone: there they are the entries' own words, with the
 * meaning the entries give them. A word only answers use is read as the group's word, since
 * questions are compared with phrasings first: "ชำรุด" (damaged), which three answers about
 * returns mention in passing, pulled "สินค้าชำรุดทำยังไง" to them instead of to the phrasings of
 * the damaged-item entry, which say "เสียหาย". A member written with a final `*` matches any
 * word it starts ("reklamow*", "كفال*"); such a member is only matched, never put in. Groups
 * apply per language; a group none of whose members the knowledge base uses does nothing.
 */
export class Synonyms {
  /** Per language: the rewrites, longest member first (so a phrase wins over a word of it). */
  private readonly rules = new Map<string, Rule[]>();

  private constructor() {}

  /** The synonyms of `entries` (published entries of kind `synonyms`), against their published FAQ texts. */
  static fromEntries(entries: readonly FaqEntry[]): Synonyms {
    const synonyms = new Synonyms();
    const groupsByLang = new Map<string, Member[][]>();
    for (const e of entries) {
      if (e.status !== 'published' || !isSynonymsEntry(e)) continue;
      for (const v of e.variants) {
        const groups = groupsByLang.get(v.lang) ?? groupsByLang.set(v.lang, []).get(v.lang)!;
        for (const line of v.alternates) groups.push(parseGroup(line));
      }
    }
    if (!groupsByLang.size) return synonyms;
    // The phrasings' words are needed only to keep `*` members off them.
    const texts = faqTexts(entries, new Set([...groupsByLang].filter(([, groups]) => groups.some((g) => g.some((m) => m.prefix))).map(([lang]) => lang)));
    for (const [lang, groups] of groupsByLang) {
      const langTexts = texts.get(lang) ?? { phrasings: '', answers: '', words: new Set<string>() };
      const rules: Rule[] = [];
      const seen = new Set<string>();
      for (const group of groups) {
        const members = group.map((m) => {
          const re = matcher(m);
          // Every match holds the member's first word as written (its `\s+` gaps aside).
          const literal = bare(m.text).split(' ')[0]!;
          return { ...m, pattern: re, phrasings: occurrences(re, langTexts.phrasings, literal), answers: occurrences(re, langTexts.answers, literal) };
        });
        // What the others are read as: the member the entries' phrasings use most (customers' questions
        // are compared with phrasings first), else the one their answers use most.
        const pick = (count: (m: (typeof members)[number]) => number) => {
          let best: (typeof members)[number] | undefined;
          for (const m of members) if (!m.prefix && count(m) > 0 && (!best || count(m) > count(best))) best = m;
          return best;
        };
        const target = pick((m) => m.phrasings) ?? pick((m) => m.answers);
        if (!target) continue;
        for (const m of members) {
          // A word the phrasings use is the entries' own; so is one their answers use when the group's
          // word is only in answers too. A `*` member may reach such words: those are left alone one by
          // one (rewrite).
          const own = m.phrasings > 0 || (m.answers > 0 && target.phrasings === 0);
          if (m === target || (own && !m.prefix) || seen.has(m.text)) continue;
          seen.add(m.text);
          rules.push({ member: m, pattern: m.pattern, target: bare(target.text), kbWords: langTexts.words });
        }
      }
      rules.sort((a, b) => b.member.text.length - a.member.text.length);
      if (rules.length) synonyms.rules.set(lang, rules);
    }
    return synonyms;
  }

  /** How many members are read as another word, per language. */
  get counts(): Record<string, number> {
    return Object.fromEntries([...this.rules].map(([lang, rules]) => [lang, rules.length]));
  }

  /**
   * The question as the matcher reads it: normalised (see normalizeText) with each synonym
   * replaced, when a group applies; the text itself, untouched, when none does.
   */
  rewrite(text: string, lang: string): string {
    const rules = this.rules.get(lang);
    if (!rules) return text;
    const normalized = normalizeText(text);
    let out = normalized;
    for (const rule of rules) {
      out = out.replace(rule.pattern, (whole: string, clitic: string | undefined) => {
        // A word a `*` member reaches that the knowledge base itself uses keeps its own meaning.
        if (rule.member.prefix && rule.kbWords.has(whole.slice((clitic ?? '').length))) return whole;
        return `${clitic ?? ''}${rule.target}`;
      });
    }
    return out === normalized ? text : out;
  }
}

interface Member {
  /** Normalised, words separated by one space; without its `*`. */
  text: string;
  /** Written with a final `*`: matches any word it starts. */
  prefix: boolean;
}

interface Rule {
  member: Member;
  pattern: RegExp;
  /** What the member is read as (without an Arabic article, which the match keeps). */
  target: string;
  /** The words the knowledge base's phrasings of the language use: a `*` member leaves them alone. */
  kbWords: ReadonlySet<string>;
}

/** Letters a `*` member needs before its star: "a*" would read half the language as one word. */
const MIN_PREFIX_LETTERS = 3;

/** One group as an editor writes it: members separated by commas (or Arabic and Chinese commas). */
function parseGroup(line: string): Member[] {
  return line.split(/[,،、，;]/u)
    .map((raw) => raw.trim())
    .filter(Boolean)
    .map((raw) => {
      const prefix = raw.endsWith('*');
      const text = normalizeText(prefix ? raw.slice(0, -1) : raw).replace(/\s+/gu, ' ').trim();
      return { text, prefix };
    })
    .filter((m) => m.text !== '' && (!m.prefix || [...m.text].filter((c) => /\p{L}/u.test(c)).length >= MIN_PREFIX_LETTERS));
}

/** Letters, marks and digits: what a word boundary has on neither side. */
const WORD_CHAR = '[\\p{L}\\p{M}\\p{N}]';
/** An Arabic word's leading particles: "و" and "ف", then "ب", "ك" or "ل", then the article ("بالضمان", "وكفالة", "للكفالة"). */
const ARABIC_CLITIC = '((?:[وف]?(?:[بكل]?ال|لل|[بكل]))?)';
const ARABIC = /\p{Script=Arabic}/u;

/** A member without its leading Arabic article: the article goes with the clitics, kept as typed. */
function bare(text: string): string {
  return ARABIC.test(text) ? text.replace(/^ال(?=\p{L}{2})/u, '') : text;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Where a member stands in a normalised text (global: counted and replaced with the same pattern).
 * Thai and Chinese are written without spaces: there a member may stand anywhere. Elsewhere it is
 * whole words, an Arabic one after its particles.
 */
function matcher(m: Member): RegExp {
  const core = escape(bare(m.text)).replace(/ /g, '\\s+');
  if (UNSPACED_SCRIPT.test(m.text)) return new RegExp(`()${core}`, 'gu');
  const start = ARABIC.test(m.text) ? `(?<!${WORD_CHAR})${ARABIC_CLITIC}` : `(?<!${WORD_CHAR})()`;
  const end = m.prefix ? `${WORD_CHAR}*` : `(?!${WORD_CHAR})`;
  return new RegExp(`${start}${core}${end}`, 'gu');
}

/** How many times `re` (global) matches in `text`; `literal`, a string every match contains, rules most texts out at once. */
function occurrences(re: RegExp, text: string, literal: string): number {
  if (!text.includes(literal)) return 0;
  let n = 0;
  re.lastIndex = 0;
  while (re.exec(text)) n++;
  return n;
}

/**
 * Per language: the published FAQ entries' phrasings (questions and alternates) and answers,
 * normalised, each kind joined into one text, NUL between two (one search a member, however
 * large the knowledge base), and the phrasings' words in the languages of `withWords`.
 */
function faqTexts(entries: readonly FaqEntry[], withWords: ReadonlySet<string>): Map<string, { phrasings: string; answers: string; words: Set<string> }> {
  const parts = new Map<string, { phrasings: string[]; answers: string[]; words: Set<string> }>();
  for (const e of entries) {
    if (e.status !== 'published' || !isFaqEntry(e)) continue;
    for (const v of e.variants) {
      const own = parts.get(v.lang) ?? parts.set(v.lang, { phrasings: [], answers: [], words: new Set() }).get(v.lang)!;
      for (const text of [v.question, ...v.alternates]) {
        own.phrasings.push(normalizeText(text));
        if (withWords.has(v.lang)) for (const w of words(text, v.lang)) own.words.add(w);
      }
      own.answers.push(normalizeText(renderPlainText(v.answer)));
    }
  }
  return new Map([...parts].map(([lang, p]) => [lang, { phrasings: p.phrasings.join('\u0000'), answers: p.answers.join('\u0000'), words: p.words }]));
}
