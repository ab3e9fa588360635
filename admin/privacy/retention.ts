/**
 * Erasure after a retention period (`RETENTION_DAYS`): customers silent for that long are erased
 * as on request (customer-data.ts), every part of every module. A conversation waiting for or held
 * by an agent is never old, however long it waits.
 */
import { silentLogger, type Database, type Logger } from '../../bot/index.ts';
import { eraseCustomer } from './customer-data.ts';

/** How often the retention period is applied. */
export const RETENTION_CHECK_MS = 6 * 3_600_000;
/** Customers erased per statement that finds them: a first run on a long history goes in batches. */
const BATCH = 200;

/**
 * Customers whose last message, and every conversation's last change, are older than `days`
 * before `now`, and none of whose conversations is with the desk.
 */
export async function customersPastRetention(db: Database, days: number, now = new Date(), limit = BATCH): Promise<string[]> {
  const cutoff = new Date(now.getTime() - days * 86_400_000);
  const rows = await db.query<{ id: string }>(
    `select c.id from customers c
     where c.created_at < $1
       and not exists (select 1 from conversations v where v.customer_id = c.id
                       and (v.updated_at >= $1 or v.last_customer_at >= $1 or v.status in ('queued', 'agent')))
       and not exists (select 1 from conversations v join messages m on m.conversation_id = v.id
                       where v.customer_id = c.id and m.created_at >= $1)
     order by c.created_at limit $2`, [cutoff, limit]);
  return rows.map((r) => r.id);
}

/** Erase every customer past the retention period; how many were erased. */
export async function applyRetention(db: Database, days: number, o: { now?: Date; logger?: Logger } = {}): Promise<number> {
  const log = o.logger ?? silentLogger;
  let erased = 0;
  for (;;) {
    const ids = await customersPastRetention(db, days, o.now);
    let gone = 0;
    for (const id of ids) if (await eraseCustomer(db, id, undefined, 'retention')) gone++;
    erased += gone;
    // Another instance may erase the same customers meanwhile: stop when a batch found none left.
    if (ids.length < BATCH || gone === 0) break;
  }
  if (erased) log.info('customer data erased after the retention period', { customers: erased, days });
  return erased;
}

/** Apply the retention period now and every RETENTION_CHECK_MS; the returned function stops it (after a run in progress). */
export function startRetention(db: Database, days: number, logger: Logger = silentLogger): () => Promise<void> {
  let running: Promise<void> | undefined;
  const run = () => {
    running ??= applyRetention(db, days, { logger })
      .then(() => undefined, (err) => logger.warn('retention erasure failed', { error: String(err) }))
      .finally(() => (running = undefined));
  };
  run();
  const timer = setInterval(run, RETENTION_CHECK_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
