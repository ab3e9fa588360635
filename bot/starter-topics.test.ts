import { describe, expect, it } from 'vitest';
import { AnsweredTally } from './starter-topics.ts';

/** A tally source that counts how often it was asked, with answers that change between asks. */
function countingStore() {
  const asked: Array<[string, number]> = [];
  let round = 0;
  return {
    asked,
    next: () => round++,
    async mostAnsweredEntries(lang: string, limit: number) {
      asked.push([lang, limit]);
      return [{ entryId: `${lang}-top-${round}`, count: 9 }, { entryId: `${lang}-second`, count: 3 }].slice(0, limit);
    },
  };
}

describe('AnsweredTally', () => {
  it('counts once per language and interval, shared by concurrent askers, and again once the interval passed', async () => {
    const store = countingStore();
    let now = 1_000;
    const tally = new AnsweredTally(store, { maxAgeMs: 60_000, now: () => now });
    const [a, b] = await Promise.all([tally.mostAnsweredEntries('pl', 10), tally.mostAnsweredEntries('pl', 10)]);
    expect(a).toEqual(b);
    expect(await tally.mostAnsweredEntries('pl', 1)).toEqual([{ entryId: 'pl-top-0', count: 9 }]);
    await tally.mostAnsweredEntries('en', 10);
    expect(store.asked).toEqual([['pl', 10], ['en', 10]]);
    store.next();
    now += 59_999;
    expect((await tally.mostAnsweredEntries('pl', 10))[0]!.entryId).toBe('pl-top-0');
    now += 1;
    expect((await tally.mostAnsweredEntries('pl', 10))[0]!.entryId).toBe('pl-top-1');
    // A longer list than the one counted is counted again.
    await tally.mostAnsweredEntries('pl', 20);
    expect(store.asked).toEqual([['pl', 10], ['en', 10], ['pl', 10], ['pl', 20]]);
  });

  it('does not keep a failed count', async () => {
    let fail = true;
    const tally = new AnsweredTally({
      async mostAnsweredEntries() {
        if (fail) throw new Error('database away');
        return [{ entryId: 'e1', count: 1 }];
      },
    });
    await expect(tally.mostAnsweredEntries('en', 3)).rejects.toThrow('database away');
    fail = false;
    expect(await tally.mostAnsweredEntries('en', 3)).toEqual([{ entryId: 'e1', count: 1 }]);
  });
});
