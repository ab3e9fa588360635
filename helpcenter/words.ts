import { CATALOGUES, t, type CatalogueKey } from '../bot/index.ts';
import { escapeHtml } from '../knowledge/index.ts';
import { inScript, sourceLanguage, TRADITIONAL_CHINESE } from './scripts.ts';

/**
 * The frame's words in one language from the message catalogue, HTML-escaped (`raw` for
 * attributes built elsewhere and for JSON). A language without a catalogue gets `fallback`'s.
 */
export function wordsFor(lang: string, fallback: string) {
  const script = inScript(lang);
  const raw = (key: CatalogueKey, vars: Record<string, string | number> = {}) => script(t(key, sourceLanguage(lang), vars, fallback));
  return {
    raw,
    say: (key: CatalogueKey, vars: Record<string, string | number> = {}) => escapeHtml(raw(key, vars)),
  };
}
export type Words = ReturnType<typeof wordsFor>;

/** A language's own name ("Polski"), or its code when there is no catalogue for it. */
export function languageName(lang: string): string {
  if (lang === TRADITIONAL_CHINESE) return '繁體中文';
  return CATALOGUES[lang]?.languageName ?? lang;
}

/** Open Graph's locale form (language_TERRITORY) for the shipped languages; the code itself otherwise. */
const OG_LOCALES: Record<string, string> = { en: 'en_US', pl: 'pl_PL', zh: 'zh_CN', [TRADITIONAL_CHINESE]: 'zh_TW', th: 'th_TH', ar: 'ar_AR' };
export const ogLocale = (lang: string): string => OG_LOCALES[lang] ?? lang;
