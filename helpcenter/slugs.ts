/**
 * Readable, stable URL segments for help-center articles and categories.
 *
 * Latin scripts are transliterated to ASCII ("Jak zwrócić produkt?" → "jak-zwrocic-produkt");
 * other scripts keep their letters ("如何取消订单？" → "如何取消订单", Arabic without its short-vowel
 * marks), which browsers show as written and search engines index as words. A slug depends only
 * on the text, so it stays the same across publishes until an editor rewrites the question.
 */

/** Latin letters that do not decompose into a base letter and a mark. */
const LATIN_EXTRA: Record<string, string> = {
  ł: 'l', Ł: 'l', ß: 'ss', æ: 'ae', Æ: 'ae', œ: 'oe', Œ: 'oe', ø: 'o', Ø: 'o', đ: 'd', Đ: 'd', ð: 'd', þ: 'th', ı: 'i',
};

/** Longest slug, in code points; longer questions are cut at a word boundary. */
const MAX_SLUG = 80;

/**
 * The slug of a text; `fallback` when nothing is left (a question of only punctuation).
 * @example slugify('Jak zwrócić produkt?') // "jak-zwrocic-produkt"
 * @example slugify('كيف ألغي طلبي؟') // "كيف-ألغي-طلبي"
 */
export function slugify(text: string, fallback = 'article'): string {
  const folded = text
    .replace(/[łŁßæÆœŒøØđĐðþı]/g, (c) => LATIN_EXTRA[c]!)
    .normalize('NFD')
    // Canonical (not compatibility) decomposition: NFKD would split Thai ำ into two characters.
    // Accents off Latin letters only: in Thai or Devanagari the marks are vowels, not decoration.
    .replace(/(\p{Script=Latin})\p{M}+/gu, '$1')
    // Arabic short vowels and the elongation stroke are optional in writing (hamza, U+0654/5, is a letter part).
    .replace(/[\u064B-\u0653\u0656-\u065F\u0670\u0640]/g, '')
    .normalize('NFC')
    .toLowerCase();
  const words = folded.split(/[^\p{L}\p{N}\p{M}]+/u).filter(Boolean);
  let slug = '';
  for (const w of words) {
    const next = slug ? `${slug}-${w}` : w;
    if ([...next].length > MAX_SLUG) {
      if (!slug) slug = [...w].slice(0, MAX_SLUG).join('');
      break;
    }
    slug = next;
  }
  return slug || fallback;
}

/** A path segment as it appears in an href or a sitemap: percent-encoded UTF-8. */
export function pathSegment(slug: string): string {
  return encodeURIComponent(slug);
}
