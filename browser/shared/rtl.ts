/**
 * Which languages are written right to left, in the browser: the server's one list
 * (shared/text-direction.ts), bundled in, so a language never reads one way in the chat and the
 * other way in the editor or the help center.
 */
import { primaryLanguage as primaryOf } from '../../shared/primary-language.ts';
import { RTL_LANGUAGES, textDirection } from '../../shared/text-direction.ts';

export { RTL_LANGUAGES };

/** The primary subtag, lower case: "pt-BR" → "pt" (shared/primary-language.ts; "" for none). */
export function primaryLanguage(lang: string | null | undefined): string {
  return primaryOf(String(lang ?? ''));
}

/**
 * True for a right-to-left language: by its primary subtag, or an Arabic-script tag such as
 * "pa-Arab".
 * @example isRtl('ar-EG') // true
 */
export function isRtl(lang: string | null | undefined): boolean {
  return dirOf(lang) === 'rtl';
}

/** "rtl" or "ltr", for a `dir` attribute. */
export function dirOf(lang: string | null | undefined): 'rtl' | 'ltr' {
  return textDirection(String(lang ?? ''));
}
