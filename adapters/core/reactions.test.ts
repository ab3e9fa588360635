import { describe, expect, it } from 'vitest';
import { reactionVerdict } from './reactions.ts';

describe('reactionVerdict', () => {
  it('reads thumbs and hearts as verdicts, in any skin tone; other emoji say nothing', () => {
    expect(['👍', '👍🏽', '❤️', '🙏🏻'].map(reactionVerdict)).toEqual([true, true, true, true]);
    expect(['👎', '👎🏿', '😡', '😢'].map(reactionVerdict)).toEqual([false, false, false, false]);
    expect(['😂', '😮', '', undefined, 'ok'].map(reactionVerdict)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });
});
