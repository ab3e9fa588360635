import type { FaqEntry } from '../../knowledge/index.ts';
import type { DraftRecord } from './draft-store.ts';
import { sameEntry } from './schema.ts';

/** One row of the entries list. */
export interface EntrySummary {
  id: string;
  category?: string;
  tags: string[];
  status: FaqEntry['status'];
  /** `conversation` for small talk (greeting, thanks…), `synonyms` for synonym groups; absent for an FAQ entry. */
  kind?: 'conversation' | 'synonyms';
  /** The question in the default language, else the first one. */
  question: string;
  langs: string[];
  /** Configured languages this entry has no variant for. */
  missingLangs: string[];
  /** Languages whose variant has fewer than ENOUGH_PHRASINGS ways to ask (its question and alternates). */
  fewPhrasings: string[];
  /** The draft differs from the live version (or is not live at all). */
  changed: boolean;
  /** The entry is in the live version. */
  live: boolean;
  updatedAt: string;
  updatedBy?: string;
}

/** Filters of `GET /api/admin/entries`. */
export interface EntryFilter {
  /** Words that must all appear in the id, a question, an alternate or an answer (any language, any case). */
  q?: string;
  tag?: string;
  /** Has a variant in this language. */
  lang?: string;
  status?: FaqEntry['status'];
  /** Lacks this configured language, or (`any`) lacks at least one. */
  missing?: string;
  /** Has fewer than ENOUGH_PHRASINGS ways to ask in this language, or (`any`) in at least one. */
  few?: string;
}

/**
 * Ways to ask (a variant's question and alternates) below which the editor advises adding more.
 * On the sample knowledge base, customers' own questions were answered right less than half as often
 * with one phrasing per entry as with all six, and clearly less often with three (README, "Measured
 * on the sample knowledge base").
 */
export const ENOUGH_PHRASINGS = 5;

const phrasingsOf = (v: FaqEntry['variants'][number]) => (v.question.trim() ? 1 : 0) + v.alternates.length;

const fold = (s: string) => s.normalize('NFKC').toLocaleLowerCase();

function haystack(e: FaqEntry): string {
  return fold([e.id, e.category ?? '', ...e.tags, ...e.variants.flatMap((v) => [v.question, ...v.alternates, v.answer])].join('\n'));
}

/**
 * The entries list: every draft summarised against the live version, filtered, by id.
 * `languages` are the configured ones (what "missing translation" is measured against).
 */
export function listEntries(records: readonly DraftRecord[], live: ReadonlyMap<string, FaqEntry>, languages: readonly string[], defaultLang: string, f: EntryFilter = {}): EntrySummary[] {
  const words = f.q ? fold(f.q).split(/\s+/).filter(Boolean) : [];
  const out: EntrySummary[] = [];
  for (const r of records) {
    const e = r.entry;
    const langs = e.variants.map((v) => v.lang);
    const missingLangs = languages.filter((l) => !langs.includes(l));
    const fewPhrasings = e.variants.filter((v) => phrasingsOf(v) < ENOUGH_PHRASINGS).map((v) => v.lang);
    if (f.tag && !e.tags.includes(f.tag)) continue;
    if (f.lang && !langs.includes(f.lang)) continue;
    if (f.status && e.status !== f.status) continue;
    if (f.missing && (f.missing === 'any' ? missingLangs.length === 0 : langs.includes(f.missing))) continue;
    if (f.few && (f.few === 'any' ? fewPhrasings.length === 0 : !fewPhrasings.includes(f.few))) continue;
    if (words.length) {
      const text = haystack(e);
      if (!words.every((w) => text.includes(w))) continue;
    }
    const liveEntry = live.get(e.id);
    out.push({
      id: e.id, ...(e.category ? { category: e.category } : {}), tags: e.tags, status: e.status, ...(e.kind && e.kind !== 'faq' ? { kind: e.kind } : {}),
      question: (e.variants.find((v) => v.lang === defaultLang) ?? e.variants[0])?.question ?? e.id,
      langs, missingLangs, fewPhrasings, changed: !liveEntry || !sameEntry(liveEntry, e), live: Boolean(liveEntry),
      updatedAt: r.updatedAt.toISOString(), ...(r.updatedBy ? { updatedBy: r.updatedBy } : {}),
    });
  }
  return out;
}
