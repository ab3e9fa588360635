import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { PGLITE_SHARED_BUFFERS, runInTransaction, type Database, type SqlTransaction } from './db.ts';

/** What the main thread asks the worker (bot/pglite-worker.mjs): a statement with parameters, statements without (exec), or closing. */
type PgliteRequest = { id: number; op: 'query'; sql: string; params?: unknown[]; urgent?: boolean } | { id: number; op: 'exec'; sql: string; urgent?: boolean } | { id: number; op: 'close' };
/** The answer to one request: its rows, or the error's message and PostgreSQL fields (code, detail…). */
type PgliteReply = { id: number; rows?: unknown[]; error?: { message: string; fields: Record<string, unknown> } };

/** Ordinary statements sent to the worker and not answered yet, at most: the worker always has the next one queued. `urgent` ones are sent past it, and run first. */
const IN_FLIGHT = 8;

type Job =
  | { kind: 'statement'; op: 'query' | 'exec'; sql: string; params?: unknown[]; resolve(rows: unknown[]): void; reject(err: unknown): void }
  | { kind: 'transaction'; start(): void };

let compiledPglite: Promise<WebAssembly.Module> | undefined;

/**
 * PGlite's WebAssembly, compiled once per process and handed to every database thread: a module
 * is shared between a process's threads with the code V8 compiled for it, where each thread
 * compiling its own copy cost about a second of CPU per open. A process opens one database
 * thread (the server); the tests open dozens in each worker process.
 */
function pgliteModule(): Promise<WebAssembly.Module> {
  compiledPglite ??= (async () => WebAssembly.compile(await readFile(createRequire(import.meta.url).resolve('@electric-sql/pglite/pglite.wasm'))))();
  return compiledPglite;
}

/**
 * The embedded database (PGlite, the same as `openPglite`: a folder, or in memory without one) on a worker thread. PGlite executes
 * every statement synchronously where it runs: on the main thread that CPU (about half of a
 * chat message's) competes with reading requests, matching and embedding; here it runs on the
 * second core while the main thread goes on, and each statement is an asynchronous round trip
 * as with a PostgreSQL server.
 *
 * One session, as PGlite has: statements run in the order they are sent, and while a
 * transaction runs, other statements wait for its end. `urgent` statements (storing a webhook
 * before its acknowledgement, readiness checks) go ahead of the ordinary ones still waiting, here
 * and on the thread (which holds up to `IN_FLIGHT` sent ahead): one waits for at most the
 * statement running, or for the transaction holding the session. Transactions hold the session
 * across round trips through the main thread's event loop: keep them off paths that run under load.
 * Errors carry PGlite's fields (`code`, `detail`…) on a plain Error.
 */
export async function openPgliteThread(dir?: string): Promise<Database> {
  // The same start parameters as openPglite.
  const worker = new Worker(new URL('./pglite-worker.mjs', import.meta.url), { workerData: { dir, startParams: ['-c', `shared_buffers=${PGLITE_SHARED_BUFFERS}`], wasmModule: await pgliteModule() } });
  await new Promise<void>((resolve, reject) => {
    const failed = (err: unknown) => reject(err instanceof Error ? err : new Error(`the database thread stopped while opening (${String(err)})`));
    worker.once('message', (m: { ready: boolean; error?: string }) => {
      worker.off('error', failed);
      worker.off('exit', failed);
      if (m.ready) resolve();
      else reject(new Error(`the database could not be opened: ${m.error}`));
    });
    worker.once('error', failed);
    worker.once('exit', failed);
  });

  const waiting: Job[] = [];
  const urgentWaiting: Job[] = [];
  /** While a transaction holds the session: its own statements, which alone may be sent. */
  let inTransaction: Job[] | undefined;
  const sent = new Map<number, Extract<Job, { kind: 'statement' }>>();
  let nextId = 1;
  let stopped: Error | undefined;

  const pump = () => {
    for (;;) {
      // Urgent statements are sent at once, past the limit: the thread runs them next anyway, and
      // waiting for a free slot meant waiting for this busy event loop to read a reply first.
      const urgent = !inTransaction && urgentWaiting.length > 0;
      if (!urgent && sent.size >= IN_FLIGHT) return;
      const job = urgent ? urgentWaiting.shift() : inTransaction ? inTransaction.shift() : waiting.shift();
      if (!job) return;
      if (job.kind === 'transaction') {
        inTransaction = [];
        job.start();
        continue;
      }
      if (stopped) {
        job.reject(stopped);
        continue;
      }
      const id = nextId++;
      sent.set(id, job);
      worker.postMessage({ id, op: job.op, sql: job.sql, params: job.params, urgent } as PgliteRequest);
    }
  };
  worker.on('message', (m: PgliteReply) => {
    const job = sent.get(m.id);
    if (!job) return;
    sent.delete(m.id);
    if (m.error) job.reject(Object.assign(new Error(m.error.message), m.error.fields));
    else job.resolve(m.rows ?? []);
    pump();
  });
  const stop = (err: Error) => {
    stopped ??= err;
    for (const job of sent.values()) job.reject(stopped);
    sent.clear();
    pump();
  };
  worker.on('error', (err) => stop(err));
  worker.on('exit', (code) => stop(new Error(`the database thread exited (${code})`)));

  const statement = (queue: Job[], op: 'query' | 'exec', sql: string, params?: unknown[]) => new Promise<unknown[]>((resolve, reject) => {
    if (stopped) return reject(stopped);
    queue.push({ kind: 'statement', op, sql, params, resolve, reject });
    pump();
  });

  const session = (queue: () => Job[]): Database => ({
    kind: 'pglite',
    query: async <T>(sql: string, params?: unknown[]) => await statement(queue(), 'query', sql, params) as T[],
    exec: async (sql: string) => void await statement(queue(), 'exec', sql),
    async transaction<T>(fn: (tx: SqlTransaction) => Promise<T>): Promise<T> {
      await new Promise<void>((start) => {
        queue().push({ kind: 'transaction', start });
        pump();
      });
      const own = inTransaction!;
      const tx: SqlTransaction = {
        query: async <R>(sql: string, params?: unknown[]) => await statement(own, 'query', sql, params) as R[],
        exec: async (sql: string) => void await statement(own, 'exec', sql),
      };
      try {
        return await runInTransaction(tx, fn);
      } finally {
        // Statements of a transaction are awaited in turn: none is left in `own` here.
        inTransaction = undefined;
        pump();
      }
    },
    async close() {
      if (stopped) return;
      await new Promise<void>((resolve) => {
        const id = nextId++;
        sent.set(id, { kind: 'statement', op: 'exec', sql: '', resolve: () => resolve(), reject: () => resolve() });
        worker.postMessage({ id, op: 'close' } as PgliteRequest);
      });
      stopped = new Error('the database is closed');
      await worker.terminate();
    },
  });
  const urgent = session(() => urgentWaiting);
  return { ...session(() => waiting), urgent };
}
