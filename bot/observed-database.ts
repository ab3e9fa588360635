import type { Database, SqlClient } from './db.ts';

/** What `observedDatabase` reports, before each runs. */
export interface StatementObserver {
  /** A statement and its parameters, inside transactions too (not the database's own `exec`: migrations). */
  statement(sql: string, params: unknown[]): void;
  /** A transaction. */
  transaction?(): void;
}

/**
 * `db` with the statements it runs reported to `observer`: for counting a turn's statements and
 * explaining their plans (the turn-cost bench, the long-history test). Runs them as `db` does.
 */
export function observedDatabase(db: Database, observer: StatementObserver): Database {
  const reported = (c: SqlClient): SqlClient['query'] => (sql, params) => {
    observer.statement(sql, params ?? []);
    return c.query(sql, params);
  };
  return {
    kind: db.kind,
    query: reported(db),
    exec: (sql) => db.exec(sql),
    transaction: (fn) => {
      observer.transaction?.();
      return db.transaction((tx) => fn({
        query: reported(tx),
        exec: (sql) => {
          observer.statement(sql, []);
          return tx.exec(sql);
        },
      }));
    },
    close: () => db.close(),
  };
}
