// Named prepared statements over PGlite's wire protocol, for openPglite and the database thread
// (bot/pglite-worker.mjs). Plain JavaScript, so the thread loads it without a TypeScript loader.
//
// Why: PGlite's `query` parses, analyses and plans every statement again (an unnamed statement)
// and calls into the WASM six times for it. The stores' statements are few and fixed, and the
// hot ones are large (data-modifying CTEs over several tables): planning them cost more than
// running them. A statement named on its first use is parsed once, and PostgreSQL's plan cache
// keeps its plan; each later use is one call (Bind, Execute, Sync). Measured on the chat turn's
// five statements: 7.6–8.6 ms of CPU per turn through `query`, 2.8–3.5 ms named (eval/HISTORY.md,
// "Chat CPU: prepared statements on the embedded database").
import { parse, protocol } from '@electric-sql/pglite';

const { serialize } = protocol;
const SYNC = serialize.sync();
const EXECUTE = serialize.execute({});
/** PostgreSQL's "cached plan must not change result type": a `select *` whose table changed (DDL) since it was prepared. */
const RESULT_TYPE_CHANGED = '0A000';

/** @param {Uint8Array[]} parts */
function concat(parts) {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Statements of `pg` run by name, prepared on their first use, the `max` most recently used kept
 * (the older closed). Does not take PGlite's locks: the caller runs one statement at a time.
 * @param {import('@electric-sql/pglite').PGlite} pg
 * @param {number} [max]
 */
export function preparedStatements(pg, max = 200) {
  /** @type {Map<string, { name: string; types: number[]; rowDescription: unknown }>} */
  const statements = new Map();
  let next = 1;

  /** @param {string} sql */
  async function prepare(sql) {
    const name = `pglite_s${next++}`;
    const messages = await pg.execProtocolStream(concat([serialize.parse({ name, text: sql }), serialize.describe({ type: 'S', name }), SYNC]), { syncToFs: false });
    const statement = { name, types: parse.parseDescribeStatementResults(messages), rowDescription: messages.find((m) => m.name === 'rowDescription') };
    statements.set(sql, statement);
    if (statements.size > max) {
      const [oldest, { name: old }] = statements.entries().next().value;
      statements.delete(oldest);
      await pg.execProtocolStream(concat([serialize.close({ type: 'S', name: old }), SYNC]), { syncToFs: false });
    }
    return statement;
  }

  /**
   * @param {string} sql
   * @param {unknown[]} params
   */
  async function run(sql, params) {
    let statement = statements.get(sql);
    if (statement) {
      // Most recently used last: the first entry is the one to close.
      statements.delete(sql);
      statements.set(sql, statement);
    } else statement = await prepare(sql);
    const { types } = statement;
    // As PGlite's `query` does: each parameter through the serializer of the type PostgreSQL inferred.
    const values = params.map((v, i) => {
      if (v === null || v === undefined) return null;
      const serializer = pg.serializers[types[i]];
      return serializer ? serializer(v) : String(v);
    });
    const messages = await pg.execProtocolStream(concat([serialize.bind({ statement: statement.name, values }), EXECUTE, SYNC]), { syncToFs: false });
    await pg.syncToFs();
    // The statement's row description (from its Describe) stands for the portal's: the same
    // columns, all as text.
    const [result] = parse.parseResults(statement.rowDescription ? [statement.rowDescription, ...messages] : messages, pg.parsers);
    return result?.rows ?? [];
  }

  return {
    /**
     * Rows of one statement, as PGlite's `query` returns them; errors as its errors (PostgreSQL's
     * fields, and `query`).
     * @param {string} sql
     * @param {unknown[]} [params]
     */
    async query(sql, params = []) {
      try {
        return await run(sql, params);
      } catch (err) {
        if (!(err instanceof Error)) throw err;
        if (/** @type {{ code?: string }} */ (err).code === RESULT_TYPE_CHANGED && /cached plan/.test(err.message) && statements.has(sql)) {
          // Prepared again; tried again only outside a transaction (an error ends one).
          statements.delete(sql);
          if (!pg.isInTransaction()) return run(sql, params).catch((again) => { throw Object.assign(again, { query: sql }); });
        }
        throw Object.assign(err, { query: sql });
      }
    },
    /** Forget every prepared statement (after DDL run by `exec`: a changed table changes the plans' result types). */
    async forget() {
      if (!statements.size) return;
      statements.clear();
      // The protocol's simple query, not `exec`: PGlite's locks may be held by the caller.
      await pg.execProtocolStream(serialize.query('deallocate all'), { syncToFs: false });
    },
  };
}
