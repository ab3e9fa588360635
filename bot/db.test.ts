import { describe, expect, it } from 'vitest';
import { freshPglite, freshPostgres } from '../app/test-support.ts';
import { openPostgres, PGLITE_SHARED_BUFFERS } from './db.ts';

describe('openPglite', () => {
  it('runs with the small buffer cache, whatever the data folder\'s postgresql.conf says (128MB from initdb)', async () => {
    const pg = await freshPglite();
    try {
      const [row] = await pg.db.query<{ shared_buffers: string }>('show shared_buffers');
      expect(row!.shared_buffers).toBe(PGLITE_SHARED_BUFFERS);
      expect(PGLITE_SHARED_BUFFERS).not.toBe('128MB');
    } finally {
      await pg.cleanup();
    }
  });
});

describe('openPostgres', () => {
  it('answers urgent statements while every ordinary connection is busy', async () => {
    const pg = await freshPostgres();
    const db = await openPostgres(pg.url);
    try {
      // Ten turns' worth of statements hold every ordinary connection until released.
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const holders = Array.from({ length: 10 }, () => db.transaction(async (tx) => {
        await tx.query('select 1');
        await released;
      }));
      let ordinaryAnswered = false;
      const ordinary = db.query('select 2 as n').then(() => (ordinaryAnswered = true));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(ordinaryAnswered).toBe(false);
      // Storing a webhook before its acknowledgement does not wait for them.
      expect(await db.urgent!.query<{ n: number }>('select 3 as n')).toEqual([{ n: 3 }]);
      expect(ordinaryAnswered).toBe(false);
      release();
      await Promise.all([...holders, ordinary]);
      expect(ordinaryAnswered).toBe(true);
    } finally {
      await db.close();
      // Either lane closes both, once.
      await db.urgent!.close();
      await pg.cleanup();
    }
  });
});
