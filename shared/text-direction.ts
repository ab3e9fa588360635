import { primaryLanguage } from './primary-language.ts';

/**
 * Languages written right to left, by primary subtag ("iw" is Hebrew's former code). The one
 * list: the server's pages use `textDirection`, and the browser code bundles this module
 * (browser/shared/rtl.ts).
 */
export const RTL_LANGUAGES: readonly string[] = ['ar', 'he', 'iw', 'fa', 'ur', 'ps', 'yi', 'dv', 'ckb', 'sd', 'ug'];

/**
 * "rtl" for a language written right to left, else "ltr": its primary subtag is in
 * RTL_LANGUAGES, or it names the Arabic script ("pa-Arab").
 * @example textDirection('ar-EG') // "rtl"
 */
export function textDirection(lang: string): 'rtl' | 'ltr' {
  return RTL_LANGUAGES.includes(primaryLanguage(lang)) || /^[a-z]{2,3}[-_]arab/.test(lang.trim().toLowerCase()) ? 'rtl' : 'ltr';
}
