import { normalizeText, UNSPACED_SCRIPT } from '../knowledge/index.ts';

/** What the platform handles itself, before the knowledge base is asked. */
export type PlatformIntent = 'human' | 'greeting' | 'thanks' | 'restart';

/*
 * Small talk is content, not code: greetings, thanks, "ok", "bye", "are you a bot"… are the
 * conversation entries of the knowledge base (knowledge/conversation/, `kind: conversation`),
 * which editors change in the admin UI. What stays here, in every language the bot speaks:
 * - `human` (an explicit request for a person) and `restart`: conversation control that must
 *   work whatever the knowledge base holds, checked before it is asked;
 * - `greeting` and `thanks`: only a fallback, used when the knowledge base has no conversation
 *   entries (an operator turned them off);
 * Leaving the human queue ("cancel", "never mind") is bot/queue-cancel.ts, asked only while queued.
 */

/**
 * Phrases per intent. `human` and `restart` may appear anywhere in a message; `greeting` and
 * `thanks` only count when they are the whole message (so "hi, how do I return an item?" still
 * reaches the knowledge base). A `human` phrase must ask for a person, not merely mention one:
 * "are you a real person?", "你是真人吗", "czy jesteś człowiekiem?" are small talk.
 */
const ANYWHERE: Record<'human' | 'restart', RegExp[]> = {
  human: [
    /\b(talk|speak|chat|connect|transfer|put)\b.{0,30}\b(human|person|agent|someone|somebody|representative|operator|staff|real|live|manager|supervisor|customer (service|support|care)|support team)\b/,
    // Asking to be given one: "I want a human", "get me an agent please", "can I have a manager".
    /\b(i want|i need|i['’]d like|i would like|get me|give me|can i (have|get)|let me have)( to (talk|speak) to)? (a |an |the |your )?(human|real person|live person|live agent|agent|representative|operator|manager|supervisor)\b/,
    /\bis there (a|any) (human|real person|live person|person|someone|somebody|agent)\b.{0,20}\b(talk|speak|chat)\b/,
    /^(a )?(human|agent|operator|representative|real person|live agent|person|manager|supervisor|customer (service|support|care)|support)( please| pls| now)?[.!?]*$/,
    /\b(human|live) (agent|support|help)\b/,
    /人工(?!智能)|(找|转|要|接)(个|一个|一下)?(真人|客服)|(联系|跟|和)(个|一个)?真人|(跟|和)客服(说|聊|谈|沟通|对话)|真人客服|客服人员|有没有(真人|人工|客服)/,
    /(คุย|ติดต่อ|ขอสาย).{0,10}(พนักงาน|เจ้าหน้าที่|คนจริง|คน)|(ขอ|อยากได้|ต้องการ)(เจ้าหน้าที่|พนักงาน)|^(เจ้าหน้าที่|พนักงาน)(หน่อย)?(ครับ|ค่ะ|คะ)?$|พนักงานจริง/,
    /(التحدث|اتحدث|أتحدث|اكلم|أكلم|كلم|تحويل|حولني|حوليني|وصلني).{0,20}(موظف|شخص|انسان|إنسان|وكيل|خدمه العملاء|الدعم)|موظف خدمه/,
    /^(ابي|ابغى|ابغي|اريد|بدي|عايز|عاوز|ممكن)( اكلم| احكي مع)? (موظف|انسان|خدمه العملاء)( لو سمحت| من فضلك)?$/,
    /^(z )?(konsultant\w*|czlowiek\w*|pracownik\w*|agent\w*)( prosze| poprosze)?[.!?]*$/,
    /\b(chce|chcialbym|chcialabym|prosze|poprosze|potrzebuje|daj\w*|polacz\w*|przelacz\w*|porozmawiac|rozmawiac|rozmowa|kontakt)\b.{0,30}\b(konsultant\w*|czlowiek\w*|pracownik\w*|osob(a|e|y|ie)?|kims|agent\w*)\b/,
  ],
  restart: [
    /\b(start (over|again)|restart|reset( the)? (chat|conversation)|new conversation)\b/,
    /重新开始|重来/,
    /เริ่มใหม่/,
    /(ابدأ|ابدا|البدء) من جديد|اعاده البدء|إعادة البدء/,
    /\b(od nowa|zacznij(my)? jeszcze raz|restart( rozmowy)?)\b/,
  ],
};

/** Who a greeting or thanks may be addressed to, and still be only that ("hello sir", "thanks team"). */
const ADDRESSEE = '( (there|sir|madam|maam|ma am|team|all|everyone|everybody|guys|friend|dear))?';

const WHOLE: Record<'greeting' | 'thanks', RegExp> = {
  // Letters stretched as people type them: "hiii", "helloo", "heyyy".
  greeting: new RegExp(`^((hi+|hel+o+|hey+|hiya|yo|good (morning|afternoon|evening|day)|greetings)${ADDRESSEE}|你好|您好|嗨|哈喽|สวัสดี(ครับ|ค่ะ|คะ)?|หวัดดี|مرحبا|اهلا|السلام عليكم|هلا|czesc|dzien dobry|hej|witam|siema|dobry wieczor)$`),
  thanks: new RegExp(`^((thanks?( you)?( so much| very much| a lot)?|thx|ty|cheers|great thanks|ok thanks)${ADDRESSEE}|谢谢(你|您)?|多谢|感谢|ขอบคุณ(ครับ|ค่ะ|คะ|มาก)?|شكرا( لك| جزيلا)?|مشكور|dziekuje( bardzo)?|dzieki( wielkie)?)$`),
};

/** Recognise a platform intent, or undefined when the message is a question for the knowledge base. */
export function detectPlatformIntent(text: string): PlatformIntent | undefined {
  const norm = normalizeText(text).replace(/\s+/g, ' ').trim();
  for (const intent of ['human', 'restart'] as const) {
    if (ANYWHERE[intent].some((re) => re.test(norm))) return intent;
  }
  const bare = norm.replace(/[\p{P}\p{S}]+/gu, ' ').replace(/\s+/g, ' ').trim();
  for (const intent of ['greeting', 'thanks'] as const) {
    if (WHOLE[intent].test(bare)) return intent;
  }
  return undefined;
}

/**
 * Whether the message contains one of the configured handoff keywords (e.g. "complaint",
 * "lawyer"): compared case- and accent-insensitively, as whole words in scripts with spaces and
 * as substrings in Chinese and Thai. Returns the keyword found.
 */
export function findHandoffKeyword(text: string, keywords: readonly string[]): string | undefined {
  const t = normalizeText(text);
  for (const keyword of keywords) {
    const k = normalizeText(keyword.trim());
    if (!k) continue;
    if (UNSPACED_SCRIPT.test(k)) {
      if (t.includes(k)) return keyword;
      continue;
    }
    const escaped = k.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&');
    if (new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}($|[^\\p{L}\\p{N}])`, 'u').test(t)) return keyword;
  }
  return undefined;
}
