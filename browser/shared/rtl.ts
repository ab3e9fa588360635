/**
 * Which languages are written right to left. One list for every screen in the browser (the
 * widget lays out bubbles with it, the editors their fields), so a language never reads one
 * way in the chat and the other way in the editor.
 */

/** Primary language subtags written right to left ("iw" is the old code for Hebrew). */
export const RTL_LANGUAGES: readonly string[] = ['ar', 'he', 'iw', 'fa', 'ur', 'ps', 'yi', 'dv', 'ckb', 'sd', 'ug'];

/** The primary subtag, lower case: "pt-BR" → "pt". */
export function primaryLanguage(lang: string | null | undefined): string {
  return String(lang ?? '').toLowerCase().split(/[-_]/)[0] ?? '';
}

/**
 * True for a right-to-left language: by its primary subtag, or an Arabic-script tag such as
 * "pa-Arab".
 * @example isRtl('ar-EG') // true
 */
export function isRtl(lang: string | null | undefined): boolean {
  const l = String(lang ?? '').toLowerCase();
  return RTL_LANGUAGES.includes(primaryLanguage(l)) || /^[a-z]{2,3}[-_]arab/.test(l);
}

/** "rtl" or "ltr", for a `dir` attribute. */
export function dirOf(lang: string | null | undefined): 'rtl' | 'ltr' {
  return isRtl(lang) ? 'rtl' : 'ltr';
}
