import { storableJson, type Database, type SqlClient } from '../../bot/index.ts';

/** One inbound item to store: `lane` orders it (one customer on one channel). */
export interface IntakeRow {
  lane: string;
  channel: string;
  /** Sender and message id: the delivery's key, for items a provider may deliver twice. */
  userId?: string;
  externalId?: string;
  item: unknown;
}

/** A stored item a worker claimed. */
export interface ClaimedWork {
  id: number;
  lane: string;
  item: unknown;
  /** Claims so far, this one included. */
  attempts: number;
}

/** Where a stored delivery stands. */
export type WorkState = 'open' | 'done';

/** A reply waiting to be sent, written with the work that produced it. */
export interface OutboxRow {
  /** Idempotency key: one row, and one send, per key (the reply's message id). */
  key: string;
  lane: string;
  channel: string;
  userId: string;
  payload: unknown;
}

/**
 * The durable intake in SQL (table intake_work). `accept` stores a batch in one transaction
 * before the provider or client is answered; workers `claim` the oldest open item of each lane
 * (a lane is one customer on one channel, so their messages are answered in order on every
 * instance) with `FOR UPDATE SKIP LOCKED`, so two instances never claim the same row. A claim
 * lasts `leaseSeconds` unless renewed (`renew`): the work of an instance that died is claimed
 * again by another, or by itself after a restart. `complete` marks an item done and stores the
 * replies to send in the same transaction. PGlite runs the same statements on its one connection.
 */
export class IntakeStore {
  constructor(readonly db: Database) {}

  /**
   * Store items, in order, in one transaction. An item whose delivery (channel, sender, message
   * id) is already stored, or was answered before this table existed, is skipped: a provider's
   * retry of an acknowledged message is the work already stored, answered once.
   * With `claimedBy`, the new rows are claimed at once (the caller answers them itself).
   * Returns the ids of the rows stored, in order.
   */
  async accept(rows: IntakeRow[], claimedBy?: string): Promise<number[]> {
    // One statement: atomic on its own, without a transaction's two extra round trips. A
    // client waits for it (a provider's acknowledgement, a chat request): it goes first.
    return sortedIds(await this.insert(this.db.urgent ?? this.db, rows, claimedBy));
  }

  /**
   * As `accept`, for rows that each carry a delivery key (userId and externalId): the id stored
   * for each row, in the rows' order, or undefined for a row not stored (its delivery was stored
   * before, or by an earlier row of the same call).
   */
  async acceptEach(rows: IntakeRow[], claimedBy?: string): Promise<Array<number | undefined>> {
    const inserted = await this.insert(this.db.urgent ?? this.db, rows, claimedBy);
    const idOf = new Map(inserted.map((r) => [r.key, r.id]));
    return storableKeys(rows).map((key) => {
      const id = idOf.get(key);
      idOf.delete(key);
      return id;
    });
  }

  /**
   * Replace a stored batch (one row holding many items, see `accept`'s callers) by its items,
   * `chunk` items per statement, then mark the batch done. Not one transaction: thousands of
   * items in one statement hold the embedded database (and the event loop) for seconds, while
   * separate statements take turns with requests (see yieldingDatabase). Splitting again after
   * a crash stores only what is missing: an item whose delivery is stored is skipped, and
   * statuses, the only items without one, only move forward when applied twice. Items are
   * stored in order, so a customer's messages keep their order across chunks.
   */
  async expand(batchId: number, rows: IntakeRow[], chunk = 100): Promise<number[]> {
    const ids: number[] = [];
    for (let i = 0; i < rows.length; i += chunk) ids.push(...sortedIds(await this.insert(this.db, rows.slice(i, i + chunk))));
    await this.db.query('update intake_work set done_at = now() where id = $1', [batchId]);
    return ids;
  }

  /** Stores the rows not stored before; returns each stored row's id and delivery key (see storableKeys). */
  private async insert(tx: SqlClient, rows: IntakeRow[], claimedBy?: string): Promise<Array<{ id: number; key: string }>> {
    if (!rows.length) return [];
    // As text parameters, a lone UTF-16 surrogate in an id reaches the database as U+FFFD; inside
    // JSON it would be refused: make it the same U+FFFD here (storableJson), so keys agree.
    const data = storableJson(rows.map((r, n) => ({ n, lane: r.lane, channel: r.channel, user_id: r.userId ?? null, external_id: r.externalId ?? null, item: r.item })));
    // A delivery already stored is skipped. One index lookup per row (a lateral subquery with a
    // limit): written as `not exists`, PostgreSQL hashed or anti-joined the whole of
    // inbound_events for every batch, so each message cost more as the history grew (7.7 ms a
    // message at 15,000 stored, and rising).
    const inserted = await tx.query<{ id: string | number; channel: string; user_id: string | null; external_id: string | null }>(
      `insert into intake_work (lane, channel, user_id, external_id, item, claimed_by, claimed_at, attempts)
       select v.lane, v.channel, v.user_id, v.external_id, v.item, $2::text, case when $2::text is null then null else now() end, case when $2::text is null then 0 else 1 end
       from jsonb_to_recordset($1::jsonb) as v(n integer, lane text, channel text, user_id text, external_id text, item jsonb)
       left join lateral (
         select true as stored from inbound_events e where e.channel = v.channel and e.user_id = v.user_id and e.external_id = v.external_id limit 1) seen on true
       where seen.stored is null
       order by v.n
       on conflict do nothing
       returning id, channel, user_id, external_id`, [JSON.stringify(data), claimedBy ?? null]);
    return inserted.map((r) => ({ id: Number(r.id), key: deliveryKey(r.channel, r.user_id, r.external_id) }));
  }

