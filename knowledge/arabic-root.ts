/**
 * The root of an Arabic word, by the ISRI algorithm (Taghva, Elkhoury and Coombs, "Arabic
 * stemming without a root dictionary", 2005): prefixes and suffixes are stripped, then the word's
 * pattern (مفعول, استفعل, تفعيل…) is matched by length and its added letters dropped, so that
 * "إرجاع", "ترجيع", "مرتجع" and "أرجعه" all give "رجع", and "توصيل" and "يوصل" give "وصل". A
 * light stemmer keeps those apart, and customers' colloquial verb forms rarely match the forms a
 * knowledge base writes. Without a root dictionary the result is sometimes no real root; it is a
 * matching key, never shown.
 *
 * Works on text as normalizeText leaves it (foldArabic): short vowels removed, hamza forms and
 * alef maqsura folded, taa marbuta written ه.
 */

const PREFIXES_3 = ['كال', 'بال', 'ولل', 'وال'];
const PREFIXES_2 = ['ال', 'لل'];
const PREFIXES_1 = ['ل', 'ب', 'ف', 'س', 'و', 'ي', 'ت', 'ن', 'ا'];
const SUFFIXES_3 = ['تمل', 'همل', 'تان', 'تين', 'كمل'];
const SUFFIXES_2 = ['ون', 'ات', 'ان', 'ين', 'تن', 'كم', 'هن', 'نا', 'يا', 'ها', 'تم', 'كن', 'ني', 'وا', 'ما', 'هم'];
const SUFFIXES_1 = ['ه', 'ي', 'ك', 'ت', 'ا', 'ن'];
/** Prefixes of the present tense (أ folded to ا). */
const PRESENT_TENSE = ['ي', 'ت', 'ن', 'ا'];
/** Taa marbuta as foldArabic writes it. */
const TAA = 'ه';
/** A word of Arabic letters only (no digits, no other script). */
const ARABIC_WORD = /^[\u0621-\u064A]+$/u;

const dropFirst = (w: string[], list: readonly string[]): string[] => (list.includes(w[0]!) ? w.slice(1) : w);
const dropLast = (w: string[], list: readonly string[]): string[] => (list.includes(w[w.length - 1]!) ? w.slice(0, -1) : w);

function stripAffixes(w: string): string {
  let word = w;
  if (word.length >= 6) {
    if (PREFIXES_3.some((x) => word.startsWith(x))) word = word.slice(3);
    else if (PREFIXES_2.some((x) => word.startsWith(x))) word = word.slice(2);
  } else if (word.length >= 5 && PREFIXES_2.some((x) => word.startsWith(x))) word = word.slice(2);
  if (word.length >= 6 && SUFFIXES_3.some((x) => word.endsWith(x))) word = word.slice(0, -3);
  else if (word.length >= 5 && SUFFIXES_2.some((x) => word.endsWith(x))) word = word.slice(0, -2);
  // A connective و before a word that starts with و.
  if (word.length >= 4 && word.startsWith('وو')) word = word.slice(1);
  return word;
}

/** Four letters: مفعل, فاعل, فعال/فعول/فعيل, فعلة; else one short suffix or prefix. */
function fourLetters(w: string[]): string[] {
  if (w[0] === 'م') return w.slice(1);
  if (w[1] === 'ا') return [w[0]!, ...w.slice(2)];
  if (['ا', 'و', 'ي'].includes(w[2]!)) return [w[0]!, w[1]!, w[3]!];
  if (w[3] === TAA) return w.slice(0, 3);
  // A present-tense verb (يفعل, تفعل, نفعل, أفعل) loses its prefix before a letter that could
  // also be a suffix ("يشحن" is شحن, not يشح); ISRI itself tries the suffix first.
  if (PRESENT_TENSE.includes(w[0]!)) return w.slice(1);
  const cut = dropLast(w, SUFFIXES_1);
  return cut.length === 4 ? dropFirst(cut, PREFIXES_1) : cut;
}

