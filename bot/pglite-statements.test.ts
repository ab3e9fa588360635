import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPglite } from '../app/test-support.ts';
import type { PgliteDatabase } from './db.ts';

// openPglite runs every statement through bot/pglite-statements.mjs.
describe('prepared statements on PGlite', () => {
  let pg: { db: PgliteDatabase; cleanup(): Promise<void> };
  beforeAll(async () => {
    pg = await freshPglite();
  });
  afterAll(async () => {
    await pg?.cleanup();
  });

  it('returns the same rows and types on every use of a statement (JSON, dates, arrays, nulls, no rows)', async () => {
    const { db } = pg;
    await db.exec('create table p_rows (id serial primary key, data jsonb, at timestamptz, tags text[], note text)');
    const at = new Date('2026-01-02T03:04:05Z');
    for (let i = 1; i <= 8; i++) {
      // More uses than PostgreSQL's custom plans (5): the generic plan answers the same.
      const [row] = await db.query('insert into p_rows (data, at, tags, note) values ($1, $2, $3, $4) returning *', [JSON.stringify({ n: i }), at, ['a', `b${i}`], null]);
      expect(row).toEqual({ id: i, data: { n: i }, at, tags: ['a', `b${i}`], note: null });
    }
    expect(await db.query('update p_rows set note = $1 where id = $2', ['x', 99])).toEqual([]);
    expect(await db.query('select count(*)::int as n from p_rows where id > $1', [4])).toEqual([{ n: 4 }]);
  });

  it('keeps PostgreSQL\'s error fields and the statement, and the statement works afterwards', async () => {
    const { db } = pg;
    await db.exec('create table p_errors (id int primary key)');
    const insert = 'insert into p_errors values ($1)';
    await db.query(insert, [1]);
    const err = await db.query(insert, [1]).catch((e: unknown) => e) as Error & { code?: string; query?: string };
    expect(err.code).toBe('23505');
    expect(err.query).toBe(insert);
    await db.query(insert, [2]);
    await expect(db.query('selec 1')).rejects.toMatchObject({ code: '42601' });
    expect(await db.query('select count(*)::int as n from p_errors')).toEqual([{ n: 2 }]);
  });

  it('answers a `select *` with the table\'s new columns after DDL, by exec or by query', async () => {
    const { db } = pg;
    await db.exec('create table p_ddl (id int)');
    await db.query('insert into p_ddl values (1)');
    const all = 'select * from p_ddl';
    expect(await db.query(all)).toEqual([{ id: 1 }]);
    await db.exec('alter table p_ddl add column a text');
    expect(await db.query(all)).toEqual([{ id: 1, a: null }]);
    await db.query('alter table p_ddl add column b text');
    expect(await db.query(all)).toEqual([{ id: 1, a: null, b: null }]);
  });

  it('runs statements inside a transaction by name, and rolls them back with it', async () => {
    const { db } = pg;
    await db.exec('create table p_tx (id int)');
    await expect(db.transaction(async (tx) => {
      await tx.query('insert into p_tx values ($1)', [1]);
      expect(await tx.query('select count(*)::int as n from p_tx')).toEqual([{ n: 1 }]);
      throw new Error('changed my mind');
    })).rejects.toThrow('changed my mind');
    expect(await db.query('select count(*)::int as n from p_tx')).toEqual([{ n: 0 }]);
  });

  it('keeps answering when more statements are used than it keeps prepared', async () => {
    const { db } = pg;
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 230; i++) expect(await db.query(`select $1::int + ${i} as n`, [round])).toEqual([{ n: round + i }]);
    }
  });
});
