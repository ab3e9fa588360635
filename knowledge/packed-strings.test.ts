import { describe, expect, it } from 'vitest';
import { findPacked, packSorted } from './packed-strings.ts';

describe('packed strings', () => {
  it('finds each key by bisection, and nothing that is only a key\'s start or end', () => {
    const packed = packSorted(['apple', 'apples', 'banana', 'zebra']);
    expect(packed.text).toBe('apple\napples\nbanana\nzebra\n');
    for (const key of ['apple', 'apples', 'banana', 'zebra']) expect(findPacked(packed, key)).toBe(packed.text.indexOf(`${key}\n`) + key.length + 1);
    for (const key of ['appl', 'pples', 'bananas', '', 'zz']) expect(findPacked(packed, key), key).toBe(-1);
    expect(findPacked(packSorted([]), 'a')).toBe(-1);
  });

  it('reads what an entry holds after its key, when keys end with a character below their own', () => {
    const packed = packSorted(['a\u0001XY', 'a-dur\u0001Z', 'ab\u0001']);
    const after = (key: string) => {
      const at = findPacked(packed, key, '\u0001');
      return at < 0 ? undefined : packed.text.slice(at, packed.text.indexOf('\n', at));
    };
    expect([after('a'), after('a-dur'), after('ab'), after('b')]).toEqual(['XY', 'Z', '', undefined]);
  });
});
