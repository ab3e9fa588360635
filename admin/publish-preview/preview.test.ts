import { describe, expect, it } from 'vitest';
import { changeOf } from './preview.ts';

const ans = (entry: string) => ({ zone: 'answer' as const, entry });
const zone = (z: 'clarify' | 'fallback' | 'handoff') => ({ zone: z });

describe('changeOf', () => {
  const suite = { source: 'suite' as const, text: 'q', expectedEntry: 'a' };
  const recent = { source: 'recent' as const, text: 'q' };
  const outOfScope = { source: 'suite' as const, text: 'weather?', expectedZone: 'fallback' };
  it.each([
    [suite, ans('a'), ans('a'), undefined],
    [suite, zone('clarify'), ans('a'), 'newly-answered'],
    [suite, ans('b'), ans('a'), 'fixed'],
    [suite, ans('a'), ans('b'), 'newly-wrong'],
    [suite, zone('fallback'), ans('b'), 'newly-wrong'],
    [suite, ans('b'), ans('c'), 'other'],
    [suite, ans('a'), zone('fallback'), 'newly-unanswered'],
    [suite, zone('clarify'), zone('handoff'), 'newly-unanswered'],
    [suite, zone('fallback'), zone('handoff'), 'other'],
    [outOfScope, zone('fallback'), ans('b'), 'newly-wrong'],
    [outOfScope, zone('fallback'), zone('clarify'), 'other'],
    [recent, ans('a'), ans('b'), 'answer-changed'],
    [recent, zone('fallback'), ans('b'), 'newly-answered'],
    [recent, ans('a'), zone('clarify'), 'other'],
    [recent, ans('a'), zone('fallback'), 'newly-unanswered'],
  ] as const)('%o: %o → %o is %s', (q, live, draft, change) => {
    expect(changeOf(q, live, draft)).toBe(change);
  });
});
