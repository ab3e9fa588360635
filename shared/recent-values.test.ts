import { describe, expect, it } from 'vitest';
import { RecentValues } from './recent-values.ts';

describe('RecentValues', () => {
  it('computes a key once while it is kept, and drops the one kept longest beyond its bound', () => {
    const recent = new RecentValues<string>(2);
    const computed: string[] = [];
    const get = (key: string) => recent.get(key, () => { computed.push(key); return key.toUpperCase(); });
    expect([get('a'), get('a'), get('b')]).toEqual(['A', 'A', 'B']);
    expect(computed).toEqual(['a', 'b']);
    get('c');
    get('b');
    get('a');
    expect(computed).toEqual(['a', 'b', 'c', 'a']);
  });
});
