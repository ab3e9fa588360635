import { describe, expect, it } from 'vitest';
import type { MatchCandidate } from '../knowledge/index.ts';
import { decide, withThresholds } from './policy.ts';

const c = (entryId: string, confidence: number): MatchCandidate => ({
  entryId, lang: 'en', title: entryId, matchedText: entryId, score: confidence, confidence, signals: { dense: 0, lexical: 0, bm25: 0, coverage: 0 },
});
const opts = { answerThreshold: 0.6, clarifyThreshold: 0.3, maxFailedAttempts: 2 };

describe('decide', () => {
  it('answers at or above the answer threshold', () => {
    expect(decide([c('a', 0.6), c('b', 0.2)], 0, opts)).toMatchObject({ kind: 'answer', candidate: { entryId: 'a' }, alsoAsked: [] });
  });

  it('answers the first of several confident entries and names the others, conversation entries left out', () => {
    const conv = (id: string) => id.startsWith('conversation-');
    const d = decide([c('a', 0.9), c('conversation-thanks', 0.8), c('b', 0.95), c('c', 0.59), c('d', 0.7)], 0, opts, conv);
    expect(d).toMatchObject({ kind: 'answer', candidate: { entryId: 'a' } });
    if (d.kind === 'answer') expect(d.alsoAsked.map((x) => x.entryId)).toEqual(['b', 'd']);
    expect((decide([c('a', 0.9), c('b', 0.7), c('c', 0.8)], 0, opts) as { alsoAsked: MatchCandidate[] }).alsoAsked.map((x) => x.entryId)).toEqual(['c', 'b']);
  });

  it('clarifies in the middle zone with up to 3 suggestions above the floor', () => {
    const d = decide([c('a', 0.5), c('b', 0.4), c('c', 0.2), c('d', 0.16), c('e', 0.1)], 0, opts);
    expect(d.kind).toBe('clarify');
    if (d.kind === 'clarify') expect(d.suggestions.map((s) => s.entryId)).toEqual(['a', 'b', 'c']);
  });

  // A low-confidence first message no longer hands off: the customer gets a helpful reply and
  // the handoff waits for maxFailedAttempts failures in a row.
  it('does not hand off on a first message that is not understood', () => {
    expect(decide([c('a', 0.1)], 0, opts)).toMatchObject({ kind: 'fallback' });
    expect(decide([], 0, opts)).toMatchObject({ kind: 'fallback' });
  });

  it('hands off after maxFailedAttempts failures in a row', () => {
    expect(decide([c('a', 0.1)], 1, opts)).toMatchObject({ kind: 'handoff', reason: 'repeated-failure' });
    expect(decide([c('a', 0.1)], 1, { ...opts, maxFailedAttempts: 3 })).toMatchObject({ kind: 'fallback' });
    expect(decide([c('a', 0.1)], 2, { ...opts, maxFailedAttempts: 3 })).toMatchObject({ kind: 'handoff', reason: 'repeated-failure' });
    expect(decide([c('a', 0.1)], 0, { ...opts, maxFailedAttempts: 1 })).toMatchObject({ kind: 'handoff' });
  });

  it('answers a conversation entry without counting it as a failure, even after failures', () => {
    const conv = (id: string) => id.startsWith('conversation-');
    expect(decide([c('conversation-thanks', 0.4), c('a', 0.3)], 1, opts, conv)).toMatchObject({ kind: 'conversation', candidate: { entryId: 'conversation-thanks' } });
    expect(decide([c('conversation-thanks', 0.9)], 5, opts, conv)).toMatchObject({ kind: 'conversation' });
  });

  it('never offers a conversation entry as a suggestion, and does not answer an FAQ entry ranked below one', () => {
    const conv = (id: string) => id.startsWith('conversation-');
    const d = decide([c('conversation-ok', 0.2), c('a', 0.4), c('conversation-bye', 0.35), c('b', 0.3)], 0, opts, conv);
    expect(d).toMatchObject({ kind: 'clarify' });
    if (d.kind === 'clarify') expect(d.suggestions.map((s) => s.entryId)).toEqual(['a', 'b']);
    expect(decide([c('conversation-ok', 0.2), c('a', 0.1)], 0, opts, conv)).toMatchObject({ kind: 'fallback', tried: [{ entryId: 'a' }] });
  });

  it('hands off after repeated failures even in the middle zone', () => {
    expect(decide([c('a', 0.5)], 1, opts)).toMatchObject({ kind: 'handoff', reason: 'repeated-failure' });
  });

  it('follows configured thresholds, not literals', () => {
    expect(decide([c('a', 0.5)], 0, { ...opts, answerThreshold: 0.45 }).kind).toBe('answer');
  });
});

describe('withThresholds', () => {
  const o = { answerThreshold: 0.5, clarifyThreshold: 0.25, maxFailedAttempts: 2 };

  it("uses the knowledge base's thresholds for the language only when knowledgeThresholds is on", () => {
    const t = { answer: 0.8, clarify: 0.1 };
    expect(withThresholds(o, t)).toBe(o);
    expect(withThresholds({ ...o, knowledgeThresholds: true }, t)).toMatchObject({ answerThreshold: 0.8, clarifyThreshold: 0.1, maxFailedAttempts: 2 });
    expect(withThresholds({ ...o, knowledgeThresholds: true }, undefined)).toMatchObject({ answerThreshold: 0.5, clarifyThreshold: 0.25 });
    const candidate = { entryId: 'a', lang: 'en', title: 'A', matchedText: '', score: 0.7, confidence: 0.7, signals: { dense: 0, lexical: 0, bm25: 0, coverage: 0 } };
    expect(decide([candidate], 0, withThresholds({ ...o, knowledgeThresholds: true }, t)).kind).toBe('clarify');
    expect(decide([candidate], 0, withThresholds(o, t)).kind).toBe('answer');
  });
});
