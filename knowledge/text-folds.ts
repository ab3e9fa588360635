/**
 * Folds that make two spellings of the same word one, before any lexical signal compares them.
 * Customers type fast and on whatever keyboard they have: Polish without accents, Arabic
 * without (or with other) hamza forms and short vowels, Chinese in Traditional characters
 * against a knowledge base written in Simplified. Each fold only merges spellings; none of them
 * changes a word into a different one.
 */
import * as OpenCC from 'opencc-js';

/**
 * Latin letters without their accents ("pieniędzy" → "pieniedzy"), plus the Polish "ł", which
 * Unicode does not decompose into "l" + a mark. Expects lower case.
 */
export function foldLatin(text: string): string {
  return text.normalize('NFD').replace(/([a-z])[\u0300-\u036f]+/g, '$1').replace(/ł/g, 'l').normalize('NFC');
}

/**
 * Thai and Lao vowel SARA AM (ำ, ຳ) as one character again. NFKC, which the normalisation applies
 * to every text, spells it as NIKHAHIT + SARA AA (ํ + า), and ICU's Thai word segmenter does not
 * know words spelled that way: "จำนวน" (amount) came out "จํา|นว|น", "ชำรุด" (damaged) "ชํา|รุด",
 * so every Thai word with the vowel (ทำ, จำ, คำ, สำ…) lost its word features. Also merges the two
 * spellings when a customer types the pair.
 */
export function foldSaraAm(text: string): string {
  return text.replace(/\u0E4D\u0E32/g, '\u0E33').replace(/\u0ECD\u0EB2/g, '\u0EB3');
}

/**
 * Arabic as customers type it: every alef with hamza or madda (أ إ آ ٱ) is a bare alef, hamza on
 * waw or yeh (ؤ ئ) is the bare letter, taa marbuta (ة) is heh, alef maqsura (ى) is yeh, and the
 * tatweel (ـ) and the harakat (short vowels, shadda, sukun, dagger alef) are dropped.
 */
export function foldArabic(text: string): string {
  return text
    .replace(/[\u064B-\u065F\u0670\u0640]/g, '')
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ؤ/g, 'و')
    .replace(/ئ/g, 'ي')
    .replace(/ى/g, 'ي')
    .replace(/ة/g, 'ه');
}

/** Hong Kong and Taiwan variants are converted too; Simplified and non-Han text pass through. */
const toSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });
const HAN = /\p{Script=Han}/u;

/** Traditional Chinese characters and phrases as Simplified ("怎麼退貨" → "怎么退货"), with OpenCC's tables. */
export function foldChinese(text: string): string {
  return HAN.test(text) ? toSimplified(text) : text;
}

/** Simplified as Traditional, Taiwan's standard characters and phrases. */
const toTraditionalTw = OpenCC.Converter({ from: 'cn', to: 'tw' });

/** Simplified Chinese characters and phrases as Traditional ("怎么退货" → "怎麼退貨"); other text passes through. */
export function toTraditional(text: string): string {
  return HAN.test(text) ? toTraditionalTw(text) : text;
}

/** The two ways Chinese is written. */
export type ChineseScript = 'traditional' | 'simplified';

/**
 * The script a Chinese text is written in, when its characters tell: "traditional" when some
 * have a Simplified form ("謝謝"), "simplified" when some have a Traditional one ("谢谢"),
 * undefined when all are the same in both ("你好", "好的") or there are none.
 */
export function chineseScript(text: string): ChineseScript | undefined {
  if (!HAN.test(text)) return undefined;
  if (toSimplified(text) !== text) return 'traditional';
  if (toTraditionalTw(text) !== text) return 'simplified';
  return undefined;
}

/** Tags of Chinese read in Traditional characters: zh-Hant…, and Taiwan's, Hong Kong's and Macau's. */
const TRADITIONAL_TAG = /^zh[-_](?:hant|tw|hk|mo)(?:[-_]|$)/i;

/** Whether a language tag ("zh-TW", "zh-Hant-HK") reads Chinese in Traditional characters. */
export function readsTraditional(tag: string): boolean {
  return TRADITIONAL_TAG.test(tag.trim());
}
