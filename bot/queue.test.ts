import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPglite, stubDetector, stubKnowledge } from '../app/test-support.ts';
import { createBot, type BotOptions, type TurnReport } from './bot.ts';
import { ConversationStore } from './conversation-store.ts';
import { isQueueCancel } from './queue-cancel.ts';
import { migrate } from './schema.ts';
import { ConversationOwnership } from './ownership.ts';
import type { InboundEvent } from './types.ts';

let seq = 0;
const msg = (userId: string, text: string, extra: Partial<InboundEvent> = {}): InboundEvent => ({
  type: 'message', conversation: { channel: 'test', userId }, externalId: `queue-${++seq}`, from: { id: userId }, text, ...extra,
});

describe('a customer waiting in the human queue', () => {
  let pg: Awaited<ReturnType<typeof freshPglite>>;
  let store: ConversationStore;
  let base: BotOptions;
  let clock = Date.parse('2026-01-05T10:00:00Z');
  const turns: TurnReport[] = [];

  beforeAll(async () => {
    pg = await freshPglite();
    await migrate(pg.db);
    store = new ConversationStore(pg.db);
    base = {
      store, knowledge: stubKnowledge(), detector: stubDetector, defaultLang: 'en', maxMessageChars: 4000,
      answerThreshold: 0.5, clarifyThreshold: 0.25, maxFailedAttempts: 2, queueNoticeIntervalMs: 120_000,
      now: () => new Date(clock), onTurn: (t) => void turns.push(t),
    };
  });
  afterAll(async () => {
    await pg.cleanup();
  });

  const queued = async (bot: ReturnType<typeof createBot>, user: string) => {
    const r = await bot.handle(msg(user, 'I want to talk to a person'));
    expect((await store.conversation(r.conversationId))?.status).toBe('queued');
    return r.conversationId;
  };

  it('is acknowledged with the place in the queue, every message stored and seen by the console, without flooding', async () => {
    const bot = createBot(base);
    await queued(bot, 'q-ahead');
    const id = await queued(bot, 'q-ack');
    const first = await bot.handle(msg('q-ack', 'hello? anyone there?'));
    expect(first.handoff).toBe(true);
    expect(first.replies).toHaveLength(1);
    expect(first.replies[0]).toMatchObject({ role: 'system', lang: 'en' });
    expect(first.replies[0]!.text).toMatch(/number 2 in the queue/);
    expect(first.replies[0]!.text).toMatch(/"cancel"/);
    // Within the interval: stored and passed to the console, but no second notice.
    clock += 30_000;
    const second = await bot.handle(msg('q-ack', 'how long will it take?'));
    expect(second.replies).toEqual([]);
    clock += 60_000;
    expect((await bot.handle(msg('q-ack', 'start over'))).replies).toEqual([]);
    // Past the interval: told again.
    clock += 121_000;
    const later = await bot.handle(msg('q-ack', 'still here'));
    expect(later.replies.map((r) => r.role)).toEqual(['system']);
    const transcript = await store.transcript(id);
    expect(transcript.filter((m) => m.role === 'customer').map((m) => m.text)).toEqual(['I want to talk to a person', 'hello? anyone there?', 'how long will it take?', 'start over', 'still here']);
    const seen = turns.filter((t) => t.conversation.id === id && t.conversation.status === 'queued').flatMap((t) => t.messages.filter((m) => m.role === 'customer').map((m) => m.text));
    expect(seen).toEqual(['I want to talk to a person', 'hello? anyone there?', 'how long will it take?', 'start over', 'still here']);
    expect((await store.conversation(id))?.status).toBe('queued');
  });

  it('gets a confident FAQ answer while waiting, and stays in the queue', async () => {
    const bot = createBot(base);
    const id = await queued(bot, 'q-answer');
    const r = await bot.handle(msg('q-answer', 'How do I return an item?'));
    expect(r.replies.map((m) => [m.role, m.entryId])).toEqual([['bot', 'return-an-item'], ['system', undefined]]);
    expect(r.handoff).toBe(true);
    expect((await store.conversation(id))?.status).toBe('queued');
    // Not confident: no answer, and no second handoff.
    clock += 10_000;
    const unsure = await bot.handle(msg('q-answer', 'what about the blue one'));
    expect(unsure.replies).toEqual([]);
    expect(await store.handoffs(id)).toHaveLength(1);
  });

  it('gets no answers while waiting when answerWhileQueued is off', async () => {
    const bot = createBot({ ...base, answerWhileQueued: false });
    await queued(bot, 'q-quiet');
    const r = await bot.handle(msg('q-quiet', 'How do I return an item?'));
    expect(r.replies.map((m) => m.role)).toEqual(['system']);
  });

  it.each([
    ['en', 'cancel'], ['en', 'Never mind'], ['en', 'forget it'], ['en', 'nvm thanks'],
    ['zh', '取消'], ['zh', '算了'], ['zh', '不用了'],
    ['th', 'ยกเลิก'], ['th', 'ไม่ต้องแล้วค่ะ'], ['th', 'ช่างมัน'],
    ['ar', 'إلغاء'], ['ar', 'انس الأمر'], ['ar', 'لا داعي'],
    ['pl', 'anuluj'], ['pl', 'nieważne'], ['pl', 'zapomnij'], ['pl', 'jednak nie, anuluj'],
  ])('leaves the queue and returns to the bot with "%s: %s"', async (lang, text) => {
    const bot = createBot(base);
    const id = await queued(bot, `q-cancel-${lang}-${text}`);
    const r = await bot.handle(msg(`q-cancel-${lang}-${text}`, text, { lang }));
    expect(r.handoff).toBe(false);
    expect(r.replies).toHaveLength(1);
    expect(r.replies[0]).toMatchObject({ role: 'bot' });
    expect((await store.conversation(id))?.status).toBe('bot');
    expect((await store.ownershipHistory(id)).at(-1)).toMatchObject({ from: 'queued', to: 'bot', actor: 'customer' });
    expect(turns.at(-1)).toMatchObject({ previousStatus: 'queued', outcome: 'left-queue', conversation: { status: 'bot' } });
    // Back with the bot: the next question is answered as usual.
    const next = await bot.handle(msg(`q-cancel-${lang}-${text}`, 'How do I return an item?'));
    expect(next.replies[0]).toMatchObject({ entryId: 'return-an-item' });
  });

  it('says it in the customer\'s language when leaving the queue', async () => {
    const polish = { detect: async () => ({ lang: 'pl', probability: 0.99, method: 'script' as const }) };
    const bot = createBot({ ...base, detector: polish });
    await queued(bot, 'q-cancel-pl');
    const r = await bot.handle(msg('q-cancel-pl', 'anuluj'));
    expect(r.replies[0]!.text).toMatch(/kolejk/);
  });

  it('does not take a question that mentions cancelling for leaving the queue', () => {
    for (const text of [
      'cancel my order', 'how do I cancel an order?', 'never mind the shipping, what about returns?', 'no I need help with my order',
      '取消订单', '算了，我要退货', 'ยกเลิกออเดอร์ได้ไหม', 'كيف ألغي الطلب', 'anuluj zamówienie', 'nieważne ile kosztuje wysyłka',
    ]) expect(isQueueCancel(text), text).toBe(false);
  });

  it('takes a cancel said with other words ("actually no, cancel") for leaving the queue, in every language', () => {
    for (const text of [
      'actually no, cancel', 'never mind, I found it', 'ok cancel please', 'nah forget it, thanks',
      '算了，不用了', '不用了谢谢', '好吧算了', '算了算了',
      'ไม่เป็นไรค่ะ ยกเลิก', 'ยกเลิกค่ะ ขอบคุณค่ะ', 'ไม่ต้องแล้วครับ ขอบคุณ',
      'خلاص الغي', 'لا خلاص', 'إلغاء من فضلك',
      'jednak nie, anuluj', 'dobra, zapomnij', 'nieważne, już nie trzeba', 'rezygnuję z czekania',
    ]) expect(isQueueCancel(text), text).toBe(true);
  });

  it('does not leave the queue on a word that only comes with a cancel ("ok", "no", "thanks")', () => {
    for (const text of ['ok', 'no', 'thanks', 'nie', 'dzięki', '好的', 'ครับ', 'شكرا', 'لا']) expect(isQueueCancel(text), text).toBe(false);
  });

  it('stays silent once an agent claimed the conversation, even for "cancel"', async () => {
    const bot = createBot(base);
    const id = await queued(bot, 'q-claimed');
    await new ConversationOwnership(store).claim(id, 'agent-1');
    expect((await bot.handle(msg('q-claimed', 'cancel'))).replies).toEqual([]);
    expect((await store.conversation(id))?.status).toBe('agent');
  });

  it('tells the typical wait once enough claims are known', async () => {
    const bot = createBot(base);
    const ownership = new ConversationOwnership(store);
    for (let i = 0; i < 3; i++) await ownership.claim(await queued(bot, `q-claim-${i}`), 'agent-2');
    await queued(bot, 'q-eta');
    clock += 600_000;
    const r = await bot.handle(msg('q-eta', 'hello?'));
    expect(r.replies[0]!.text).toMatch(/within about 1 min/);
  });
});
