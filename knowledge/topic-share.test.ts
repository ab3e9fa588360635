import { describe, expect, it } from 'vitest';
import { MAX_TOPIC_WORDS, MIN_TOPIC_PHRASINGS, TopicShare, topicCandidates } from './topic-share.ts';
import type { FaqEntry, MatchCandidate } from './types.ts';

const entry = (id: string, phrasings: string[], o: Partial<FaqEntry> = {}): FaqEntry => ({
  id, tags: [], related: [], status: 'published', variants: [{ lang: 'en', question: phrasings[0]!, alternates: phrasings.slice(1), answer: 'x' }], ...o,
});

const topics = new TopicShare([
  entry('delete-account', ['How do I delete my account?', 'close my account', 'deactivate account']),
  entry('create-account', ['How do I create an account?', 'sign up']),
  entry('reset-password', ['I forgot my password', 'reset password', 'password link not working']),
  entry('chat', ['account account account'], { kind: 'conversation' }),
  entry('draft', ['account', 'account'], { status: 'draft' }),
]);

describe('TopicShare', () => {
  it("gives each entry its share of the phrasings that contain a short message's every word, largest first", () => {
    expect(topics.shares('account', 'en')).toEqual([{ entryId: 'delete-account', share: 0.75 }, { entryId: 'create-account', share: 0.25 }]);
    expect(topics.shares('Password', 'en')).toEqual([{ entryId: 'reset-password', share: 1 }]);
  });
  it('says nothing of a longer message, of words too few phrasings contain, or of another language', () => {
    expect(MAX_TOPIC_WORDS).toBe(2);
    expect(topics.shares('how do I delete my account', 'en')).toBeUndefined();
    expect(MIN_TOPIC_PHRASINGS).toBe(3);
    expect(topics.shares('close account', 'en')).toBeUndefined();
    expect(topics.shares('sign', 'en')).toBeUndefined();
    expect(topics.shares('account', 'pl')).toBeUndefined();
  });
  it('counts a word in any of the forms the language knows it by', () => {
    // A toy dictionary of Polish "konto": its case endings share the stem.
    const forms = (w: string) => (/^kont(o|a|em|u)$/.test(w) ? ['konto'] : []);
    const polish = (id: string, phrasings: string[]): FaqEntry => ({ id, tags: [], related: [], status: 'published', variants: [{ lang: 'pl', question: phrasings[0]!, alternates: phrasings.slice(1), answer: 'x' }] });
    const entries = [polish('delete-account', ['Jak usunąć konto?', 'usuń moje konto']), polish('create-account', ['Jak założyć konto?', 'rejestracja konta'])];
    expect(new TopicShare(entries).shares('kontem', 'pl')).toBeUndefined();
    expect(new TopicShare(entries, forms).shares('kontem', 'pl')).toEqual([{ entryId: 'create-account', share: 0.5 }, { entryId: 'delete-account', share: 0.5 }]);
  });
});

describe('topicCandidates', () => {
  it("puts the entries with a share first, in the matcher's order, each as sure as its share", () => {
    const c = (entryId: string, confidence: number): MatchCandidate => ({ entryId, lang: 'en', title: entryId, matchedText: '', score: confidence, confidence, signals: { dense: 0, lexical: 0, bm25: 0, coverage: 0 } });
    const out = topicCandidates(topics.shares('account', 'en')!, [c('delete-account', 0.96), c('reset-password', 0.3), c('create-account', 0.1)]);
    // reset-password's phrasings never say "account": after the entries whose phrasings do, no surer than the least share.
    expect(out.map((x) => [x.entryId, x.confidence])).toEqual([['delete-account', 0.75], ['create-account', 0.25], ['reset-password', 0.25]]);
  });
});
