// Worker thread entry of openPgliteThread (bot/pglite-thread.ts): the embedded database on its
// own thread, answering the statements the main thread sends, one at a time: urgent ones first,
// each lane in the order it arrives. Plain JavaScript, so the thread needs no TypeScript loader
// (tsx cost it about 50 MB).
import { mkdirSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { preparedStatements } from './pglite-statements.mjs';

const port = parentPort;
/** @type {{ dir?: string; startParams: string[]; wasmModule: WebAssembly.Module }} */
const options = workerData;
let db;
try {
  if (options.dir) mkdirSync(options.dir, { recursive: true });
  // The process's compiled PGlite (pglite-thread.ts: pgliteModule), not a compilation of its own.
  const settings = { startParams: [...PGlite.defaultStartParams, ...options.startParams], pgliteWasmModule: options.wasmModule };
  db = options.dir ? await PGlite.create(options.dir, settings) : await PGlite.create(settings);
  port.postMessage({ ready: true });
} catch (err) {
  port.postMessage({ ready: false, error: err instanceof Error ? err.message : String(err) });
  throw err;
}

/** An error as plain data: structured cloning keeps an Error's message but not PGlite's fields (code, detail…). */
function plain(err) {
  if (!(err instanceof Error)) return { message: String(err), fields: {} };
  const fields = { name: err.name };
  for (const [k, v] of Object.entries(err)) if (v === undefined || ['string', 'number', 'boolean'].includes(typeof v)) fields[k] = v;
  return { message: err.message, fields };
}

// A full collection when statements quiet down after a burst (opening, migrations, load): V8
// gave the main thread's memory back at rest, this thread's garbage stayed. The claim loops'
// polls (a few statements a second) count as quiet.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc');
const CHECK_MS = 15_000;
const QUIET_STATEMENTS = 100;
let statements = 0;
let busySinceCollected = true;
setInterval(() => {
  if (statements > QUIET_STATEMENTS) busySinceCollected = true;
  else if (busySinceCollected) {
    collect();
    busySinceCollected = false;
  }
  statements = 0;
}, CHECK_MS).unref();

// Statements by name, each planned once (see pglite-statements.mjs), under PGlite's lock as its
// own `query` runs.
const prepared = preparedStatements(db);
/** Statements that begin or end a transaction: any other `exec` (migrations, DDL) may change the prepared statements' tables. */
const TRANSACTION_CONTROL = /^\s*(begin|commit|rollback)\s*;?\s*$/i;

/**
 * Statements received and not run yet. Those of requests a client waits for (`urgent`: storing a
 * webhook before its acknowledgement, readiness) run before the ordinary ones received earlier:
 * the main thread keeps several statements queued here so this thread never idles, and without
 * this an acknowledgement waited behind all of them. Only statements outside a transaction are
 * ever urgent (the main thread sends nothing else while a transaction holds the session), so
 * running one early never puts it inside a transaction, and each lane keeps its own order.
 */
const urgentQueue = [];
const queue = [];
let draining = false;

port.on('message', (r) => {
  statements++;
  (r.urgent ? urgentQueue : queue).push(r);
  if (!draining) {
    draining = true;
    setImmediate(drain);
  }
});

// PGlite runs a statement synchronously and settles its promise as a microtask: picking the next
// statement at once would run each message as it is read, in arrival order. The next one is
// picked on the thread's next loop iteration instead, once every message sent meanwhile (an
// urgent statement) has been read.
async function drain() {
  const r = urgentQueue.shift() ?? queue.shift();
  if (r) await run(r);
  if (urgentQueue.length || queue.length) setImmediate(drain);
  else draining = false;
}

async function run(r) {
  try {
    if (r.op === 'query') port.postMessage({ id: r.id, rows: await db.runExclusive(() => prepared.query(r.sql, r.params)) });
    else if (r.op === 'exec') {
      await db.exec(r.sql);
      if (!TRANSACTION_CONTROL.test(r.sql)) await db.runExclusive(() => prepared.forget());
      port.postMessage({ id: r.id });
    } else {
      await db.close();
      port.postMessage({ id: r.id });
      port.close();
    }
  } catch (err) {
    port.postMessage({ id: r.id, error: plain(err) });
  }
}
