import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, SqlTransaction } from './db.ts';
import { LoopTurns } from './loop-turns.ts';
import { yieldingDatabase } from './yielding-database.ts';

/**
 * A database like PGlite as the main thread sees it: every statement runs synchronously and its
 * promise resolves as a microtask, so a chain of statements never lets the event loop turn.
 * Counts the statements run and records their order.
 */
function microtaskDatabase() {
  const ran: string[] = [];
  const db: Database = {
    kind: 'pglite',
    async query<T>(sql: string) {
      ran.push(sql);
      return [] as T[];
    },
    async exec(sql: string) {
      ran.push(sql);
    },
    async transaction<T>(fn: (tx: SqlTransaction) => Promise<T>) {
      ran.push('begin');
      const out = await fn({ query: db.query, exec: db.exec });
      ran.push('commit');
      return out;
    },
    async close() {},
  };
  return { db, ran };
}

/** `turns` conversations answered at once, each `steps` statements in a row; resolves when all are done. */
function answerBacklog(db: Database, turns: number, steps: number, progress: { done: number }) {
  return Promise.all(Array.from({ length: turns }, async (_, t) => {
    for (let s = 0; s < steps; s++) {
      await db.query(`turn ${t} step ${s}`);
      progress.done++;
    }
  }));
}

/** GET a path of a local server; resolves with the statements run by then. */
function probe(server: Server, path: string, progress: { done: number }): Promise<number> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(progress.done));
    }).on('error', reject);
  });
}

describe('LoopTurns', () => {
  it('serves one waiter per iteration of the event loop, in order', async () => {
    const turns = new LoopTurns();
    const order: string[] = [];
    const waiters = [1, 2, 3].map((n) => turns.next().then(() => order.push(`turn ${n}`)));
    // Queued after the first turn's immediate: runs in the same iteration, before the second turn.
    setImmediate(() => order.push('other work'));
    await Promise.all(waiters);
    expect(order).toEqual(['turn 1', 'other work', 'turn 2', 'turn 3']);
    expect(turns.granted).toBe(3);
    expect(turns.pending).toBe(0);
  });
});

describe('yieldingDatabase', () => {
  let server: Server;
  beforeAll(async () => {
    server = createServer((req, res) => res.end(req.url));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('lets a health check be answered while a backlog of statements is being run', async () => {
    const { db } = microtaskDatabase();
    const progress = { done: 0 };
    const total = 20 * 50;
    const backlog = answerBacklog(yieldingDatabase(db), 20, 50, progress);
    const doneWhenAnswered = await probe(server, '/api/health', progress);
    await backlog;
    // Answered between statements, long before the last one: the loop kept turning.
    expect(doneWhenAnswered).toBeLessThan(total / 2);
    expect(progress.done).toBe(total);
  });

  it('is what keeps the loop turning: the same backlog on the bare database starves the check', async () => {
    const { db } = microtaskDatabase();
    const progress = { done: 0 };
    const backlog = answerBacklog(db, 20, 50, progress);
    const doneWhenAnswered = await probe(server, '/api/health', progress);
    await backlog;
    expect(doneWhenAnswered).toBe(20 * 50);
  });

  it('runs urgent statements at once, ahead of the statements waiting for their turn', async () => {
    const { db, ran } = microtaskDatabase();
    const fair = yieldingDatabase(db);
    const waiting = [fair.query('a'), fair.query('b'), fair.exec('c')];
    await fair.urgent!.query('acknowledge');
    expect(ran).toEqual(['acknowledge']);
    await Promise.all(waiting);
    expect(ran).toEqual(['acknowledge', 'a', 'b', 'c']);
  });

  it('runs a transaction as one step: its statements do not wait, so its lock is held no longer than before', async () => {
    const { db, ran } = microtaskDatabase();
    const turns = new LoopTurns();
    const fair = yieldingDatabase(db, turns);
    const result = await fair.transaction(async (tx) => {
      await tx.query('one');
      await tx.query('two');
      return 'ok';
    });
    expect(result).toBe('ok');
    expect(ran).toEqual(['begin', 'one', 'two', 'commit']);
    expect(turns.granted).toBe(1);
  });

  it('keeps the kind and closes the database underneath', async () => {
    let closed = false;
    const { db } = microtaskDatabase();
    const fair = yieldingDatabase({ ...db, close: async () => { closed = true; } });
    expect(fair.kind).toBe('pglite');
    await fair.close();
    expect(closed).toBe(true);
  });
});
