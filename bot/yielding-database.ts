import type { Database, SqlTransaction } from './db.ts';
import { LoopTurns } from './loop-turns.ts';

/**
 * The embedded database with its statements spread over iterations of the event loop. PGlite
 * runs every statement synchronously on the main thread and its promises resolve as microtasks,
 * so the statements of the turns being answered chain from one to the next without letting
 * Node read a request. Here each statement (a transaction counts as one: its lock is held for
 * as short a time as before) first waits for its turn of the loop (`LoopTurns`); the
 * statements of a request a client is waiting on skip the line through `urgent` (storing a
 * webhook before its acknowledgement, readiness checks).
 * PostgreSQL needs none of this: each of its statements is a network round trip already.
 */
export function yieldingDatabase(inner: Database, turns = new LoopTurns()): Database {
  return {
    kind: inner.kind,
    urgent: inner.urgent ?? inner,
    async query<T>(sql: string, params?: unknown[]) {
      await turns.next();
      return inner.query<T>(sql, params);
    },
    async exec(sql: string) {
      await turns.next();
      return inner.exec(sql);
    },
    async transaction<T>(fn: (tx: SqlTransaction) => Promise<T>) {
      await turns.next();
      return inner.transaction(fn);
    },
    close: () => inner.close(),
  };
}
