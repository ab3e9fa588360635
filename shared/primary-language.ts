/**
 * The primary subtag of a language tag, lower case: "th-TH" → "th", "zh_Hant" → "zh", " PL " → "pl".
 * The one reading of a tag's language, for the server and (bundled) the browser.
 */
export function primaryLanguage(tag: string): string {
  return tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
}
