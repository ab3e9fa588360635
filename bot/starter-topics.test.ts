import { describe, expect, it } from 'vitest';
import type { FaqEntry } from '../knowledge/index.ts';
import { AnsweredTally, byCategoryInTurn, starterTopics } from './starter-topics.ts';

const entry = (id: string, category?: string, extra: Partial<FaqEntry> = {}): FaqEntry => ({
  id, category, tags: [], related: [], status: 'published', variants: [{ lang: 'en', question: `Q ${id}`, alternates: [], answer: 'A' }], ...extra,
});

describe('starterTopics', () => {
  const entries = [entry('a1', 'orders'), entry('a2', 'orders'), entry('a3', 'orders'), entry('b1', 'delivery'), entry('hi', 'conversation', { kind: 'conversation' }),
    entry('c1', 'returns'), entry('d', undefined), entry('b2', 'delivery'), entry('draft', 'payments', { status: 'draft' })];
  const knowledge = {
    entries: () => entries,
    variant: (id: string, lang: string) => entries.find((e) => e.id === id)?.variants.find((v) => v.lang === lang),
    searchLanguage: () => 'en',
  };
  const history = (ids: string[]) => ({ mostAnsweredEntries: async () => ids.map((entryId, i) => ({ entryId, count: 10 - i })) });

  it('with no history, opens on one entry of each category in turn, never small talk or a draft', async () => {
    expect(byCategoryInTurn(entries.filter((e) => !e.kind && e.status === 'published'))).toEqual(['a1', 'b1', 'c1', 'd', 'a2', 'b2', 'a3']);
    expect((await starterTopics({ store: history([]), knowledge }, 'en', 4)).map((t) => t.entryId)).toEqual(['a1', 'b1', 'c1', 'd']);
    expect((await starterTopics({ store: history([]), knowledge }, 'en', 20)).map((t) => t.entryId)).toEqual(['a1', 'b1', 'c1', 'd', 'a2', 'b2', 'a3']);
  });

  it('opens a new install on the entries the editors tagged as starters, then fills up by category', async () => {
    const picks = entries.map((e) => (e.id === 'b2' || e.id === 'c1' || e.id === 'draft' ? { ...e, tags: ['starter'] } : e));
    const picked = { ...knowledge, entries: () => picks };
    // A draft is never a starter, even tagged; the picks come in the knowledge base's order.
    expect((await starterTopics({ store: history([]), knowledge: picked }, 'en', 4)).map((t) => t.entryId)).toEqual(['c1', 'b2', 'a1', 'b1']);
    // Once customers have asked, what they ask comes first.
    expect((await starterTopics({ store: history(['a3']), knowledge: picked }, 'en', 3)).map((t) => t.entryId)).toEqual(['a3', 'c1', 'b2']);
  });

  it('puts the most asked first, then fills up by category, each entry once, titled in the language asked', async () => {
    const topics = await starterTopics({ store: history(['a3', 'gone', 'hi', 'b1']), knowledge }, 'en', 4);
    expect(topics).toEqual([{ entryId: 'a3', title: 'Q a3' }, { entryId: 'b1', title: 'Q b1' }, { entryId: 'a1', title: 'Q a1' }, { entryId: 'c1', title: 'Q c1' }]);
  });

  it('leaves out the entries it is told to, the next in line taking their place', async () => {
    const topics = await starterTopics({ store: history(['a3', 'b1']), knowledge }, 'en', 3, new Set(['a3', 'a1']));
    expect(topics.map((t) => t.entryId)).toEqual(['b1', 'a2', 'c1']);
    expect(await starterTopics({ store: history([]), knowledge }, 'en', 3, new Set(entries.map((e) => e.id)))).toEqual([]);
  });
});

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

  it('keeps a count that took long for 300 times as long, so a long history costs the database a bounded share', async () => {
    let now = 0;
    let takesMs = 2_000;
    const asked: number[] = [];
    const tally = new AnsweredTally({
      async mostAnsweredEntries() {
        asked.push(now);
        now += takesMs;
        return [{ entryId: `top-${asked.length}`, count: 1 }];
      },
    }, { maxAgeMs: 60_000, now: () => now });
    expect((await tally.mostAnsweredEntries('pl', 3))[0]!.entryId).toBe('top-1');
    // Counted from 0 to 2 s: kept for 600 s from the start of the count, not 60 s.
    now = 599_000;
    expect((await tally.mostAnsweredEntries('pl', 3))[0]!.entryId).toBe('top-1');
    now = 600_000;
    takesMs = 10;
    expect((await tally.mostAnsweredEntries('pl', 3))[0]!.entryId).toBe('top-2');
    // A quick count is kept for the usual interval again.
    now = 660_000;
    expect((await tally.mostAnsweredEntries('pl', 3))[0]!.entryId).toBe('top-3');
    expect(asked).toEqual([0, 600_000, 660_000]);
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
