/**
 * Worker thread entry: the embedded database (openPglite) on its own thread, answering the
 * statements `openPgliteThread` sends, one at a time in the order they arrive.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openPglite, type PgliteDatabase } from './db.ts';

/** What the main thread asks: a statement with parameters, statements without (exec), or closing. */
export type PgliteRequest = { id: number; op: 'query'; sql: string; params?: unknown[] } | { id: number; op: 'exec'; sql: string } | { id: number; op: 'close' };
/** The answer to one request: its rows, or the error's message and PostgreSQL fields (code, detail…). */
export type PgliteReply = { id: number; rows?: unknown[]; error?: { message: string; fields: Record<string, unknown> } };

const port = parentPort!;
let db: PgliteDatabase;
try {
  db = await openPglite((workerData as { dir?: string }).dir);
  port.postMessage({ ready: true });
} catch (err) {
  port.postMessage({ ready: false, error: err instanceof Error ? err.message : String(err) });
  throw err;
}

/** An error as plain data: structured cloning keeps an Error's message but not PGlite's fields. */
function plain(err: unknown): NonNullable<PgliteReply['error']> {
  if (!(err instanceof Error)) return { message: String(err), fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(err)) if (v === undefined || ['string', 'number', 'boolean'].includes(typeof v)) fields[k] = v;
  return { message: err.message, fields: { ...fields, name: err.name } };
}

let chain = Promise.resolve();
port.on('message', (r: PgliteRequest) => {
  chain = chain.then(async () => {
    try {
      if (r.op === 'query') port.postMessage({ id: r.id, rows: await db.query(r.sql, r.params) } satisfies PgliteReply);
      else if (r.op === 'exec') {
        await db.exec(r.sql);
        port.postMessage({ id: r.id } satisfies PgliteReply);
      } else {
        await db.close();
        port.postMessage({ id: r.id } satisfies PgliteReply);
        port.close();
      }
    } catch (err) {
      port.postMessage({ id: r.id, error: plain(err) } satisfies PgliteReply);
    }
  });
});
