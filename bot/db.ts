import { mkdir } from 'node:fs/promises';
import { preparedStatements } from './pglite-statements.mjs';

/** The few SQL calls the stores need; PGlite and node-postgres both provide them. */
export interface SqlClient {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

/** A transaction's client: queries, and statements without parameters (migrations). */
export interface SqlTransaction extends SqlClient {
  /** Run one or more `;`-separated statements (the simple query protocol), inside the transaction. */
  exec(sql: string): Promise<void>;
}

/**
 * `fn` between BEGIN and COMMIT on a session of its own (`tx`); when it or the commit throws, a
 * ROLLBACK (whose own failure is ignored: the session may be gone) and the error again.
 */
export async function runInTransaction<T>(tx: SqlTransaction, fn: (tx: SqlTransaction) => Promise<T>): Promise<T> {
  try {
    await tx.exec('BEGIN');
    const result = await fn(tx);
    await tx.exec('COMMIT');
    return result;
  } catch (err) {
    await tx.exec('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/** A PostgreSQL-dialect database: embedded PGlite or a PostgreSQL server. */
export interface Database extends SqlClient {
  readonly kind: 'pglite' | 'postgres';
  /** Run statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Run `fn` in one transaction; rolled back if it throws. */
  transaction<T>(fn: (tx: SqlTransaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /**
   * The same database for statements a waiting client needs answered before anything else
   * (storing a webhook before its acknowledgement): set where ordinary statements wait for
   * their turn of the event loop (see yieldingDatabase). Use `db.urgent ?? db`.
   */
  readonly urgent?: Database;
}

/**
 * PostgreSQL's buffer cache inside PGlite's WASM memory. PostgreSQL's default (128 MB, which
 * initdb writes into the data folder's postgresql.conf) is resident in full once touched and was
 * the largest single part of a server's memory at rest; the operating system's page cache still
 * holds the files, so a smaller cache costs a read call on a miss, not a disk read.
 */
export const PGLITE_SHARED_BUFFERS = '16MB';

/** An embedded database, which can also be written out whole (see openPglite's `loadDataDir`). */
export interface PgliteDatabase extends Database {
  readonly kind: 'pglite';
  /** The whole data folder as an uncompressed tar archive. */
  dump(): Promise<Blob>;
}

/**
 * Embedded PostgreSQL (WASM) persisted to a folder; pass undefined for in-memory. `loadDataDir`
 * starts from a dump (PgliteDatabase.dump) instead of an empty cluster, which skips initdb.
 */
export async function openPglite(dir?: string, o: { loadDataDir?: Blob } = {}): Promise<PgliteDatabase> {
  const { PGlite } = await import('@electric-sql/pglite');
  if (dir) await mkdir(dir, { recursive: true });
  // Start parameters apply to every open, whatever postgresql.conf says (a command-line -c wins).
  // Durability against a killed process, not an operating system crash: PGlite's defaults already
  // turn fsync off (-F), and a write(2) that returned is in the page cache, which outlives the
  // process. Left as they are, measured (eval/HISTORY.md, "Chat CPU: prepared statements on the
  // embedded database"): synchronous_commit=off would keep a commit's WAL in the WASM memory until
  // a later flush (single-user PostgreSQL has no WAL writer), so a kill -9 loses acknowledged
  // messages; full_page_writes=off leaves a page torn by a kill in the middle of its write (Linux
  // may stop a write between 4 kB pages for a fatal signal) without the image to repair it;
  // wal_level=minimal only spares WAL for bulk loads, not rows. Checkpoints are rare in single-user
  // mode (only when max_wal_size fills). None of them changed the CPU of a chat turn's statements.
  const options = { startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${PGLITE_SHARED_BUFFERS}`], loadDataDir: o.loadDataDir };
  const db = dir ? await PGlite.create(dir, options) : await PGlite.create(options);
  // Statements by name, each planned once (bot/pglite-statements.mjs), under PGlite's locks as its
  // own `query` takes them: outside a transaction both, inside one (which holds the first) the second.
  const prepared = preparedStatements(db);
  const outside = <T>(fn: () => Promise<T>) => db._runExclusiveTransaction(() => db._runExclusiveQuery(fn));
  return {
    kind: 'pglite',
    query: <T>(sql: string, params?: unknown[]) => outside(() => prepared.query<T>(sql, params)),
    async exec(sql: string) {
      await db.exec(sql);
      await outside(() => prepared.forget());
    },
    transaction<T>(fn: (tx: SqlTransaction) => Promise<T>) {
      return db.transaction((tx) => fn({
        query: <R>(sql: string, params?: unknown[]) => db._runExclusiveQuery(() => prepared.query<R>(sql, params)),
        exec: async (sql: string) => {
          await tx.exec(sql);
          await db._runExclusiveQuery(() => prepared.forget());
        },
      }));
    },
    dump: () => db.dumpDataDir('none') as Promise<Blob>,
    async close() {
      await db.close();
    },
  };
}

/** Connections per instance for ordinary statements (turns, background work). */
const POSTGRES_CONNECTIONS = 10;
/**
 * Connections per instance kept for the statements a waiting client needs first (`urgent`:
 * storing a webhook before its acknowledgement, readiness). With every ordinary connection busy
 * answering turns, they used to queue behind them: at 200 concurrent webhooks on two instances,
 * the acknowledgement's p99 went past a second.
 */
const POSTGRES_URGENT_CONNECTIONS = 2;

/** A PostgreSQL server, for several instances sharing one database. */
export async function openPostgres(url: string): Promise<Database> {
  const { default: pg } = await import('pg');
  const pools = [new pg.Pool({ connectionString: url, max: POSTGRES_CONNECTIONS }), new pg.Pool({ connectionString: url, max: POSTGRES_URGENT_CONNECTIONS })];
  // Surface connection errors instead of crashing on an idle client's error event.
  for (const p of pools) p.on('error', () => undefined);
  // Either lane closes both, once.
  let closing: Promise<unknown> | undefined;
  const over = (pool: (typeof pools)[number]): Database => ({
    kind: 'postgres',
    async query<T>(sql: string, params?: unknown[]) {
      return (await pool.query(sql, params as unknown[])).rows as T[];
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
    async transaction<T>(fn: (tx: SqlTransaction) => Promise<T>) {
      const client = await pool.connect();
      try {
        return await runInTransaction({
          query: async <R>(sql: string, params?: unknown[]) => (await client.query(sql, params as unknown[])).rows as R[],
          // No parameters: node-postgres sends the text as one simple query, several statements allowed.
          exec: async (sql: string) => { await client.query(sql); },
        }, fn);
      } finally {
        client.release();
      }
    },
    async close() {
      await (closing ??= Promise.all(pools.map((p) => p.end())));
    },
  });
  return { ...over(pools[0]!), urgent: over(pools[1]!) };
}
