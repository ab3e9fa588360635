import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './db.ts';
import { openPgliteThread } from './pglite-thread.ts';

describe('openPgliteThread', () => {
  // One database for the file (each opening runs initdb): every test makes its own table.
  let db: Database;
  beforeAll(async () => {
    db = await openPgliteThread();
  });
  afterAll(async () => {
    await db?.close();
  });

  it('runs statements with parameters and returns rows as PGlite does (dates, JSON, nulls)', async () => {
    await db.exec('create table rows_t (id serial primary key, name text, data jsonb, at timestamptz)');
    const at = new Date('2026-01-02T03:04:05Z');
    const [row] = await db.query<{ id: number; name: string; data: { a: number[] }; at: Date }>(
      'insert into rows_t (name, data, at) values ($1, $2, $3) returning *', ['zwrot pieniędzy', JSON.stringify({ a: [1, 2] }), at]);
    expect(row).toEqual({ id: 1, name: 'zwrot pieniędzy', data: { a: [1, 2] }, at });
    expect(row!.at).toBeInstanceOf(Date);
    expect(await db.query('select name from rows_t where id = $1', [2])).toEqual([]);
  });

  it('rejects a failing statement with PostgreSQL\'s fields and goes on', async () => {
    await db.exec('create table errors_t (id int primary key)');
    await db.query('insert into errors_t values (1)');
    const err = await db.query('insert into errors_t values (1)').catch((e: unknown) => e) as Error & { code?: string };
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toMatch(/duplicate key/);
    expect(err.code).toBe('23505');
    expect(await db.query('select count(*)::int as n from errors_t')).toEqual([{ n: 1 }]);
  });

  it('commits a transaction, rolls back one that throws, and keeps other statements out of it', async () => {
    await db.exec('create table tx_t (id int primary key)');
    const order: string[] = [];
    let outside: Promise<unknown> | undefined;
    await db.transaction(async (tx) => {
      await tx.query('insert into tx_t values (1)');
      // Sent while the transaction holds the session: it runs after the commit, outside it.
      outside = db.query<{ n: number }>('select count(*)::int as n from tx_t').then((r) => order.push(`outside saw ${r[0]!.n}`));
      await tx.query('insert into tx_t values (2)');
      order.push('transaction done');
    });
    await outside;
    expect(order).toEqual(['transaction done', 'outside saw 2']);
    await expect(db.transaction(async (tx) => {
      await tx.query('insert into tx_t values (3)');
      throw new Error('changed my mind');
    })).rejects.toThrow('changed my mind');
    expect(await db.query('select id from tx_t order by id')).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('sends urgent statements ahead of ordinary ones still waiting', async () => {
    await db.exec('create table urgent_t (n int)');
    const done: string[] = [];
    // The first keeps the thread busy while the rest are sent: the thread runs in parallel with
    // this one, and on a loaded machine it ran several ordinary statements as they arrived, before
    // the urgent one was even sent (8th of 41 in one CI run).
    const ordinary = [
      db.query('select pg_sleep(0.5)').then(() => done.push('first')),
      ...Array.from({ length: 40 }, (_, i) => db.query('insert into urgent_t values ($1)', [i]).then(() => done.push(`ordinary ${i}`))),
    ];
    const urgent = db.urgent!.query('select 1').then(() => done.push('urgent'));
    await Promise.all([...ordinary, urgent]);
    // Sent at once, past the ordinary ones waiting here and those the thread holds, and run
    // first: at most the statement the thread had started runs before it.
    expect(done.indexOf('urgent')).toBeLessThanOrEqual(1);
    expect(await db.query('select count(*)::int as n from urgent_t')).toEqual([{ n: 40 }]);
  });

  it('runs an urgent statement the thread received after ordinary ones before them', async () => {
    await db.exec('create table ahead_t (n int)');
    const done: string[] = [];
    // Fewer than the statements sent ahead, so all are sent to the thread at once; the first keeps
    // it busy should it start before the rest are read.
    const ordinary = [
      db.query('select pg_sleep(0.2)').then(() => done.push('first')),
      ...Array.from({ length: 5 }, (_, i) => db.query('insert into ahead_t values ($1)', [i]).then(() => done.push(`ordinary ${i}`))),
    ];
    const urgent = db.urgent!.query('select 1').then(() => done.push('urgent'));
    await Promise.all([...ordinary, urgent]);
    // In arrival order it would run last.
    expect(done.indexOf('urgent')).toBeLessThanOrEqual(1);
    expect(done.filter((d) => d !== 'urgent')).toEqual(['first', 'ordinary 0', 'ordinary 1', 'ordinary 2', 'ordinary 3', 'ordinary 4']);
  });

  it('keeps an urgent statement out of a transaction holding the session', async () => {
    await db.exec('create table urgent_tx_t (id int primary key)');
    let seen: number | undefined;
    let urgent: Promise<unknown> | undefined;
    await db.transaction(async (tx) => {
      await tx.query('insert into urgent_tx_t values (1)');
      urgent = db.urgent!.query<{ n: number }>('select count(*)::int as n from urgent_tx_t').then((r) => (seen = r[0]!.n));
      await tx.query('insert into urgent_tx_t values (2)');
    });
    await urgent;
    expect(seen).toBe(2);
  });

  it('opens a folder whose parents do not exist yet, and refuses statements after close', async () => {
    const parent = await mkdtemp(path.join(os.tmpdir(), 'pglite-thread-'));
    const closing = await openPgliteThread(path.join(parent, 'data', 'db'));
    expect(await closing.query('select 1 as ok')).toEqual([{ ok: 1 }]);
    await closing.close();
    await expect(closing.query('select 1')).rejects.toThrow(/closed/);
    await rm(parent, { recursive: true, force: true });
  });
});
