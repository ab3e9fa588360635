import { cover, coverPhrases, type CoverPhrase } from './phrase-cover.ts';
import type { Suggestion } from './types.ts';

/*
 * A customer offered suggestions often types the choice instead of pressing it: "2", "the second
 * one", "drugie", "第二个", "อันที่สอง", "الثاني", "the last one". A message made only of one
 * ordinal and the words that come with one (see phrase-cover.ts) picks that suggestion. Written
 * as normalizeText folds them (accents, Arabic letter forms, Traditional Chinese).
 */
const LAST = -1;
const ORDINALS: ReadonlyArray<readonly [number, readonly string[]]> = [
  [0, ['1', 'first', '1st', 'pierwsze', 'pierwszy', 'pierwsza', 'pierwszego', 'pierwszą', 'jeden', 'jedynka', '第一', '第一个', '第1个', '一', '1号', 'แรก', 'ที่หนึ่ง', 'ที่ 1', 'หนึ่ง', 'الاول', 'الاولى', 'اول', 'واحد', '١']],
  [1, ['2', 'second', '2nd', 'drugie', 'drugi', 'druga', 'drugiego', 'drugą', 'dwa', 'dwojka', '第二', '第二个', '第2个', '二', '2号', 'ที่สอง', 'ที่ 2', 'สอง', 'الثاني', 'الثانية', 'ثاني', 'اثنين', '٢']],
  [2, ['3', 'third', '3rd', 'trzecie', 'trzeci', 'trzecia', 'trzeciego', 'trzecią', 'trzy', 'trojka', '第三', '第三个', '第3个', '三', '3号', 'ที่สาม', 'ที่ 3', 'สาม', 'الثالث', 'الثالثة', 'ثالث', 'ثلاثة', '٣']],
  [3, ['4', 'fourth', '4th', 'czwarte', 'czwarty', 'czwarta', '第四', '第四个', '第4个', '四', 'ที่สี่', 'ที่ 4', 'الرابع', 'الرابعة', '٤']],
  [4, ['5', 'fifth', '5th', 'piate', 'piaty', 'piata', '第五', '第五个', '第5个', '五', 'ที่ห้า', 'ที่ 5', 'الخامس', 'الخامسة', '٥']],
  [LAST, ['last', 'the last', 'ostatnie', 'ostatni', 'ostatnia', '最后', '最后一个', 'สุดท้าย', 'อันสุดท้าย', 'الاخير', 'الاخيرة', 'اخر']],
];

const ALONGSIDE: readonly string[] = [
  // English
  'the', 'one', 'option', 'number', 'no', 'nr', '#', 'please', 'pls', 'that', 'this', 'i', 'mean', 'want', 'choose', 'pick',
  'ok', 'okay', 'yes', 'thanks', 'question', 'i mean', 'i want', 'id like', 'i choose', 'i pick', 'i would like',
  // Polish
  'to', 'ta', 'ten', 'opcja', 'opcje', 'numer', 'prosze', 'poprosze', 'chodzi o', 'chodzi mi o', 'wybieram', 'pytanie', 'tak', 'dobra', 'dzieki',
  // Chinese
  '个', '的', '选', '我选', '要', '我要', '是', '吧', '好', '好的', '谢谢', '问题', '号', '那个', '这个', '请',
  // Thai
  'อัน', 'อันที่', 'ข้อ', 'ข้อที่', 'ค่ะ', 'ครับ', 'คะ', 'นะ', 'เอา', 'ขอ', 'เลือก', 'คำถาม', 'ได้', 'จ้า',
  // Arabic
  'رقم', 'الخيار', 'خيار', 'السؤال', 'سؤال', 'ابي', 'ابغى', 'اريد', 'اختار', 'من فضلك', 'لو سمحت', 'نعم', 'ايوه', 'طيب', 'شكرا', 'هذا', 'ال',
];

/** "Yes" to "Did you mean …?" with one suggestion. */
const YES: readonly string[] = [
  'yes', 'yeah', 'yep', 'yup', 'sure', 'correct', 'right', 'exactly', 'thats it', 'thats right', 'yes that one', 'y',
  'tak', 'no tak', 'dokladnie', 'zgadza sie', 'o to chodzi', 'tak o to', 'jasne',
  '是', '是的', '对', '对的', '嗯', '没错', '就是这个', '对就是这个',
  'ใช่', 'ใช่ค่ะ', 'ใช่ครับ', 'ถูกต้อง', 'อันนี้แหละ',
  'نعم', 'ايوه', 'ايوا', 'اي', 'صح', 'بالضبط', 'هذا هو', 'ايه',
];

const ordinalPhrases = ORDINALS.flatMap(([value, words]) => words.map((text): CoverPhrase<number> => ({ text, value })));
const alongside = ALONGSIDE.map((text) => ({ text }));
const PHRASES = coverPhrases<number>([...ordinalPhrases, ...alongside]);
const WITH_YES = coverPhrases<number>([...ordinalPhrases, ...YES.map((text) => ({ text, value: 0 })), ...alongside]);

/** Longer messages say more than a choice. */
const MAX_LENGTH = 40;

/**
 * The suggestion a typed choice picks from the ones last offered ("2", "the second one",
 * "第二个", "ostatnie"); undefined when the message is not a choice or the number is not offered.
 * With `yesPicksOne` (the bot asked "Did you mean …?" with one suggestion), "yes", "tak", "对" pick it.
 */
export function ordinalChoice(text: string, offered: readonly Suggestion[], o: { yesPicksOne?: boolean } = {}): Suggestion | undefined {
  if (!offered.length) return undefined;
  const at = choiceIndex(text, { yes: o.yesPicksOne && offered.length === 1 });
  if (at === undefined) return undefined;
  return at === LAST ? offered.at(-1) : offered[at];
}

/** Whether a message reads as a typed choice at all (with `yes`, "yes" counts): checked before the suggestions are looked up. */
export function isTypedChoice(text: string, o: { yes?: boolean } = {}): boolean {
  return choiceIndex(text, o) !== undefined;
}

function choiceIndex(text: string, o: { yes?: boolean }): number | undefined {
  return cover(text, o.yes ? WITH_YES : PHRASES, { maxLength: MAX_LENGTH, once: true });
}
