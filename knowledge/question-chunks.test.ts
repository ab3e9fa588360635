import { describe, expect, it } from 'vitest';
import { MAX_CHUNKS, questionChunks } from './question-chunks.ts';

describe('questionChunks', () => {
  it('splits a question in several clauses at clause punctuation, in each script', () => {
    expect(questionChunks('I ordered a lamp ten minutes ago but changed my mind, can I stop it before it ships?', 'en'))
      .toEqual(['I ordered a lamp ten minutes ago but changed my mind', 'can I stop it before it ships']);
    expect(questionChunks('十分钟前刚下单买了台灯，但我改主意了，能在发货前叫停吗？', 'zh')).toHaveLength(3);
    expect(questionChunks('طلبت أباجورة قبل عشر دقايق، أقدر أوقف الطلب قبل الشحن؟', 'ar')).toHaveLength(2);
    expect(questionChunks('Zamówiłam lampę. Mogę to zatrzymać?', 'pl')).toEqual(['Zamówiłam lampę', 'Mogę to zatrzymać']);
  });

  it('splits Thai at spaces, which mark its clauses', () => {
    expect(questionChunks('เพิ่งสั่งโคมไฟไปเมื่อสิบนาทีที่แล้ว แต่เปลี่ยนใจแล้ว ยังทันหยุดก่อนส่งไหม', 'th')).toHaveLength(3);
  });

  it('leaves a one-clause question whole, and drops clauses of a single word', () => {
    expect(questionChunks('how do I return an item?', 'en')).toEqual([]);
    expect(questionChunks('Hi, how do I return an item?', 'en')).toEqual([]);
    expect(questionChunks('退货', 'zh')).toEqual([]);
  });

  it('keeps the last clauses of a very long message', () => {
    const text = Array.from({ length: 9 }, (_, i) => `clause number ${i}`).join(', ');
    const chunks = questionChunks(text, 'en');
    expect(chunks).toHaveLength(MAX_CHUNKS);
    expect(chunks.at(-1)).toBe('clause number 8');
  });
});
