import { describe, expect, it } from 'vitest';
import { LexicalModel, cosineSparse, dotPacked, type PackedSparse } from './lexical-model.ts';
import { words } from './segment.ts';

const docs = [
  { text: 'How do I return an item?', lang: 'en' },
  { text: 'Where is my parcel?', lang: 'en' },
  { text: 'Can I return a gift without the receipt?', lang: 'en' },
  { text: '我想退货，怎么办？', lang: 'zh' },
  { text: '快递到哪里了？', lang: 'zh' },
];
const model = new LexicalModel(docs);
const rows = docs.map((d) => model.vectorize(d.text, d.lang));
const questions = [
  { text: 'how do I return a gift', lang: 'en' },
  { text: 'where is my parcel, it is late', lang: 'en' },
  { text: 'what is the airspeed of a swallow', lang: 'en' },
  { text: '退货怎么办', lang: 'zh' },
];

const asMap = (p: PackedSparse) => new Map([...p.idx].map((i, k) => [i, p.val[k]!]));

/** Coverage written out plainly: IDF share of the text's distinct words that the question contains. */
function coverageByWords(question: string, text: string, lang: string): number {
  const inQuestion = new Set(words(question, lang));
  let total = 0;
  let covered = 0;
  for (const w of new Set(words(text, lang))) {
    total += model.wordIdf(w);
    if (inQuestion.has(w)) covered += model.wordIdf(w);
  }
  return total ? covered / total : 0;
}

describe('packed lexical vectors', () => {
  it('keep indices ascending and unit norm', () => {
    for (const r of rows) {
      for (const part of [r.words, r.chars]) {
        expect([...part.idx]).toEqual([...part.idx].sort((a, b) => a - b));
        expect(Math.hypot(...part.val)).toBeCloseTo(1, 5);
      }
    }
  });

  it('merge-join dot equals the map dot', () => {
    for (const q of questions.map((x) => model.vectorize(x.text, x.lang))) {
      for (const r of rows) expect(dotPacked(q.chars, r.chars)).toBeCloseTo(cosineSparse(asMap(q.chars), asMap(r.chars)), 6);
    }
  });
});

describe('LexicalQuery (one question against many texts)', () => {
  it('gives the same similarity and coverage as the pairwise functions, question after question', () => {
    // Several questions in a row: each must start from clean scratch arrays.
    for (const x of questions) {
      const q = model.vectorize(x.text, x.lang);
      const lq = model.query(q);
      docs.forEach((d, i) => {
        expect(lq.similarity(rows[i]!)).toBeCloseTo(LexicalModel.similarity(q, rows[i]!), 6);
        expect(lq.coverage(rows[i]!)).toBeCloseTo(model.coverage(q, rows[i]!), 6);
        const both = { lexical: -1, coverage: -1 };
        lq.score(rows[i]!, both);
        expect(both.lexical).toBeCloseTo(LexicalModel.similarity(q, rows[i]!), 6);
        expect(both.coverage).toBeCloseTo(model.coverage(q, rows[i]!), 6);
        expect(model.coverage(q, rows[i]!)).toBeCloseTo(coverageByWords(x.text, d.text, x.lang), 6);
      });
      lq.release();
    }
  });

  it('keeps full coverage when a question adds context to a phrasing, and little for shared function words', () => {
    // Real questions carry greetings, dates and numbers that no phrasing holds: they must not
    // count against the phrasing the question does contain.
    const chatty = model.query(model.vectorize('hello! where is my parcel? I ordered it on Monday, order 12345', 'en'));
    expect(chatty.coverage(rows[1]!)).toBeCloseTo(1, 6);
    chatty.release();
    const offTopic = model.query(model.vectorize('what is the airspeed of a swallow', 'en'));
    expect(offTopic.coverage(rows[1]!)).toBeGreaterThan(0);
    expect(offTopic.coverage(rows[1]!)).toBeLessThan(0.3);
    offTopic.release();
    expect(model.query(model.vectorize('qqq zzz', 'en')).coverage(rows[0]!)).toBe(0);
  });

  it('two questions held at once do not share scratch arrays', () => {
    const a = model.vectorize(questions[0]!.text, 'en');
    const b = model.vectorize(questions[1]!.text, 'en');
    const qa = model.query(a);
    const qb = model.query(b);
    expect(qa.similarity(rows[0]!)).toBeCloseTo(LexicalModel.similarity(a, rows[0]!), 6);
    expect(qb.similarity(rows[1]!)).toBeCloseTo(LexicalModel.similarity(b, rows[1]!), 6);
    qa.release();
    qb.release();
  });
});

describe('LexicalModel.wordForms', () => {
  it("gives a language's dictionary forms, else its light forms, else none", () => {
    const dictionary = { knows: () => true, sameWord: () => false, forms: (w: string) => [w.replace(/em$/, 'o')] };
    const m = new LexicalModel([], { dictionaries: new Map([['pl', dictionary]]) });
    expect(m.wordForms('kontem', 'pl')).toEqual(['konto']);
    expect(m.wordForms('حسابي', 'ar')).toEqual(m.wordForms('الحساب', 'ar'));
    expect(m.wordForms('账户', 'zh')).toEqual([]);
  });
});
