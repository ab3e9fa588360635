import { cover, coverPhrases } from './phrase-cover.ts';

/*
 * Leaving the human queue. People rarely write a bare "cancel": they write "actually no, cancel",
 * "算了，不用了", "ไม่เป็นไรค่ะ ยกเลิก", "خلاص الغي", "dobra, zapomnij". A message leaves the queue
 * when it is made only of phrases from two lists, with at least one from the first:
 * - LEAVE: phrases that by themselves ask to stop waiting ("cancel", "never mind", "算了");
 * - ALONGSIDE: words that often come with them but ask nothing alone ("ok", "no", "thanks",
 *   "I found it", "please").
 * The whole message must be covered, so "cancel my order" and "how do I cancel" stay questions.
 * Phrases are compared after normalizeText (case, accents, Arabic letter forms, Traditional
 * Chinese folded), so they are written here in any of those forms (see phrase-cover.ts).
 */
const LEAVE: readonly string[] = [
  // English
  'cancel', 'cancel it', 'cancel that', 'cancel this', 'cancel the request', 'cancel my request', 'cancel the chat',
  'never mind', 'nevermind', 'nvm', 'forget it', 'forget about it', 'no need', 'not needed anymore',
  'i dont need it anymore', 'i dont need help anymore', 'i dont need a person anymore', 'i dont need an agent anymore',
  'i no longer need help', 'stop waiting', 'leave the queue', 'i changed my mind', 'dont bother', 'no longer needed',
  // Chinese
  '取消', '算了', '不用了', '不需要了', '不等了', '没事了', '取消排队', '取消人工', '不用转人工了', '不要了', '不必了', '不用等了', '不用等',
  // Thai
  'ยกเลิก', 'ช่างมัน', 'ไม่ต้องแล้ว', 'ไม่รอแล้ว', 'ยกเลิกคิว', 'ไม่เป็นไรแล้ว', 'ไม่เอาแล้ว',
  // Arabic
  'الغاء', 'الغي', 'الغ', 'الغيه', 'الغاء الطلب', 'انس الامر', 'انسي الامر', 'انسى الموضوع', 'خلاص', 'لا داعي', 'لا يهم',
  'مش مهم', 'ما في داعي', 'لا اريد الانتظار', 'مش لازم', 'ما يحتاج',
  // Polish
  'anuluj', 'anulowac', 'anuluje', 'nie wazne', 'niewazne', 'zapomnij', 'nie trzeba', 'juz nie trzeba', 'rezygnuje',
  'rezygnuje z czekania', 'jednak nie', 'nie chce czekac', 'nie czekam', 'juz nie potrzebuje', 'nie potrzebuje juz',
  'nie potrzebuje pomocy', 'zapomnij o tym',
];

const ALONGSIDE: readonly string[] = [
  // English
  'ok', 'okay', 'oh', 'actually', 'no', 'nah', 'nope', 'well', 'so', 'then', 'just', 'anyway', 'please', 'pls',
  'thanks', 'thank you', 'thx', 'ty', 'sorry', 'its fine', 'it is fine', 'all good', 'im good', 'im fine',
  'no worries', 'i found it', 'i figured it out', 'ill figure it out', 'i will figure it out', 'i got it', 'anymore',
  // Chinese
  '吧', '了', '啊', '呀', '嗯', '哈', '好', '好的', '好吧', '那', '那就', '还是', '谢谢', '谢了', '不好意思',
  '我找到了', '我自己看看', '我自己找找',
  // Thai
  'ครับ', 'ค่ะ', 'คะ', 'นะ', 'จ้า', 'ขอบคุณ', 'ขอบคุณมาก', 'ไม่เป็นไร', 'โอเค', 'งั้น', 'เอ่อ', 'แล้ว', 'เถอะ',
  // Arabic
  'لا', 'شكرا', 'شكرا لك', 'شكرا جزيلا', 'من فضلك', 'لو سمحت', 'طيب', 'اوكي', 'تمام', 'يعطيك العافيه', 'والله',
  // Polish
  'prosze', 'dzieki', 'dziekuje', 'dobra', 'ok', 'okej', 'jednak', 'juz', 'to', 'nie', 'w sumie', 'sorry',
  'przepraszam', 'sam sprawdze', 'sama sprawdze', 'znalazlem', 'znalazlam', 'poradze sobie',
];

/** Longest first, so "cancel the request" is tried before "cancel". */
const PHRASES = coverPhrases<true>([...LEAVE.map((text) => ({ text, value: true as const })), ...ALONGSIDE.map((text) => ({ text }))]);

/** Longer messages are questions or stories, not a request to stop waiting. */
const MAX_LENGTH = 80;

/**
 * Whether a queued customer's message asks to leave the queue and go back to the bot: the whole
 * message is leave-the-queue phrases and the words that come with them.
 */
export function isQueueCancel(text: string): boolean {
  return cover(text, PHRASES, { maxLength: MAX_LENGTH }) === true;
}
