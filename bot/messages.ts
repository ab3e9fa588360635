import { CATALOGUES, catalogueLanguage, fillPlaceholders, type CatalogueKey } from './catalogue/index.ts';

/**
 * A key of something the bot says on its own. The words live in the message catalogue
 * (bot/catalogue/), one file per language; this module keeps the older `phrase()` call shape.
 */
export type BotPhrase = CatalogueKey;

/** Languages the bot has its own phrases for. */
export const BOT_LANGUAGES = Object.keys(CATALOGUES);

/**
 * A phrase in `lang` (a language or a tag: "pl-PL" is Polish), falling back to `fallback` (then
 * English) when the bot does not speak it.
 * `{name}` placeholders are replaced from `vars`. `lang` says which language was used.
 * @example phrase('queuePosition', 'pl', 'en', { position: 3 }).text // "Jesteś 3. w kolejce. …"
 */
export function phrase(key: BotPhrase, lang: string, fallback = 'en', vars: Record<string, string | number> = {}): { text: string; lang: string } {
  const l = catalogueLanguage(lang, fallback);
  return { text: fillPlaceholders(CATALOGUES[l]![key], vars), lang: l };
}
