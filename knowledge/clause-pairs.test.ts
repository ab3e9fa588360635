import { describe, expect, it } from 'vitest';
import { seededRandom } from './classifier.ts';
import { clausePairs, joinClauses, meanVector } from './clause-pairs.ts';
import { questionChunks } from './question-chunks.ts';

describe('joinClauses', () => {
  it('joins two clauses the way each script writes them, so that questionChunks splits them again', () => {
    const cases: Array<[string, string, string, string]> = [
      ['en', 'My parcel is late.', 'Where is my order?', 'My parcel is late, Where is my order?'],
      ['pl', 'Paczka się spóźnia!', 'Gdzie jest moje zamówienie?', 'Paczka się spóźnia, Gdzie jest moje zamówienie?'],
      ['zh', '我的包裹迟到了。', '我的订单在哪里？', '我的包裹迟到了，我的订单在哪里？'],
      ['ar', 'طردي متأخر؟', 'أين طلبي؟', 'طردي متأخر، أين طلبي؟'],
      ['th', 'พัสดุของฉันมาช้า', 'คำสั่งซื้อของฉันอยู่ที่ไหน', 'พัสดุของฉันมาช้า คำสั่งซื้อของฉันอยู่ที่ไหน'],
    ];
    for (const [lang, context, ask, joined] of cases) {
      expect(joinClauses(context, ask), lang).toBe(joined);
      expect(questionChunks(joined, lang).length, lang).toBeGreaterThanOrEqual(2);
    }
  });
});

describe('clausePairs', () => {
  const none = new Float32Array(0);
  const texts = [
    { entryId: 'a', text: 'How do I return an item?', vector: Float32Array.of(1, 0) },
    { entryId: 'a', text: 'I want to send my order back', vector: Float32Array.of(0, 1) },
    { entryId: 'b', text: 'When will I get my refund?', vector: none },
    { entryId: 'c', text: 'Where is my parcel?', vector: none },
  ];

  it('pairs each text with another text of its own entry, asked after it as context', () => {
    const pairs = clausePairs(texts, 'en', seededRandom(1));
    expect(pairs.map((p) => [p.entryId, p.text])).toEqual([
      ['a', 'I want to send my order back, How do I return an item?'],
      ['a', 'How do I return an item, I want to send my order back'],
    ]);
    // Its vector: the normalised mean of its parts'.
    expect([...pairs[0]!.vector].map((x) => Number(x.toFixed(6)))).toEqual([0.707107, 0.707107]);
  });

  it('pairs with any other text when asked to (generic outliers), and drops pairs that would not split', () => {
    const pairs = clausePairs([...texts, { entryId: 'd', text: 'ok', vector: none }], 'en', seededRandom(2), true);
    expect(pairs.length).toBeGreaterThanOrEqual(4);
    for (const p of pairs) expect(questionChunks(p.text, 'en').length).toBeGreaterThanOrEqual(2);
    // "…, ok" has one clause of two words or more: matching would not split it.
    expect(pairs.some((p) => p.text.endsWith(', ok'))).toBe(false);
  });
});

describe('meanVector', () => {
  it('is the unit mean of two vectors of one size, and empty without both', () => {
    expect([...meanVector(Float32Array.of(3, 0), Float32Array.of(0, 4))].map((x) => Number(x.toFixed(4)))).toEqual([0.6, 0.8]);
    expect(meanVector(Float32Array.of(1, 0), new Float32Array(0)).length).toBe(0);
    expect(meanVector(Float32Array.of(1, 0), Float32Array.of(1, 0, 0)).length).toBe(0);
  });
});
