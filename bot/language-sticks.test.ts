import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cachedTestEmbeddings, freshPglite, templateDataDir } from '../app/test-support.ts';
import { chineseScript, createLanguageDetector, KnowledgeBase, loadKnowledgeFolder, toTraditional, withConversationEntries } from '../knowledge/index.ts';
import { createBot, type Bot } from './bot.ts';
import { ConversationStore } from './conversation-store.ts';
import { migrate } from './schema.ts';
import type { InboundEvent } from './types.ts';

let seq = 0;
/** Text without the bidirectional isolates that wrap names in a list. */
const plain = (text: string) => text.replace(/[\u2068\u2069]/g, '');
const msg = (userId: string, text: string, extra: Partial<InboundEvent> = {}): InboundEvent => ({
  type: 'message', conversation: { channel: 'test', userId }, externalId: `lang-${++seq}`, from: { id: userId }, text, ...extra,
});

/**
 * The bot on the sample knowledge base (with the conversation entries, from the run's `sample`
 * template: published as `npm start` publishes it), with the detector reading that knowledge
 * base's words, as the app wires it.
 */
describe('the conversation language, on the sample knowledge base', () => {
  let pg: Awaited<ReturnType<typeof freshPglite>>;
  let data: Awaited<ReturnType<typeof templateDataDir>>;
  let bot: Bot;
  /** Another bot on the same database and knowledge base: a restarted process, or another instance. */
  let anotherInstance: () => Promise<Bot>;
  let knowledgeAnswer: (entryId: string) => string;
  let kb: KnowledgeBase;

  beforeAll(async () => {
    pg = await freshPglite();
    await migrate(pg.db);
    data = await templateDataDir('sample', 'faqbot-language-');
    const embeddings = await cachedTestEmbeddings(path.join(data.dir, 'data', 'embeddings'));
    const knowledge = await KnowledgeBase.open({ dir: path.join(data.dir, 'data', 'knowledge'), embeddings });
    // Without the global set-up (no template) the folder is empty: publish the same entries here.
    if (knowledge.version === undefined) await knowledge.publish(await withConversationEntries(await loadKnowledgeFolder(new URL('../knowledge/sample-kb', import.meta.url).pathname)));
    knowledgeAnswer = (entryId) => knowledge.variant(entryId, 'zh')!.answer;
    kb = knowledge;
    anotherInstance = async () => createBot({
      store: new ConversationStore(pg.db), knowledge, detector: await createLanguageDetector({ vocabulary: () => knowledge.vocabulary }),
      defaultLang: 'en', maxMessageChars: 4000, answerThreshold: 0.5, clarifyThreshold: 0.25, maxFailedAttempts: 3,
    });
    bot = await anotherInstance();
  }, 300_000);
  afterAll(async () => {
    await pg?.cleanup();
    await data?.cleanup();
  });

  it('tells a customer who writes a language the knowledge base lacks which languages it answers in', async () => {
    // A first message: in the default language, whatever the nearest shipped one ("Wie kann ich etwas zurückgeben?" read as Polish).
    for (const [user, text] of [['de-1', 'Wo ist meine Bestellung?'], ['de-4', 'Wie kann ich etwas zurückgeben?'], ['es-1', '¿Cómo puedo devolver un producto?'], ['ru-1', 'Как вернуть товар?']] as const) {
      const r = await bot.handle(msg(user, text));
      expect(r.handoff, text).toBe(false);
      expect(plain(r.replies[0]!.text), text).toBe('I can only answer in these languages: English, العربية, Polski, ไทย, 中文. Could you write your question in one of them? If you would rather talk to a person, just say so.');
    }
    // In an Arabic conversation German does not turn it English: the notice is in Arabic.
    await bot.handle(msg('de-ar', 'كيف ارجع المنتج'));
    const inArabic = await bot.handle(msg('de-ar', 'Wo ist meine Bestellung? Bitte helfen Sie mir'));
    expect(inArabic.lang).toBe('ar');
    // Listed as Arabic lists, each name isolated so that the Latin ones keep their order right to left.
    expect(inArabic.replies[0]!.text).toMatch(/^أستطيع الإجابة بهذه اللغات فقط: \u2068English\u2069، \u2068العربية\u2069، \u2068Polski\u2069/);
    // In a Polish conversation the notice is in Polish; a short message ("danke") says nothing.
    await bot.handle(msg('de-2', 'jak zwrócić towar'));
    expect(plain((await bot.handle(msg('de-2', 'Wie kann ich etwas zurückschicken?'))).replies[0]!.text)).toMatch(/^Mogę odpowiadać tylko w tych językach: English, العربية, Polski/);
    expect((await bot.handle(msg('de-3', 'qwv zzkx plorb'))).replies[0]!.text).not.toMatch(/languages/);
  });

  it('names its languages to a customer whose page or client asks for one it lacks, however short the message', async () => {
    // A Portuguese client ("pt-BR") and one word: not understood, and the customer learns why.
    const hello = await bot.handle(msg('pt-1', 'olá, tudo bem', { lang: 'pt-BR' }));
    expect(hello.handoff).toBe(false);
    expect(plain(hello.replies[0]!.text)).toMatch(/^I can only answer in these languages: English, العربية, Polski, ไทย, 中文\./);
    // A question in a language it has is still answered, in that language.
    const english = await bot.handle(msg('pt-2', 'How do I return an item?', { lang: 'pt' }));
    expect(english.replies[0]!.entryId).toBe('return-an-item');
    // Small talk stays small talk.
    expect((await bot.handle(msg('pt-3', 'ok', { lang: 'pt' }))).replies[0]!.text).not.toMatch(/languages/);
  });

  it('answers a customer who writes Traditional Chinese in Traditional, and keeps it until they write Simplified', async () => {
    const traditional = await bot.handle(msg('zh-hant', '怎麼退貨'));
    expect(traditional.lang).toBe('zh');
    const answer = traditional.replies[0]!;
    expect(answer.entryId).toBe('return-an-item');
    // The Simplified entry, in Traditional characters: nothing in it converts back to other characters.
    expect(answer.text).toBe(toTraditional(knowledgeAnswer('return-an-item')));
    expect(chineseScript(answer.text)).toBe('traditional');
    for (const s of answer.suggestions ?? []) expect(chineseScript(s.title)).not.toBe('simplified');
    // "好的" is the same in both scripts: the conversation stays Traditional (small talk and suggestions too).
    const ok = await bot.handle(msg('zh-hant', '好的'));
    expect(ok.replies.every((m) => chineseScript(m.text) !== 'simplified')).toBe(true);
    expect(ok.replies.some((m) => chineseScript(m.text) === 'traditional')).toBe(true);
    // Simplified again: answered in Simplified, as the knowledge base has it.
    const simplified = await bot.handle(msg('zh-hant', '怎么付款'));
    expect(simplified.replies[0]!.text).toBe(knowledgeAnswer('payment-methods'));
    // Traditional again, then "好的" on another instance (or after a restart): still Traditional.
    await bot.handle(msg('zh-hant', '運費多少錢'));
    const elsewhere = await (await anotherInstance()).handle(msg('zh-hant', '好的'));
    expect(elsewhere.replies.some((m) => chineseScript(m.text) === 'traditional')).toBe(true);
    expect(elsewhere.replies.every((m) => chineseScript(m.text) !== 'simplified')).toBe(true);
    // Another customer, in Simplified from the start.
    expect((await bot.handle(msg('zh-hans', '运费多少钱'))).replies.every((m) => chineseScript(m.text) !== 'traditional')).toBe(true);
  });

  it('answers in Traditional a message the same in both scripts from a page in Traditional Chinese (zh-TW, zh-Hant)', async () => {
    const hello = await bot.handle(msg('zh-tw-page', '你好', { lang: 'zh-TW' }));
    expect(hello.lang).toBe('zh');
    expect(hello.replies.some((m) => chineseScript(m.text) === 'traditional')).toBe(true);
    expect(hello.replies.every((m) => chineseScript(m.text) !== 'simplified')).toBe(true);
    // The characters tell first: Simplified from the same page is answered in Simplified.
    const simplified = await bot.handle(msg('zh-tw-page', '怎么退货', { lang: 'zh-Hant' }));
    expect(simplified.replies[0]!.text).toBe(knowledgeAnswer('return-an-item'));
    // A page in Simplified (zh-CN) says nothing of the kind.
    expect((await bot.handle(msg('zh-cn-page', '你好', { lang: 'zh-CN' }))).replies.every((m) => chineseScript(m.text) !== 'traditional')).toBe(true);
  });

  // The web chat sends the browser's language (uiLang) where the page chose none: it decides only
  // what the text cannot.
  it('opens in the screen\'s Chinese script and language where the first message cannot tell, and lets the text decide where it can', async () => {
    const hello = await bot.handle(msg('zh-tw-browser', '你好', { uiLang: 'zh-TW' }));
    expect(hello.lang).toBe('zh');
    expect(hello.replies.some((m) => chineseScript(m.text) === 'traditional')).toBe(true);
    expect(hello.replies.every((m) => chineseScript(m.text) !== 'simplified')).toBe(true);
    // A customer who writes Simplified keeps Simplified, "好的" included: the browser only opened it.
    expect((await bot.handle(msg('zh-tw-browser', '怎么退货', { uiLang: 'zh-TW' }))).replies[0]!.text).toBe(knowledgeAnswer('return-an-item'));
    expect((await bot.handle(msg('zh-tw-browser', '好的', { uiLang: 'zh-TW' }))).replies.every((m) => chineseScript(m.text) !== 'traditional')).toBe(true);
    // Mashing on an Arabic browser is answered in Arabic, not in the detector's guess.
    const mash = await bot.handle(msg('ar-browser-mash', 'qwv zzkx plorb', { uiLang: 'ar-SA' }));
    expect(mash.lang).toBe('ar');
    expect(mash.replies.every((m) => m.lang === 'ar')).toBe(true);
    // Words the detector reads win over the screen: English and unaccented Polish on an Arabic browser.
    expect((await bot.handle(msg('ar-browser-en', 'where is my order', { uiLang: 'ar' }))).lang).toBe('en');
    expect((await bot.handle(msg('ar-browser-pl', 'kiedy dostane zwrot pieniedzy', { uiLang: 'ar' }))).lang).toBe('pl');
    // A browser in a language the knowledge base lacks says nothing: German mashing is read as before.
    const de = await bot.handle(msg('de-browser-mash', 'qwv zzkx plorb', { uiLang: 'de-DE' }));
    expect(de.lang).not.toBe('de');
  });

  it('reads "开发票" as issuing an invoice, not as "develop" and "ticket"', async () => {
    for (const text of ['可以开发票吗', '能開發票嗎']) {
      const r = await bot.handle(msg(`zh-invoice-${text}`, text));
      expect(r.replies[0]!.entryId, text).toBe('invoice-and-vat');
    }
    // The full-text search reads it so too (its score is shown in the editor's test console).
    const invoice = (await kb.match('可以开发票吗', 'zh', 5)).candidates.find((c) => c.entryId === 'invoice-and-vat')!;
    const asWritten = (await kb.match('可以开 发票吗', 'zh', 5)).candidates.find((c) => c.entryId === 'invoice-and-vat')!;
    expect(invoice.signals.bm25).toBeCloseTo(asWritten.signals.bm25, 6);
  });

  it('answers an unaccented Polish question in Polish, from the Polish entry', async () => {
    const r = await bot.handle(msg('pl-plain', 'jak zwrocic towar ktory kupilem'));
    expect(r.lang).toBe('pl');
    expect(r.replies[0]!.lang).toBe('pl');
    expect(r.replies[0]!.entryId ?? r.replies[0]!.suggestions?.[0]?.entryId).toBe('return-an-item');
  });

  it('keeps a conversation started in Polish Polish on "ok"', async () => {
    expect((await bot.handle(msg('pl-ok', 'kiedy dostane zwrot pieniedzy'))).lang).toBe('pl');
    const r = await bot.handle(msg('pl-ok', 'ok'));
    expect(r.lang).toBe('pl');
    expect(r.replies.every((m) => m.lang === 'pl')).toBe(true);
  });

  it('keeps the page\'s language on "thanks", but follows a customer who plainly writes another', async () => {
    expect((await bot.handle(msg('page-pl', 'thanks', { lang: 'pl' }))).lang).toBe('pl');
    expect((await bot.handle(msg('page-en', 'zapomnialem hasla do konta', { lang: 'en' }))).lang).toBe('pl');
  });

  // Keyboard mashing fits no language's model, however the models compare with each other
  // ("qwv zzkx plorb" came out Polish at 0.99999 and turned an English conversation Polish).
  it.each(['qwv zzkx plorb', 'xyz abc def'])('keeps the page\'s and the conversation\'s language on text no language fits (%s)', async (text) => {
    expect((await bot.handle(msg(`mash-page-${text}`, text, { lang: 'en' }))).lang).toBe('en');
    const user = `mash-talk-${text}`;
    expect((await bot.handle(msg(user, 'where is my order'))).lang).toBe('en');
    const r = await bot.handle(msg(user, text));
    expect(r.lang).toBe('en');
    expect(r.replies.every((m) => m.lang === 'en')).toBe(true);
  });

  it('answers Traditional Chinese from the Simplified entries', async () => {
    const r = await bot.handle(msg('zh-hant', '怎麼退貨'));
    expect(r.lang).toBe('zh');
    expect(r.handoff).toBe(false);
    expect(r.replies[0]).toMatchObject({ lang: 'zh', entryId: 'return-an-item' });
  });

  it('reads "How do I reset my password?" as English', async () => {
    const r = await bot.handle(msg('en-pass', 'How do I reset my password?'));
    expect(r.lang).toBe('en');
    expect(r.replies[0]!.lang).toBe('en');
  });
});
