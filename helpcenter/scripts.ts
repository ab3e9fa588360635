import { readsTraditional, toTraditional } from '../knowledge/index.ts';
import type { Article } from './site.ts';

/**
 * The help center in Traditional Chinese. The knowledge base and the message catalogue write
 * Chinese in Simplified (`zh`); readers in Taiwan, Hong Kong and Macau read Traditional, as the
 * bot answers them (bot/chinese-script.ts). So a site with Chinese articles also has them under
 * `zh-Hant`, converted (OpenCC, Taiwan's standard), with its own addresses, frame and category
 * names, unless editors wrote `zh-Hant` variants themselves.
 */
export const TRADITIONAL_CHINESE = 'zh-Hant';

/** The knowledge-base language a site language is written from: `zh` for zh-Hant, every other itself. */
export const sourceLanguage = (lang: string): string => (lang === TRADITIONAL_CHINESE ? 'zh' : lang);

/** What puts a text of the source language into a site language's script. */
export const inScript = (lang: string): ((text: string) => string) => (lang === TRADITIONAL_CHINESE ? toTraditional : (text) => text);

/** An article of `zh` as the Traditional site shows it (its slug and path are the site's to give). */
export function traditionalArticle(a: Article): Omit<Article, 'slug' | 'path'> {
  return { ...a, lang: TRADITIONAL_CHINESE, question: toTraditional(a.question), answer: toTraditional(a.answer), plain: toTraditional(a.plain) };
}

/**
 * The reader's language from Accept-Language among the site's: as Express negotiates it, but a
 * reader whose first Chinese tag is Traditional ("zh-TW") gets zh-Hant where the site has it.
 */
export function negotiated(acceptLanguage: string | undefined, best: string | false | undefined, languages: readonly string[]): string | undefined {
  if (!best) return undefined;
  if (best !== 'zh' || !languages.includes(TRADITIONAL_CHINESE)) return best;
  const chinese = (acceptLanguage ?? '').split(',').map((part) => part.split(';')[0]!.trim()).find((tag) => /^zh(?:[-_]|$)/i.test(tag));
  return chinese && readsTraditional(chinese) ? TRADITIONAL_CHINESE : best;
}
