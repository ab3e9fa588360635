import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConversationMatcher } from './conversation-matcher.ts';
import { loadConversationEntries } from './conversation-entries.ts';
import { loadKnowledgeFolder } from './load-folder.ts';
import type { FaqEntry } from './types.ts';

const matcher = new ConversationMatcher(await loadConversationEntries());
/** The bundled conversation entries beside the sample's FAQ entries, as a published version holds them. */
const withSampleFaq = async () => new ConversationMatcher([...await loadConversationEntries(), ...await loadKnowledgeFolder(new URL('./sample-kb', import.meta.url).pathname)]);

describe('ConversationMatcher', () => {
  it.each([
    ['en', 'hiii', 'conversation-greeting'], ['en', 'Thank you so much!!', 'conversation-thanks'], ['en', 'k', 'conversation-acknowledgement'],
    ['en', 'perfect, very helpful', 'conversation-praise'], ['en', 'this is useless', 'conversation-frustration'],
    ['zh', '哈哈哈哈', 'conversation-laughter'], ['th', '55555555', 'conversation-laughter'], ['ar', 'هههههههه', 'conversation-laughter'],
    ['pl', 'spoko', 'conversation-acknowledgement'], ['pl', 'dzieki', 'conversation-thanks'],
  ])('matches small talk as a whole message (%s: %s)', (lang, text, entryId) => {
    expect(matcher.match(text, lang)?.entryId).toBe(entryId);
  });

  // Tone particles at the end change nothing: "再见啦" is "再见", "ขอบคุณนะคะ" is "ขอบคุณ".
  it.each([
    ['zh', '再见啦', 'conversation-goodbye'], ['zh', '谢谢呀', 'conversation-thanks'], ['th', 'ขอบคุณนะคะ', 'conversation-thanks'], ['th', 'บายนะครับ', 'conversation-goodbye'],
  ])('reads small talk with final particles (%s: %s)', (lang, text, entryId) => {
    expect(matcher.match(text, lang)?.entryId).toBe(entryId);
  });

  // With the FAQ entries beside them: a word customers ask about, that no small talk uses, makes a
  // message near a phrasing letter by letter a question; typos of small-talk words do not.
  it('leaves a message near a phrasing but with a word of the FAQ entries to the FAQ matcher', async () => {
    const withFaq = await withSampleFaq();
    expect(matcher.match('can you help me with my return?', 'en')?.entryId).toBe('conversation-what-can-you-do');
    expect(withFaq.match('can you help me with my return?', 'en')).toBeUndefined();
    expect(withFaq.match('can you help me with a refund', 'en')).toBeUndefined();
    // Another form of an FAQ word counts too: the FAQ says "reklamacja", "reklamację".
    expect(matcher.match('w czym możesz mi pomóc z reklamacją', 'pl')?.entryId).toBe('conversation-what-can-you-do');
    expect(withFaq.match('w czym możesz mi pomóc z reklamacją', 'pl')).toBeUndefined();
    expect(withFaq.match('what can you help me with', 'en')?.entryId).toBe('conversation-what-can-you-do');
    expect(withFaq.match('thank yu so much', 'en')?.entryId).toBe('conversation-thanks');
    expect(withFaq.match('helo there', 'en')?.entryId).toBe('conversation-greeting');
    expect(withFaq.match('tell me a joke please', 'en')?.entryId).toBe('conversation-chit-chat');
    // An FAQ word as written is that word, even a letter from small talk: "hasło" (password) is not "halo".
    expect(matcher.match('hasło', 'pl')?.entryId).toBe('conversation-greeting');
    expect(withFaq.match('hasło', 'pl')).toBeUndefined();
    expect(withFaq.match('haslo?', 'pl')).toBeUndefined();
    expect(withFaq.match('halo', 'pl')?.entryId).toBe('conversation-greeting');
  });

  // A single word that merely occurs in a phrasing is not that phrasing's act; nor is a message
  // that drops or adds its "no": "problem" is not "no problem", "question" not "you didn't answer my question".
  it.each([
    ['en', 'question'], ['en', 'colour'], ['pl', 'kolor'], ['ar', 'مشكلة'], ['zh', '问题'], ['th', 'เป็นไร'],
  ])('leaves a word that only occurs in small talk, or lacks its negation (%s: %s)', (lang, text) => {
    expect(matcher.match(text, lang)).toBeUndefined();
  });

  it.each([
    ['en', 'no problem', 'conversation-acknowledgement'], ['ar', 'مو مشكلة', 'conversation-acknowledgement'], ['th', 'ไม่เป็นไร', 'conversation-acknowledgement'],
    ['en', 'not helpfull', 'conversation-frustration'], ['en', 'helpfull', 'conversation-praise'], ['zh', '拜拜～', 'conversation-goodbye'], ['en', 'thanks~', 'conversation-thanks'],
  ])('still reads small talk with its negation, typos and drawn-out tildes (%s: %s)', (lang, text, entryId) => {
    expect(matcher.match(text, lang)?.entryId).toBe(entryId);
  });

  // Two or three acts in one message: each a whole phrasing of its own entry; the last one answers.
  it.each([
    ['en', 'cool thx', 'conversation-thanks'], ['en', 'thx bye', 'conversation-goodbye'], ['en', 'k cool bye', 'conversation-goodbye'],
    ['pl', 'spoko dzieki pa', 'conversation-goodbye'], ['zh', '好的 谢谢 拜拜', 'conversation-goodbye'], ['zh', '嗯嗯 拜拜', 'conversation-goodbye'],
    ['th', 'ได้ค่ะ บายค่ะ', 'conversation-goodbye'], ['ar', 'ماشي شكرا باي', 'conversation-goodbye'],
    // Also when the whole message looks like one phrasing ("great", "super", "ดีมาก", "好的"):
    // those were answered as praise or an acknowledgement, the goodbye unheard.
    ['en', 'great, bye', 'conversation-goodbye'], ['en', 'thanks, bye', 'conversation-goodbye'], ['pl', 'super, pa', 'conversation-goodbye'],
    ['zh', '好的，拜拜', 'conversation-goodbye'], ['th', 'ดีมาก บาย', 'conversation-goodbye'],
  ])('reads several small-talk acts in one message by the last (%s: %s)', (lang, text, entryId) => {
    expect(matcher.match(text, lang)?.entryId).toBe(entryId);
  });

  // Words small talk merely contains are not small talk: every part must be a whole phrasing.
  it.each([
    ['en', 'how to take'], ['en', 'can I talk to you'], ['en', 'k thx where is my order'], ['en', 'thanks for all the late deliveries'],
  ])('leaves messages that no run of whole phrasings spells (%s: %s)', (lang, text) => {
    expect(matcher.match(text, lang)).toBeUndefined();
  });

  // Every in-scope question written for the sample knowledge base (test and dev files, five
  // languages, about 1,200): small talk must take none of them, however it reads several acts.
  it('takes no question of the sample knowledge base\'s question files for small talk', () => {
    const files = ['sample-kb-questions.jsonl', 'sample-kb-dev.jsonl', 'sample-kb-dev2.jsonl', 'sample-kb-dev-long.jsonl'];
    const questions = files.flatMap((f) => readFileSync(new URL(`../eval/${f}`, import.meta.url), 'utf8').split('\n').filter(Boolean)
      .map((line) => JSON.parse(line) as { text: string; lang: string; label: string }).filter((q) => q.label !== 'oos'));
    expect(questions.length).toBeGreaterThan(1000);
    expect(questions.filter((q) => matcher.match(q.text, q.lang)).map((q) => `${q.lang}: ${q.text}`)).toEqual([]);
  });

  it('takes the fewest phrasings, and only up to three acts', () => {
    const entry = (id: string, ...phrasings: string[]): FaqEntry => ({
      id, kind: 'conversation', tags: [], related: [], status: 'published', variants: [{ lang: 'en', question: phrasings[0]!, alternates: phrasings.slice(1), answer: id }],
    });
    // Made-up words, so that no single phrasing is near a whole message.
    const m = new ConversationMatcher([entry('ack', 'zorkington flibberty'), entry('thanks', 'quux', 'quux blargendorfer'), entry('bye', 'blargendorfer')]);
    // "zorkington flibberty" + "quux blargendorfer" (two acts), not + "quux" + "blargendorfer" (three).
    expect(m.match('zorkington flibberty quux blargendorfer', 'en')?.entryId).toBe('thanks');
    expect(m.match('quux zorkington flibberty blargendorfer', 'en')?.entryId).toBe('bye');
    expect(m.match('blargendorfer zorkington flibberty blargendorfer zorkington flibberty', 'en')).toBeUndefined();
  });

  it('reads opening acts, then a rest near one phrasing, as the rest\'s entry; a final particle is no act', () => {
    const entry = (id: string, ...phrasings: string[]): FaqEntry => ({
      id, kind: 'conversation', tags: [], related: [], status: 'published', variants: [{ lang: 'en', question: phrasings[0]!, alternates: phrasings.slice(1), answer: id }],
    });
    const m = new ConversationMatcher([entry('hello', 'zorkington'), entry('ask', 'flibberty quuxington')]);
    // "flibbertyy quuxingtn" is only near "flibberty quuxington": alone it matches as one message,
    // after an opening act no single phrasing is near the whole and no run of whole ones spells it.
    expect(m.match('zorkington flibbertyy quuxingtn', 'en')?.entryId).toBe('ask');
    expect(m.match('zorkington flibbertyy blargendorfer', 'en')).toBeUndefined();
    // With the bundled entries, in every language.
    for (const [lang, text] of [['en', 'hello, is this a bot or a human'], ['zh', '你好，在吗？想问个问题'], ['th', 'สวัสดีครับ มีคำถามครับ'], ['ar', 'مرحبا، ممكن اسأل؟'], ['pl', 'dzień dobry, mam pytanko']]) {
      expect(matcher.match(text!, lang!)?.entryId, text).toMatch(/^conversation-(are-you-a-bot|about-to-ask)$/);
    }
  });

  // "hi, I want to know …": the FAQ is also matched on what follows the opening (KnowledgeBase.match).
  it('finds the question after opening acts of entries tagged as openings, never after "no" or "ok"', async () => {
    const withFaq = await withSampleFaq();
    const after = (text: string, lang: string) => withFaq.questionAfterOpening(text, lang);
    expect(after('hello, I want to know the payment methods', 'en')).toBe('the payment methods');
    expect(after('hi there can you tell me how long delivery takes', 'en')).toBe('how long delivery takes');
    expect(after('هلا والله، ابي اعرف طرق الدفع', 'ar')).toBe('طرق الدفع');
    expect(after('dzien dobry, chcialbym wiedziec ile kosztuje dostawa', 'pl')).toBe('ile kosztuje dostawa');
    expect(after('你好，我想知道运费多少', 'zh')).toBe('运费多少');
    expect(after('สวัสดีครับ อยากรู้ว่าจ่ายเงินได้ทางไหนบ้าง', 'th')).toMatch(/^จ่ายเงิน/);
    // A particle's letters inside a word of the question stay: "ค่า" of "ค่าส่ง" (shipping cost).
    expect(after('สวัสดีครับ รบกวนสอบถาม ค่าส่งเท่าไหร่', 'th')).toBe('ค่าส่งเท่าไหร่');
    // The question after the opening may be long.
    expect(after('hello, I would like to know how much the delivery costs when I order two lamps and a table to Poland next week', 'en'))
      .toBe('how much the delivery costs when i order two lamps and a table to poland next week');
    // "no", "nie", "ok" and "可以" open questions as part of them: they are acknowledgements, not openings.
    expect(after('nie pamiętam hasła', 'pl')).toBeUndefined();
    expect(after('no I did not get my refund', 'en')).toBeUndefined();
    expect(after('可以分期付款吗', 'zh')).toBeUndefined();
    // An opening with nothing the FAQ speaks of after it, or no opening at all, gives nothing.
    expect(after('hello, I want to know something', 'en')).toBeUndefined();
    expect(after('how do I return an item', 'en')).toBeUndefined();
  });

  // "我的账户有问题": Chinese and Thai name the thing first and the trouble last.
  it('finds the question before a closing act that says there is a problem', async () => {
    const withFaq = await withSampleFaq();
    const before = (text: string, lang: string) => withFaq.questionBeforeClosing(text, lang);
    expect(before('我的账户有问题', 'zh')).toBe('我的账户');
    expect(before('บัญชีมีปัญหาค่ะ', 'th')).toBe('บัญชี');
    expect(before('حسابي فيه مشكلة', 'ar')).toBe('حسابي');
    expect(before('z kontem jest problem', 'pl')).toBe('z kontem');
    // Nothing the FAQ speaks of before it, no closing act, or the closing act alone: nothing.
    expect(before('我有问题', 'zh')).toBeUndefined();
    expect(before('有问题', 'zh')).toBeUndefined();
    expect(before('我的账户怎么删除', 'zh')).toBeUndefined();
  });

  // A customer announcing a question gets "go ahead", not "not understood" (a failed attempt).
  it.each([
    ['en', 'I have a question', 'conversation-about-to-ask'], ['zh', '我想问一下', 'conversation-about-to-ask'], ['th', 'ขอสอบถามหน่อยค่ะ', 'conversation-about-to-ask'],
    ['ar', 'عندي سؤال', 'conversation-about-to-ask'], ['pl', 'mam problem', 'conversation-about-to-ask'],
  ])('reads a question announced, not yet asked (%s: %s)', (lang, text, entryId) => {
    expect(matcher.match(text, lang)?.entryId).toBe(entryId);
  });

  // "How are you?" gets "I'm doing well"; a joke or the weather must not.
  it.each([
    ['en', 'how are you doing?', 'conversation-how-are-you'], ['en', 'tell me a joke please', 'conversation-chit-chat'],
    ['zh', '你好吗', 'conversation-how-are-you'], ['zh', '讲个笑话吧', 'conversation-chit-chat'],
    ['th', 'สบายดีไหมคะ', 'conversation-how-are-you'], ['th', 'เล่ามุกให้ฟังหน่อยสิ', 'conversation-chit-chat'],
    ['ar', 'كيف حالك', 'conversation-how-are-you'], ['ar', 'قل لي نكتة من فضلك', 'conversation-chit-chat'],
    ['pl', 'jak sie masz?', 'conversation-how-are-you'], ['pl', 'opowiedz mi dowcip', 'conversation-chit-chat'],
  ])('tells "how are you" from off-topic chit-chat (%s: %s)', (lang, text, entryId) => {
    expect(matcher.match(text, lang)?.entryId).toBe(entryId);
  });

  // Customers slip into English for small talk; the reply stays in the conversation's language.
  it.each([
    ['pl', 'thanks!', 'conversation-thanks', 'Dziękuję'], ['ar', 'bye', 'conversation-goodbye', 'مع السلامة'], ['th', 'thank you', 'conversation-thanks', 'ขอบคุณ'],
    ['en', 'dzięki', 'conversation-thanks', 'Thank you'], ['zh', 'hello', 'conversation-greeting', '你好'],
  ])('matches small talk written in another shipped language, titled in the conversation\'s (%s: %s)', (lang, text, entryId, title) => {
    const m = matcher.match(text, lang);
    expect(m).toMatchObject({ entryId, lang });
    expect(m!.title).toContain(title);
  });

  it.each([
    ['pl', 'thanks, but where is my refund?'], ['en', 'zwrot'], ['en', 'dostawa do Niemiec'], ['pl', 'hello there my order is late'],
  ])('keeps other languages to near-exact short small talk (%s: %s)', (lang, text) => {
    expect(matcher.match(text, lang)).toBeUndefined();
  });

  it.each([
    ['en', 'How do I return an item?'], ['en', 'hi, where is my order?'], ['en', 'thanks, but my refund has not arrived'],
    ['zh', '有没有更快的快递'], ['pl', 'jak oddać dywan'], ['th', 'ของที่ได้ไม่ใช่ที่สั่ง'],
  ])('leaves questions to the FAQ matcher (%s: %s)', (lang, text) => {
    expect(matcher.match(text, lang)).toBeUndefined();
  });

  it('only knows published conversation entries, in their own language', () => {
    const faq: FaqEntry = { id: 'faq', tags: [], related: [], status: 'published', variants: [{ lang: 'en', question: 'ok', alternates: [], answer: 'x' }] };
    const draft: FaqEntry = { ...faq, id: 'draft', kind: 'conversation', status: 'draft' };
    const only = new ConversationMatcher([faq, draft]);
    expect(only.match('ok', 'en')).toBeUndefined();
    expect(matcher.match('ok', 'xx')).toBeUndefined();
  });
  it('tells the words a language uses itself from those only its answers or another form use', () => {
    const faq: FaqEntry = {
      id: 'refunds', tags: [], related: [], status: 'published',
      variants: [{ lang: 'pl', question: 'Kiedy dostanę zwrot pieniędzy?', alternates: [], answer: 'Zwrot przez PayPal w ciągu 5 dni.' }],
    };
    const m = new ConversationMatcher([faq]);
    expect(m.usesWord('zwrot', 'pl')).toBe(true);
    // Accents as customers type them or not: every lexical signal reads words folded.
    expect(m.usesWord('dostane', 'pl')).toBe(true);
    expect(m.usesWord('paypal', 'pl')).toBe(false);
    expect(m.usesWord('paypal', 'pl', { answers: true })).toBe(true);
    expect(m.usesWord('zwrotu', 'pl', { answers: true })).toBe(false);
    expect(m.usesWord('zwrot', 'en')).toBe(false);
  });
});