/** Five letters toward a three-letter root (افتعل, مفعول, مفعلة, مفتعل, مفاعل, فعولة, انفعل, افعال, فعلان, تفعيل, فاعول, فواعل, فعائل, فاعلة, فعالي). */
function fiveLetters(w: string[]): string[] {
  const [a, b, c, d, e] = w as [string, string, string, string, string];
  if (['ا', 'ت'].includes(c) && a === 'ا') return [b, d, e];
  if (['ا', 'ي', 'و'].includes(d) && a === 'م') return [b, c, e];
  if (['ا', 'ت', 'م'].includes(a) && e === TAA) return [b, c, d];
  if (['م', 'ي', 'ت'].includes(a) && c === 'ت') return [b, d, e];
  if (['م', 'ت'].includes(a) && c === 'ا') return [b, d, e];
  if (['ا', 'و'].includes(c) && e === TAA) return [a, b, d];
  if (['ا', 'م'].includes(a) && b === 'ن') return [c, d, e];
  if (d === 'ا' && a === 'ا') return [b, c, e];
  if (e === 'ن' && d === 'ا') return [a, b, c];
  if (d === 'ي' && a === 'ت') return [b, c, e];
  if (d === 'و' && b === 'ا') return [a, c, e];
  if (c === 'ا' && b === 'و') return [a, d, e];
  if (d === 'ي' && c === 'ا') return [a, b, e];
  if (e === TAA && b === 'ا') return [a, c, d];
  if (e === 'ي' && c === 'ا') return [a, b, d];
  const cut = dropLast(w, SUFFIXES_1);
  return cut.length === 5 ? dropFirst(cut, PREFIXES_1) : cut;
}

/** Five letters toward a four-letter root (تفعلل, فعللة, فعالل). */
function fiveToFour(w: string[]): string[] {
  if (['ا', 'ت', 'م'].includes(w[0]!)) return w.slice(1);
  if (w[4] === TAA) return w.slice(0, 4);
  if (w[2] === 'ا') return [w[0]!, w[1]!, w[3]!, w[4]!];
  return w;
}

function afterFive(w: string[]): string[] {
  if (w.length === 4) return fourLetters(w);
  if (w.length === 5) return fiveToFour(w);
  return w;
}

/** Six letters: استفعل/مستفعل, مفعالة, افتعال, افعوعل, تفاعيل; else one short suffix or prefix. */
function sixLetters(w: string[]): string[] {
  const s = w.join('');
  if (s.startsWith('است') || s.startsWith('مست')) return w.slice(3);
  if (w[0] === 'م' && w[3] === 'ا' && w[5] === TAA) return [w[1]!, w[2]!, w[4]!];
  if (w[0] === 'ا' && w[2] === 'ت' && w[4] === 'ا') return [w[1]!, w[3]!, w[5]!];
  if (w[0] === 'ا' && w[3] === 'و' && w[2] === w[4]) return [w[1]!, ...w.slice(4)];
  if (w[0] === 'ت' && w[2] === 'ا' && w[4] === 'ي') return [w[1]!, w[3]!, w[5]!];
  const cut = dropLast(w, SUFFIXES_1);
  return cut.length === 6 ? dropFirst(cut, PREFIXES_1) : cut;
}

function afterSix(w: string[]): string[] {
  if (w.length === 5) return afterFive(fiveLetters(w));
  if (w.length === 6) {
    if (w[0] === 'ا' && w[4] === 'ا') return [w[1]!, w[2]!, w[3]!, w[5]!];
    if (w[0] === 'م' && w[1] === 'ت') return w.slice(2);
  }
  return w;
}

/** The word's root (see above); the word itself when it is not Arabic letters. */
export function arabicRoot(word: string): string {
  if (!ARABIC_WORD.test(word)) return word;
  let w = Array.from(stripAffixes(word));
  if (w.length === 4) w = fourLetters(w);
  else if (w.length === 5) w = afterFive(fiveLetters(w));
  else if (w.length === 6) w = afterSix(sixLetters(w));
  else if (w.length === 7) {
    w = dropLast(w, SUFFIXES_1);
    if (w.length === 7) w = dropFirst(w, PREFIXES_1);
    if (w.length === 6) w = afterSix(sixLetters(w));
  }
  return w.join('');
}

/** The definite article with the prepositions and conjunctions written onto it, longest first. */
const ARTICLES = ['وال', 'بال', 'كال', 'فال', 'ال', 'لل'];
/** Pronoun and plural endings, longest first (taa marbuta is ه here too). */
const ENDINGS = ['هما', 'كما', 'هم', 'هن', 'كم', 'كن', 'نا', 'ها', 'ات', 'ين', 'ون', 'ي', 'ك', 'ه'];

/**
 * A word without its article and one pronoun or plural ending ("الحساب", "حسابي", "حسابات" are
 * حساب), keeping at least three letters: the same noun in its inflections, never another word
 * of its root ("توصيل", delivery, and "تواصل", contact, stay apart where their roots meet).
 */
export function arabicLightStem(word: string): string {
  if (!ARABIC_WORD.test(word)) return word;
  let w = word;
  const article = ARTICLES.find((a) => w.startsWith(a) && w.length - a.length >= 3);
  if (article) w = w.slice(article.length);
  const ending = ENDINGS.find((e) => w.endsWith(e) && w.length - e.length >= 3);
  return ending ? w.slice(0, -ending.length) : w;
}