  /**
   * Claim up to `limit` open items whose lane has no older open item and whose claim (if any)
   * is older than `leaseSeconds`.
   */
  async claim(worker: string, leaseSeconds: number, limit: number): Promise<ClaimedWork[]> {
    if (limit <= 0) return [];
    // One statement (atomic on its own).
    const rows = await this.db.query<{ id: string | number; lane: string; item: unknown; attempts: number }>(
      `update intake_work w set claimed_by = $1, claimed_at = now(), attempts = w.attempts + 1
       where w.id in (
         select c.id from intake_work c
         where c.done_at is null and (c.claimed_at is null or c.claimed_at < now() - make_interval(secs => $2::double precision))
           and not exists (select 1 from intake_work e where e.lane = c.lane and e.done_at is null and e.id < c.id)
         order by c.id limit $3
         for update skip locked)
       returning w.id, w.lane, w.item, w.attempts`, [worker, leaseSeconds, limit]);
    return rows.map((r) => ({ id: Number(r.id), lane: r.lane, item: typeof r.item === 'string' ? JSON.parse(r.item) : r.item, attempts: Number(r.attempts) }))
      .sort((a, b) => a.id - b.id);
  }

  /** Keep claims alive while their work runs. */
  async renew(worker: string, ids: number[]): Promise<void> {
    if (!ids.length) return;
    await this.db.query('update intake_work set claimed_at = now() where claimed_by = $1 and done_at is null and id = any($2::bigint[])', [worker, ids]);
  }

  /** Mark an item done and queue its replies, in one statement (atomic on its own). */
  async complete(id: number, outbox: OutboxRow[] = [], error?: string): Promise<void> {
    await this.db.query(
      `with done as (update intake_work set done_at = now(), error = $2 where id = $1)
       ${outboxInsert(3)}`, [id, error ?? null, outboxJson(outbox)]);
  }

  /** Mark items done that queue no replies (see `complete`), in one statement. */
  async completeAll(ids: number[]): Promise<void> {
    if (!ids.length) return;
    await this.db.query('update intake_work set done_at = now(), error = null where id = any($1::bigint[])', [ids]);
  }

  /** Keep an item open after a failed attempt: claimed again once its lease runs out. */
  async failed(id: number, error: string): Promise<void> {
    await this.db.query('update intake_work set error = $2 where id = $1', [id, error]);
  }

  /** Whether a delivery's work is stored, and finished. */
  async state(channel: string, userId: string, externalId: string): Promise<WorkState | undefined> {
    const [r] = await this.db.query<{ done: boolean }>(
      'select done_at is not null as done from intake_work where channel = $1 and user_id = $2 and external_id = $3', [channel, userId, externalId]);
    return r ? (r.done ? 'done' : 'open') : undefined;
  }

  /**
   * Delete items finished more than `hours` ago, `batch` rows per statement (short locks on a
   * large table). A provider's retry of a message answered before is still skipped afterwards:
   * `accept` also looks for the delivery among the stored messages. Returns the rows deleted.
   */
  async cleanup(hours: number, batch = 5000): Promise<number> {
    let deleted = 0;
    for (;;) {
      const rows = await this.db.query<{ n: string | number }>(
        `with gone as (delete from intake_work where id in (
           select id from intake_work where done_at < now() - make_interval(secs => $1::double precision) order by id limit $2) returning 1)
         select count(*) as n from gone`, [hours * 3600, batch]);
      const n = Number(rows[0]?.n ?? 0);
      deleted += n;
      if (n < batch) return deleted;
    }
  }

  /** Open items (claimed or not), counting each item of a batch not yet split: the backlog. */
  async open(): Promise<number> {
    // Read by the readiness check, which a load balancer waits on.
    const [r] = await (this.db.urgent ?? this.db).query<{ n: string | number | null }>(
      "select sum(case when item->>'kind' = 'batch' then jsonb_array_length(item->'rows') else 1 end) as n from intake_work where done_at is null");
    return Number(r?.n ?? 0);
  }
}

/** The insert of replies to send from a JSON array (parameter `$param`); a key already queued (or sent) is skipped. */
const outboxInsert = (param: number) => `insert into outbox (message_key, lane, channel, user_id, payload)
     select v.message_key, v.lane, v.channel, v.user_id, v.payload
     from jsonb_to_recordset($${param}::jsonb) as v(n integer, message_key text, lane text, channel text, user_id text, payload jsonb)
     order by v.n
     on conflict do nothing`;

const outboxJson = (rows: OutboxRow[]) =>
  JSON.stringify(storableJson(rows.map((r, n) => ({ n, message_key: r.key, lane: r.lane, channel: r.channel, user_id: r.userId, payload: r.payload }))));

/** Queue replies to send; a key already queued (or sent) is skipped. */
export async function insertOutbox(client: SqlClient, rows: OutboxRow[]): Promise<void> {
  if (!rows.length) return;
  await client.query(outboxInsert(1), [outboxJson(rows)]);
}

/** A delivery's key (channel, sender, message id), to tell the stored rows of one statement apart. */
function deliveryKey(channel: string, userId: string | null, externalId: string | null): string {
  return JSON.stringify([channel, userId, externalId]);
}

/** Each row's delivery key as the database stores it (storableJson: the keys of the rows it returns are compared with these). */
function storableKeys(rows: IntakeRow[]): string[] {
  return rows.map((r) => deliveryKey(...storableJson([r.channel, r.userId ?? null, r.externalId ?? null] as [string, string | null, string | null])));
}

/** The stored rows' ids, in the order they were stored. */
function sortedIds(stored: Array<{ id: number }>): number[] {
  return stored.map((r) => r.id).sort((a, b) => a - b);
}
