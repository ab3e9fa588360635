import { describe, expect, it } from 'vitest';
import { ConversationMatcher } from './conversation-matcher.ts';
import { loadConversationEntries } from './conversation-entries.ts';
import type { FaqEntry } from './types.ts';

const matcher = new ConversationMatcher(await loadConversationEntries());

describe('ConversationMatcher', () => {
  it.each([
    ['en', 'hiii', 'conversation-greeting'], ['en', 'Thank you so much!!', 'conversation-thanks'], ['en', 'k', 'conversation-acknowledgement'],
    ['en', 'perfect, very helpful', 'conversation-praise'], ['en', 'this is useless', 'conversation-frustration'],
    ['zh', '哈哈哈哈', 'conversation-laughter'], ['th', '55555555', 'conversation-laughter'], ['ar', 'هههههههه', 'conversation-laughter'],
    ['pl', 'spoko', 'conversation-acknowledgement'], ['pl', 'dzieki', 'conversation-thanks'],
  ])('matches small talk as a whole message (%s: %s)', (lang, text, entryId) => {
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
});
