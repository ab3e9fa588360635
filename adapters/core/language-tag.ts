import { primaryLanguage } from '../../shared/index.ts';

/**
 * A channel's language tag as the bot core takes it: the canonical BCP 47 tag ("zh-TW",
 * "pt-BR", "fil-PH"), kept whole, so the core reads the language from it and, for Chinese, the
 * script ("zh-TW", "zh-Hant": replies in Traditional characters, bot/chinese-script.ts).
 * Undefined for anything that is not a well-formed tag with an ISO 639 language (two or three
 * letters); "_" is read as "-" ("pt_BR", as some SDKs write locales).
 */
export function languageTag(tag: string): string | undefined {
  const t = tag.trim().replace(/_/g, '-');
  if (!/^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$/i.test(t)) return undefined;
  try {
    return Intl.getCanonicalLocales(t)[0];
  } catch {
    return undefined;
  }
}

/** The language of a well-formed tag (see languageTag), lower case: "zh-Hant-TW" → "zh"; undefined for anything else. */
export function languageOfTag(tag: string): string | undefined {
  const canonical = languageTag(tag);
  return canonical && primaryLanguage(canonical);
}
