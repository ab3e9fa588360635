import { z } from 'zod';
import type { FaqEntry } from '../../knowledge/index.ts';

/** Entry ids: the same slugs the Markdown folder format accepts (they become file names). */
// No `i` flag: the OpenAPI document copies the pattern, and JSON Schema patterns have no flags.
export const ENTRY_ID = /^[a-zA-Z0-9][a-zA-Z0-9_-]*$/;
/** Language codes as the Markdown format reads them (`## pt-br`): lower case, optional region. */
export const LANG_CODE = /^[a-z]{2,3}(-[a-z]{2,4})?$/;

// One-line fields end up in a Markdown heading, a list item or front matter: a line break
// there would not survive an export, and a comma would split a tag in two.
const oneLine = (what: string, max: number) =>
  z.string().trim().min(1, `${what} is empty`).max(max, `${what} is longer than ${max} characters`)
    .refine((s) => !/[\r\n]/.test(s), `${what} must be one line`);
const listItem = (what: string, max: number) =>
  oneLine(what, max).refine((s) => !s.includes(','), `${what} must not contain a comma`);
// Editors leave blank rows when adding alternates or tags quickly; blanks are dropped, not refused.
const withoutBlanks = (v: unknown) => (Array.isArray(v) ? v.filter((x) => typeof x !== 'string' || x.trim() !== '') : v);

export const VariantSchema = z.object({
  lang: z.string().trim().toLowerCase().regex(LANG_CODE, 'a language code like "en" or "pt-br"'),
  question: oneLine('question', 500),
  alternates: z.preprocess(withoutBlanks, z.array(oneLine('alternate question', 500)).max(200)).default([]),
  answer: z.string().trim().min(1, 'answer is empty').max(20_000, 'answer is longer than 20000 characters').describe('Markdown'),
});

/** A knowledge entry as the API accepts it (trimmed, blanks dropped, every rule checked). */
export const EntrySchema = z.object({
  id: z.string().trim().max(100).regex(ENTRY_ID, 'letters, digits, "-" and "_" only, starting with a letter or digit'),
  category: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), oneLine('category', 100).optional()),
  tags: z.preprocess(withoutBlanks, z.array(listItem('tag', 50)).max(50)).default([]),
  related: z.preprocess(withoutBlanks, z.array(z.string().trim().regex(ENTRY_ID, 'an entry id')).max(20)).default([]),
  status: z.enum(['draft', 'published']).default('published'),
  // Conversation entries (small talk) are answered with starter topics and never count as a failed attempt.
  // Synonyms entries hold groups of words that mean the same here, one group a phrasing (knowledge/synonyms.ts).
  kind: z.preprocess((v) => (v === '' || v === null ? undefined : v), z.enum(['faq', 'conversation', 'synonyms']).optional()),
  variants: z.array(VariantSchema).min(1, 'at least one language is needed').describe('one per language, languages unique'),
}).superRefine((e, ctx) => {
  const seen = new Set<string>();
  e.variants.forEach((v, i) => {
    if (seen.has(v.lang)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['variants', i, 'lang'], message: `language "${v.lang}" appears twice` });
    seen.add(v.lang);
  });
  if (e.related.includes(e.id)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['related'], message: 'an entry cannot be related to itself' });
});

/** Zod issues as the API reports them in `details`. */
export function issuesOf(error: z.ZodError): Array<{ path: string; message: string }> {
  return error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

/** The first problem of a failed parse, as one line ("variants.0.answer: answer is empty"). */
export function firstIssue(error: z.ZodError): string {
  const i = error.issues[0];
  return i ? `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}` : 'invalid entry';
}

/**
 * The same entry with its keys in one fixed order and no empty optional fields, so two entries
 * can be compared by their JSON (the database's jsonb does not keep key order).
 */
export function canonicalEntry(e: FaqEntry): FaqEntry {
  return {
    id: e.id,
    ...(e.category ? { category: e.category } : {}),
    tags: [...(e.tags ?? [])],
    related: [...(e.related ?? [])],
    status: e.status ?? 'published',
    ...(e.kind && e.kind !== 'faq' ? { kind: e.kind } : {}),
    variants: (e.variants ?? []).map((v) => ({ lang: v.lang, question: v.question, alternates: [...(v.alternates ?? [])], answer: v.answer })),
  };
}

/** Whether two entries have the same content. */
export function sameEntry(a: FaqEntry, b: FaqEntry): boolean {
  return JSON.stringify(canonicalEntry(a)) === JSON.stringify(canonicalEntry(b));
}
