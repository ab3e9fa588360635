import { describe, expect, it } from 'vitest';
import { wordsWithKnownWords } from './known-word-segments.ts';
import { words } from './segment.ts';

describe('wordsWithKnownWords', () => {
  const known = new Set(['可以', '开', '发票', '吗', '票', '怎么', '你', '好', '我不', '用', '以', '前', '我', '改', '寄到', '那里']);

  it('moves a boundary the segmenter put inside a word the knowledge base uses', () => {
    // The segmenter's own reading: "develop" and "ticket".
    expect(words('可以开发票吗', 'zh')).toEqual(['可以', '开发', '票', '吗']);
    expect(wordsWithKnownWords('可以开发票吗', 'zh', known)).toEqual(['可以', '开', '发票', '吗']);
    expect(wordsWithKnownWords('怎么开发票？', 'zh', known)).toEqual(['怎么', '开', '发票']);
    // Two such stretches one known word apart: each cut once, no word lost or read twice.
    const twice = wordsWithKnownWords('开发票可以开发票', 'zh', known);
    expect(twice.join('')).toBe('开发票可以开发票');
    expect(twice.filter((w) => w === '发票')).toHaveLength(2);
  });

  it('keeps the segmenter\'s words where nothing is unknown, where no cut finds a longer known word, and where a cut would scatter characters', () => {
    expect(wordsWithKnownWords('可以吗', 'zh', known)).toEqual(words('可以吗', 'zh'));
    // "你/好" holds no known word of two characters: the unknown "你好" stays whole.
    expect(wordsWithKnownWords('你好', 'zh', known)).toEqual(['你好']);
    // "我不/用/以/前" would leave three characters standing alone for one.
    expect(wordsWithKnownWords('我不用以前', 'zh', known)).toEqual(words('我不用以前', 'zh'));
  });

  it('never cuts across punctuation, and leaves other scripts to the segmenter', () => {
    expect(wordsWithKnownWords('开发，票', 'zh', known)).toEqual(words('开发，票', 'zh'));
    const thai = new Set(['ค', 'รับ']);
    expect(wordsWithKnownWords('ขอบคุณครับ', 'th', thai)).toEqual(words('ขอบคุณครับ', 'th'));
    expect(wordsWithKnownWords('how do I get an invoice', 'en', new Set(['invoice']))).toEqual(words('how do I get an invoice', 'en'));
  });
});
