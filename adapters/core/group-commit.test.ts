import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit.ts';

/** A write that takes a moment and records each call's items. */
function slowWrite(fail: (items: number[]) => boolean = () => false) {
  const calls: number[][] = [];
  return {
    calls,
    write: async (items: number[]) => {
      calls.push(items);
      await new Promise((r) => setTimeout(r, 5));
      if (fail(items)) throw new Error(`refused ${items.join(',')}`);
    },
  };
}

describe('GroupCommit', () => {
  it('writes the callers of one iteration of the event loop together, and those that came during the write next, in order', async () => {
    const w = slowWrite();
    const group = new GroupCommit(w.write);
    const first = [group.add([1]), group.add([2, 3])];
    // Read in a later iteration, while the first write is in flight.
    await new Promise((r) => setImmediate(r));
    expect(w.calls).toEqual([[1, 2, 3]]);
    const later = [group.add([4]), group.add([5])];
    await Promise.all([...first, ...later]);
    expect(w.calls).toEqual([[1, 2, 3], [4, 5]]);
    await group.add([6]);
    expect(w.calls.at(-1)).toEqual([6]);
  });

  it('groups callers of one iteration even when the write itself completes at once (the embedded database)', async () => {
    const calls: number[][] = [];
    const group = new GroupCommit(async (items: number[]) => { calls.push(items); });
    await Promise.all([group.add([1]), group.add([2]), group.add([3])]);
    expect(calls).toEqual([[1, 2, 3]]);
  });

  it('settles a caller only once its own items are written', async () => {
    const w = slowWrite();
    const group = new GroupCommit(w.write);
    const settled: number[] = [];
    await Promise.all([1, 2, 3].map((n) => group.add([n]).then(() => settled.push(n))));
    expect(settled).toEqual([1, 2, 3]);
    expect(w.calls.flat()).toEqual([1, 2, 3]);
  });

  it("gives each caller the write's results for its own items, also when the group was written caller by caller", async () => {
    const group = new GroupCommit(async (items: number[]) => {
      if (items.includes(13) && items.length > 1) throw new Error('refused');
      return items.map((n) => n * 10);
    });
    expect(await Promise.all([group.add([1]), group.add([2, 3]), group.add([4])])).toEqual([[10], [20, 30], [40]]);
    expect(await Promise.all([group.add([5]), group.add([13, 6])]).catch(String)).toBe('Error: refused');
    expect(await Promise.all([group.add([7]), group.add([13])])).toEqual([[70], [130]]);
    expect(await new GroupCommit(async (_: number[]) => undefined).add([1])).toEqual([]);
  });

  it('keeps a group within maxItems, never splitting a caller', async () => {
    const w = slowWrite();
    const group = new GroupCommit(w.write, 3);
    await Promise.all([group.add([1]), group.add([2, 3]), group.add([4, 5]), group.add([6, 7, 8, 9]), group.add([10])]);
    expect(w.calls).toEqual([[1, 2, 3], [4, 5], [6, 7, 8, 9], [10]]);
  });

  it('fails only the caller whose items the write refuses', async () => {
    const w = slowWrite((items) => items.includes(13));
    const group = new GroupCommit(w.write);
    const results = await Promise.allSettled([group.add([1]), group.add([12]), group.add([13]), group.add([14])]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((results[2] as PromiseRejectedResult).reason.message).toBe('refused 13');
    // Grouped first, then caller by caller once the group failed.
    expect(w.calls).toEqual([[1, 12, 13, 14], [1], [12], [13], [14]]);
  });
});
