import { describe, expect, it } from 'vitest';
import { detectPlatformIntent } from './intents.ts';

describe('detectPlatformIntent', () => {
  it.each([
    ['I want to talk to a person', 'human'],
    ['Can I speak to a human please?', 'human'],
    ['agent', 'human'],
    ['我要转人工', 'human'],
    ['ขอคุยกับเจ้าหน้าที่', 'human'],
    ['أريد التحدث مع موظف', 'human'],
    ['Chcę porozmawiać z konsultantem', 'human'],
    ['Hello!', 'greeting'],
    ['你好', 'greeting'],
    ['สวัสดีครับ', 'greeting'],
    ['مرحبا', 'greeting'],
    ['Dzień dobry', 'greeting'],
    ['hello sir', 'greeting'],
    ['Hiii', 'greeting'],
    ['Heyyy there!', 'greeting'],
    ['good day team', 'greeting'],
    ['thank you sir', 'thanks'],
    ['thanks!', 'thanks'],
    ['谢谢', 'thanks'],
    ['ขอบคุณครับ', 'thanks'],
    ['شكرا', 'thanks'],
    ['Dziękuję bardzo', 'thanks'],
    ['start over', 'restart'],
    ['重新开始', 'restart'],
  ])('%s → %s', (text, intent) => {
    expect(detectPlatformIntent(text)).toBe(intent);
  });

  it.each(['are you a real person?', 'are you human', '你是真人吗', '你是人工智能吗', 'czy jesteś człowiekiem?', 'rozmawiam z agentem AI?', 'هل انت شخص حقيقي', 'คุณเป็นคนจริงไหม'])(
    'takes asking whether the bot is a person for small talk, not a request for one: %s', (text) => {
      expect(detectPlatformIntent(text)).toBeUndefined();
    });

  it.each([
    'Konsultant', 'poproszę z konsultantem', 'Chciałbym rozmawiać z człowiekiem', '我想找真人客服', '转人工',
    'I want a human', 'get me an agent please', 'let me speak to a manager', 'customer service please', 'is there a person I can chat with',
    '我想跟客服说话', '有没有真人', 'حولني على موظف', 'ابغى موظف', 'ممكن اكلم خدمة العملاء', 'ขอพนักงานหน่อยค่ะ',
  ])('still hands off an explicit request: %s', (text) => {
    expect(detectPlatformIntent(text)).toBe('human');
  });

  it.each([
    'Hi, how do I return an item?', 'How do I return an item?', 'thanks, but where is my parcel?', 'How do I contact customer service?', 'hello sir where is my order', 'hey there is a problem with my card',
    'I need someone to sign for my parcel', 'does the chat support Polish?', 'who is the manager of the store', '客服电话是多少', '如何联系客服？', '和客服怎么联系', 'เบอร์โทรเจ้าหน้าที่', 'ما هو رقم خدمة العملاء',
    'Na podstawie RODO proszę o pełną kopię moich danych osobowych', 'chcę pobrać kopię moich danych osobowych',
  ])(
    'leaves questions to the knowledge base: %s', (text) => {
      expect(detectPlatformIntent(text)).toBeUndefined();
    });
});
