import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPglite } from '../app/test-support.ts';
import { migrate, type Database } from '../bot/index.ts';
import { readEvents, recordEvent } from './index.ts';

describe('analytics events', () => {
  let db: Database;
  beforeAll(async () => {
    db = (await freshPglite()).db;
    await migrate(db);
  });
  afterAll(() => db.close());

  it('appends events and reads them back by kind and time', async () => {
    const at = new Date('2026-03-01T10:00:00Z');
    await recordEvent(db, { kind: 'help.search', at, lang: 'pl', data: { query: 'zwrot', results: 0 } });
    await recordEvent(db, { kind: 'help.view', at: new Date('2026-03-02T10:00:00Z'), lang: 'pl', entryId: 'returns' });
    const searches = await readEvents(db, ['help.search'], new Date('2026-03-01T00:00:00Z'), new Date('2026-03-03T00:00:00Z'));
    expect(searches).toHaveLength(1);
    expect(searches[0]).toMatchObject({ kind: 'help.search', lang: 'pl', entryId: null, data: { query: 'zwrot', results: 0 } });
    expect(searches[0]!.at.toISOString()).toBe(at.toISOString());
    const both = await readEvents(db, ['help.search', 'help.view'], new Date('2026-03-02T00:00:00Z'), new Date('2026-03-03T00:00:00Z'));
    expect(both.map((e) => e.kind)).toEqual(['help.view']);
  });

  it('is written inside the caller\'s transaction: a rollback leaves no event', async () => {
    await expect(db.transaction(async (tx) => {
      await recordEvent(tx, { kind: 'test.rolled-back' });
      throw new Error('boom');
    })).rejects.toThrow('boom');
    expect(await readEvents(db, ['test.rolled-back'], new Date(0), new Date(Date.now() + 60_000))).toEqual([]);
  });
});
