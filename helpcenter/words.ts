import { CATALOGUES, t, type CatalogueKey } from '../bot/index.ts';
import { escapeHtml } from '../knowledge/index.ts';

/**
 * The frame's words in one language from the message catalogue, HTML-escaped (`raw` for
 * attributes built elsewhere and for JSON). A language without a catalogue gets `fallback`'s.
 */
export function wordsFor(lang: string, fallback: string) {
  const raw = (key: CatalogueKey, vars: Record<string, string | number> = {}) => t(key, lang, vars, fallback);
  return {
    raw,
    say: (key: CatalogueKey, vars: Record<string, string | number> = {}) => escapeHtml(raw(key, vars)),
  };
}
export type Words = ReturnType<typeof wordsFor>;

/** A language's own name ("Polski"), or its code when there is no catalogue for it. */
export function languageName(lang: string): string {
  return CATALOGUES[lang]?.languageName ?? lang;
}

/** Open Graph's locale form (language_TERRITORY) for the shipped languages; the code itself otherwise. */
const OG_LOCALES: Record<string, string> = { en: 'en_US', pl: 'pl_PL', zh: 'zh_CN', th: 'th_TH', ar: 'ar_AR' };
export const ogLocale = (lang: string): string => OG_LOCALES[lang] ?? lang;
