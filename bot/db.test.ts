import { describe, expect, it } from 'vitest';
import { freshPglite } from '../app/test-support.ts';
import { PGLITE_SHARED_BUFFERS } from './db.ts';

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
