import { primaryLanguage, textDirection } from '../../shared/index.ts';
import { ar } from './ar.ts';
import { en, type Catalogue, type CatalogueKey } from './en.ts';
import { pl } from './pl.ts';
import { th } from './th.ts';
import { zh } from './zh.ts';

export type { Catalogue, CatalogueKey } from './en.ts';

/**
 * Every customer-facing word, one catalogue per language. English is the reference: a
 * language is complete when it has every English key with the same placeholders.
 */
export const CATALOGUES: Readonly<Record<string, Catalogue>> = { en, zh, th, ar, pl };

/** Languages with a catalogue. */
export const CATALOGUE_LANGUAGES = Object.keys(CATALOGUES);

/** The primary subtag of a language tag, and "rtl" or "ltr" for it (both in shared/). */
export { primaryLanguage, textDirection };

/**
 * The catalogue language to speak for a requested one: itself (or its primary subtag) when
 * there is a catalogue, else `fallback`, else English.
 */
export function catalogueLanguage(lang: string | undefined, fallback = 'en'): string {
  const asked = lang ? primaryLanguage(lang) : '';
  if (asked && CATALOGUES[asked]) return asked;
  return CATALOGUES[fallback] ? fallback : 'en';
}

/** Replace `{name}` placeholders from `vars`; unknown ones stay as written. */
export function fillPlaceholders(text: string, vars: Record<string, string | number> = {}): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/**
 * One customer-facing text in `lang` (falling back like `catalogueLanguage`).
 * @example t('widget.send', 'th') // "ส่ง"
 * @example t('error.tooLong', 'pl', { max: 4000 }) // "Wiadomość jest za długa (maks. 4000 znaków)"
 */
export function t(key: CatalogueKey, lang: string | undefined, vars: Record<string, string | number> = {}, fallback = 'en'): string {
  return fillPlaceholders(CATALOGUES[catalogueLanguage(lang, fallback)]![key], vars);
}

/** The placeholders a text uses, sorted: "{a} and {b}" → ["a", "b"]. */
export function placeholdersOf(text: string): string[] {
  return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();
}

/** What a language's catalogue lacks against English: missing keys, and keys whose placeholders differ. */
export interface CatalogueGap {
  lang: string;
  missing: string[];
  placeholderMismatch: string[];
}

/**
 * The gaps of each language in `langs` (a language with no catalogue lacks every key).
 * Empty when every language is complete.
 */
export function catalogueGaps(langs: string[], catalogues: Readonly<Record<string, Partial<Record<string, string>>>> = CATALOGUES): CatalogueGap[] {
  const reference = catalogues.en ?? en;
  const gaps: CatalogueGap[] = [];
  for (const lang of langs) {
    const c = catalogues[lang] ?? {};
    const missing: string[] = [];
    const placeholderMismatch: string[] = [];
    for (const [key, text] of Object.entries(reference)) {
      const own = c[key];
      if (typeof own !== 'string' || !own.trim()) missing.push(key);
      else if (placeholdersOf(own).join() !== placeholdersOf(text!).join()) placeholderMismatch.push(key);
    }
    if (missing.length || placeholderMismatch.length) gaps.push({ lang, missing, placeholderMismatch });
  }
  return gaps;
}

/** Every entry of one language whose key starts with `prefix`, the prefix removed. */
export function cataloguePart(prefix: string, lang: string): Record<string, string> {
  const c = CATALOGUES[catalogueLanguage(lang)]!;
  const out: Record<string, string> = {};
  for (const [key, text] of Object.entries(c)) if (key.startsWith(prefix)) out[key.slice(prefix.length)] = text;
  return out;
}

/** A knowledge-base category's name in `lang`; an unknown category shows as written, capitalised. */
export function categoryName(category: string, lang: string): string {
  const c = CATALOGUES[catalogueLanguage(lang)] as Record<string, string>;
  return c[`category.${category}`] ?? c[`category.${category.toLowerCase()}`] ?? category.charAt(0).toUpperCase() + category.slice(1);
}
