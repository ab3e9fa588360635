import { describe, expect, it } from 'vitest';
import type { MatchCandidate } from '../knowledge/index.ts';
import { answerOnScreen, continues, entriesOnScreen, inContext, unansweredBefore } from './follow-up.ts';
import type { StoredMessage } from './types.ts';

const message = (m: Partial<StoredMessage>): StoredMessage => ({ id: 'm', conversationId: 'c', seq: 1, role: 'bot', text: '…', channel: 'test', createdAt: new Date(0), ...m });
const candidate = (entryId: string, confidence: number): MatchCandidate => ({
  entryId, confidence, lang: 'en', title: entryId, matchedText: entryId, score: confidence, signals: { dense: 0, lexical: 0, bm25: 0, coverage: 0 },
});
const smallTalk = (id: string) => id.startsWith('conversation-');

describe('entriesOnScreen', () => {
  it('is the answered entry and the suggestions under it', () => {
    const answer = message({ entryId: 'return-an-item', suggestions: [{ entryId: 'refund-timing', title: 'When?' }, { entryId: 'return-window', title: 'How long?' }] });
    expect([...entriesOnScreen([answer], smallTalk)!]).toEqual(['return-an-item', 'refund-timing', 'return-window']);
  });

  it('sees past small talk after the answer, not past a clarification, a rejection or a notice', () => {
    const answer = message({ entryId: 'delivery-times', suggestions: [{ entryId: 'express-delivery', title: 'Express?' }] });
    const thanks = [message({ entryId: 'conversation-thanks' }), message({ role: 'customer', text: 'ok thanks' })];
    expect([...entriesOnScreen([...thanks, answer], smallTalk)!]).toEqual(['delivery-times', 'express-delivery']);
    const clarified = [message({ suggestions: [{ entryId: 'a', title: 'A' }] }), message({ role: 'customer', text: 'hmm' })];
    expect(entriesOnScreen([...clarified, answer], smallTalk)).toBeUndefined();
    const rejected = [message({ entryId: 'conversation-not-what-i-asked' }), message({ role: 'customer', text: 'not what I asked' })];
    expect(entriesOnScreen([...rejected, answer], smallTalk, (id) => id !== 'conversation-not-what-i-asked')).toBeUndefined();
  });

  it('is nothing when the newest reply is no FAQ answer: a handoff, a clarification, a notice', () => {
    const answer = message({ entryId: 'return-an-item' });
    expect(entriesOnScreen([message({ entryId: 'conversation-thanks' })], smallTalk)).toBeUndefined();
    expect(entriesOnScreen([message({ entryId: 'conversation-thanks' })], smallTalk, () => false)).toBeUndefined();
    expect(entriesOnScreen([message({ entryId: 'return-an-item', handoff: true })], smallTalk)).toBeUndefined();
    expect(entriesOnScreen([message({ suggestions: [{ entryId: 'refund-timing', title: 'When?' }] })], smallTalk)).toBeUndefined();
    expect(entriesOnScreen([message({ role: 'system', text: 'An agent joined' }), answer], smallTalk)).toBeUndefined();
    expect(entriesOnScreen([], smallTalk)).toBeUndefined();
  });
});

describe('answerOnScreen', () => {
  it('is the newest FAQ answer past small talk, and nothing past anything else', () => {
    const older = message({ id: 'older', entryId: 'refund-timing' });
    const answer = message({ id: 'answer', entryId: 'return-an-item' });
    const thanks = [message({ entryId: 'conversation-thanks' }), message({ role: 'customer', text: 'ok thanks' })];
    expect(answerOnScreen([...thanks, answer, older], smallTalk)).toBe(answer);
    expect(answerOnScreen([message({ role: 'customer', text: 'hmm' }), message({ suggestions: [{ entryId: 'a', title: 'A' }] }), answer], smallTalk)).toBeUndefined();
    expect(answerOnScreen([message({ entryId: 'return-an-item', handoff: true }), answer], smallTalk)).toBeUndefined();
    expect(answerOnScreen([message({ role: 'agent', text: 'Hi, Anna here' }), answer], smallTalk)).toBeUndefined();
  });
});

describe('inContext', () => {
  it('multiplies the odds of the entries on screen and ranks by the result', () => {
    const ranked = inContext([candidate('delivery-cost', 0.45), candidate('refund-timing', 0.4), candidate('track-order', 0.1)], new Set(['refund-timing']), smallTalk, 3);
    expect(ranked.map((c) => c.entryId)).toEqual(['refund-timing', 'delivery-cost', 'track-order']);
    // Odds 0.4 / 0.6 = 2/3, three times: 2, so a confidence of 2/3.
    expect(ranked[0]!.confidence).toBeCloseTo(2 / 3, 10);
    expect(ranked[1]!.confidence).toBe(0.45);
  });

  it('leaves conversation entries and entries off screen as they are, and odds of 1 change nothing', () => {
    const candidates = [candidate('conversation-ok', 0.3), candidate('refund-timing', 0.2)];
    expect(inContext(candidates, new Set(['conversation-ok']), smallTalk, 3)).toEqual(candidates);
    expect(inContext(candidates, new Set(['refund-timing']), smallTalk, 1)).toEqual(candidates);
  });
});

describe('unansweredBefore', () => {
  const question = message({ role: 'customer', text: 'how do I' });
  it('is the previous message when the bot clarified or did not understand it', () => {
    expect(unansweredBefore({ replies: [message({ suggestions: [{ entryId: 'a', title: 'A' }] })], question })).toBe(question);
  });
  it('is nothing after an answer, small talk, a handoff, or with no reply or no previous message', () => {
    expect(unansweredBefore({ replies: [message({ entryId: 'return-an-item' })], question })).toBeUndefined();
    expect(unansweredBefore({ replies: [message({ entryId: 'conversation-ok' })], question })).toBeUndefined();
    expect(unansweredBefore({ replies: [message({ handoff: true })], question })).toBeUndefined();
    expect(unansweredBefore({ replies: [message({ role: 'system' })], question })).toBeUndefined();
    expect(unansweredBefore({ replies: [message({})] })).toBeUndefined();
  });
});

describe('continues', () => {
  const joined = [candidate('return-an-item', 0.8), candidate('refund-timing', 0.1)];
  it('reads two messages as one when both point at the entry the two together find more surely, one of them first', () => {
    const alone = [candidate('track-order', 0.3), candidate('return-an-item', 0.2)];
    const before = [candidate('return-an-item', 0.2), candidate('payment-methods', 0.1)];
    expect(continues(joined, alone, before, smallTalk)).toBe(true);
  });
  it('keeps a message alone when either lacks the entry among its first three, neither has it first, or it is as sure alone', () => {
    const lacking = [candidate('track-order', 0.3), candidate('a', 0.2), candidate('b', 0.2), candidate('return-an-item', 0.1)];
    expect(continues(joined, lacking, [candidate('return-an-item', 0.2)], smallTalk)).toBe(false);
    expect(continues(joined, [candidate('return-an-item', 0.2)], lacking, smallTalk)).toBe(false);
    expect(continues(joined, [candidate('return-an-item', 0.8)], [candidate('return-an-item', 0.2)], smallTalk)).toBe(false);
    expect(continues([candidate('conversation-ok', 0.9)], [candidate('conversation-ok', 0.3)], [candidate('conversation-ok', 0.3)], smallTalk)).toBe(false);
    // Second for both: each part names something else first.
    const second = [candidate('track-order', 0.3), candidate('return-an-item', 0.2)];
    expect(continues(joined, second, second, smallTalk)).toBe(false);
  });
});
