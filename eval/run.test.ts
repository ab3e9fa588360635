import { describe, expect, it } from 'vitest';
import type { Example } from './dataset.ts';
import { chooseThreshold, DEFAULT_OOS_RATE, holdout, holdoutRepeats, plannedOosRate, type Asked } from './run.ts';

/** `labels` intents with `per` train examples each, plus `oos` out-of-scope train examples. */
function train(labels: number, per: number, oos = 0): Example[] {
  const out: Example[] = [];
  for (let l = 0; l < labels; l++) for (let i = 0; i < per; i++) out.push({ text: `q${l}-${i}`, label: `intent${l}`, split: 'train', lang: 'en' });
  for (let i = 0; i < oos; i++) out.push({ text: `x${i}`, label: 'oos', split: 'train', lang: 'en' });
  return out;
}

describe('plannedOosRate', () => {
  it('takes the option first, then the dataset’s own train/val share, then the default', () => {
    expect(plannedOosRate(train(4, 5, 20), 0)).toEqual({ rate: 0, source: 'option' });
    expect(plannedOosRate([...train(4, 5, 20), { text: 't', label: 'oos', split: 'test', lang: 'en' }])).toEqual({ rate: 0.5, source: 'dataset' });
    expect(plannedOosRate(train(4, 5))).toEqual({ rate: DEFAULT_OOS_RATE, source: 'default' });
  });

  it('refuses a share outside [0, 1)', () => {
    expect(() => plannedOosRate(train(2, 2), 1)).toThrow(RangeError);
    expect(() => plannedOosRate(train(2, 2), -0.1)).toThrow(RangeError);
  });
});

describe('holdout', () => {
  it('leaves labels out as simulated out-of-scope questions, at the planned share', () => {
    const [kb, held] = holdout(train(10, 10), { outOfScopeRate: 0.25 });
    const oos = held.filter((e) => e.label === 'oos');
    const inScope = held.filter((e) => e.label !== 'oos');
    expect(new Set(kb.map((e) => e.label)).size).toBe(8);
    expect(oos.length).toBe(Math.round((inScope.length * 0.25) / 0.75));
    // A held-out in-scope question's label is in the knowledge base; no text is in both.
    const kbLabels = new Set(kb.map((e) => e.label));
    expect(inScope.every((e) => kbLabels.has(e.label))).toBe(true);
    expect(held.some((h) => kb.some((k) => k.text === h.text))).toBe(false);
  });

  it('keeps every label in a closed set (share 0): nothing is simulated as out of scope', () => {
    const [kb, held] = holdout(train(10, 10), { outOfScopeRate: 0 });
    expect(new Set(kb.map((e) => e.label)).size).toBe(10);
    expect(held.length).toBe(20);
    expect(held.some((e) => e.label === 'oos')).toBe(false);
  });

  it('splits differently with another seed', () => {
    const a = holdout(train(10, 10), { seed: 11 })[1].map((e) => e.text);
    const b = holdout(train(10, 10), { seed: 12 })[1].map((e) => e.text);
    expect(a).not.toEqual(b);
  });
});

describe('holdoutRepeats', () => {
  it('pools more splits for small training sets, 1 to 5', () => {
    expect(holdoutRepeats(10_000)).toBe(1);
    expect(holdoutRepeats(1_000)).toBe(3);
    expect(holdoutRepeats(300)).toBe(5);
    expect(holdoutRepeats(0)).toBe(5);
  });
});

describe('chooseThreshold', () => {
  /** A held-out question whose top answer is `entryId` with `confidence`. */
  const asked = (label: string, entryId: string, confidence: number): Asked => ({
    example: { text: label, label, split: 'train', lang: 'en' }, top: { entryId, confidence }, ranked: [entryId], latencyMs: 0, candidates: [],
  });

  it('takes the middle of a plateau of equally good thresholds', () => {
    const held = [
      ...Array.from({ length: 20 }, (_, i) => asked(`intent${i % 4}`, `intent${i % 4}`, 0.9)),
      ...Array.from({ length: 10 }, () => asked('oos', 'intent0', 0.2)),
    ];
    const t = chooseThreshold(held, 'test');
    // Every threshold in (0.2, 0.9] separates them perfectly.
    expect(t.heldOutMcc).toBe(1);
    expect(t.answer).toBeGreaterThan(0.45);
    expect(t.answer).toBeLessThan(0.65);
    expect(t.clarify).toBe(Number((t.answer / 2).toFixed(2)));
  });

  it('prefers a broad good region to a narrow peak beside it', () => {
    // Only 0.31 and 0.32 answer every right one and reject every wrong one (MCC 1, the raw peak),
    // with wrong answers just either side; from 0.56 up every wrong one is rejected and only the
    // two right answers at 0.32 are lost: a broad region, nearly as good.
    const held = [
      ...Array.from({ length: 40 }, (_, i) => asked(`intent${i % 4}`, `intent${i % 4}`, 0.96)),
      asked('intent1', 'intent1', 0.32),
      asked('intent2', 'intent2', 0.32),
      ...Array.from({ length: 5 }, (_, i) => asked('oos', 'intent0', 0.1 + i * 0.04)),
      asked('oos', 'intent0', 0.3),
      ...Array.from({ length: 6 }, (_, i) => asked('oos', 'intent3', 0.33 + i * 0.045)),
    ];
    const t = chooseThreshold(held, 'test');
    expect(t.answer).toBeGreaterThan(0.55);
  });
});
