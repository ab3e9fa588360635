import { storableJson, type Database } from '../../bot/index.ts';
import type { OutboxRow } from './intake-store.ts';

/** A reply claimed for sending. */
export interface ClaimedSend {
  id: number;
  key: string;
  lane: string;
  channel: string;
  userId: string;
  payload: unknown;
  /** Claims so far, this one included. */
  attempts: number;
}

/**
 * The outbox in SQL (table outbox, rows written by IntakeStore.complete and `enqueue`). Claimed like the
 * intake: only the oldest pending reply of a lane, so a customer reads replies in order, with a
 * lease so a sender that died leaves its rows to another. `message_key` is unique: a reply is
 * queued once, however often the work that produced it is resumed.
 */
export class OutboxStore {
  constructor(readonly db: Database) {}

  /**
   * Queue replies produced outside a turn (an agent's, a desk notice), already claimed by
   * `worker`, which sends them at once; a key already queued is skipped (not returned).
   */
  async enqueue(rows: OutboxRow[], worker: string): Promise<ClaimedSend[]> {
    if (!rows.length) return [];
    const data = storableJson(rows.map((r, n) => ({ n, message_key: r.key, lane: r.lane, channel: r.channel, user_id: r.userId, payload: r.payload })));
    const inserted = await this.db.query<{ id: string | number; message_key: string; lane: string; channel: string; user_id: string; payload: unknown; attempts: number }>(
      `insert into outbox (message_key, lane, channel, user_id, payload, claimed_by, claimed_at, attempts)
       select v.message_key, v.lane, v.channel, v.user_id, v.payload, $2, now(), 1
       from jsonb_to_recordset($1::jsonb) as v(n integer, message_key text, lane text, channel text, user_id text, payload jsonb)
       order by v.n
       on conflict do nothing
       returning id, message_key, lane, channel, user_id, payload, attempts`, [JSON.stringify(data), worker]);
    return inserted.map((r) => ({
      id: Number(r.id), key: r.message_key, lane: r.lane, channel: r.channel, userId: r.user_id,
      payload: typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload, attempts: Number(r.attempts),
    })).sort((a, b) => a.id - b.id);
  }

  async claim(worker: string, leaseSeconds: number, limit: number): Promise<ClaimedSend[]> {
    if (limit <= 0) return [];
    // One statement (atomic on its own).
    const rows = await this.db.query<{ id: string | number; message_key: string; lane: string; channel: string; user_id: string; payload: unknown; attempts: number }>(
      `update outbox o set claimed_by = $1, claimed_at = now(), attempts = o.attempts + 1
       where o.id in (
         select c.id from outbox c
         where c.status = 'pending' and c.next_attempt_at <= now()
           and (c.claimed_at is null or c.claimed_at < now() - make_interval(secs => $2::double precision))
           and not exists (select 1 from outbox e where e.lane = c.lane and e.status = 'pending' and e.id < c.id)
         order by c.id limit $3
         for update skip locked)
       returning o.id, o.message_key, o.lane, o.channel, o.user_id, o.payload, o.attempts`, [worker, leaseSeconds, limit]);
    return rows.map((r) => ({
      id: Number(r.id), key: r.message_key, lane: r.lane, channel: r.channel, userId: r.user_id,
      payload: typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload, attempts: Number(r.attempts),
    })).sort((a, b) => a.id - b.id);
  }

  async renew(worker: string, ids: number[]): Promise<void> {
    if (!ids.length) return;
    await this.db.query("update outbox set claimed_at = now() where claimed_by = $1 and status = 'pending' and id = any($2::bigint[])", [worker, ids]);
  }

  async sent(id: number): Promise<void> {
    await this.db.query("update outbox set status = 'sent', sent_at = now(), error = null where id = $1", [id]);
  }

  /** Given up: the failure itself is in channel_send_failures. The lane moves on. */
  async failed(id: number, error: string): Promise<void> {
    await this.db.query("update outbox set status = 'failed', error = $2 where id = $1", [id, error]);
  }

  /** Try again in `delaySeconds` (the lane waits, so later replies do not overtake it). */
  async retryLater(id: number, error: string, delaySeconds: number): Promise<void> {
    await this.db.query(
      'update outbox set claimed_by = null, claimed_at = null, error = $2, next_attempt_at = now() + make_interval(secs => $3::double precision) where id = $1',
      [id, error, delaySeconds]);
  }

  /**
   * Replies waiting to be sent now (not those waiting for a later retry). Read by the readiness
   * check, which a load balancer waits on: it goes first (see Database.urgent).
   */
  async due(): Promise<number> {
    const [r] = await (this.db.urgent ?? this.db).query<{ n: string | number }>("select count(*) as n from outbox where status = 'pending' and next_attempt_at <= now()");
    return Number(r?.n ?? 0);
  }

  /** A reply's state, by its key. */
  async state(key: string): Promise<{ status: 'pending' | 'sent' | 'failed'; attempts: number } | undefined> {
    const [r] = await this.db.query<{ status: 'pending' | 'sent' | 'failed'; attempts: number }>('select status, attempts from outbox where message_key = $1', [key]);
    return r && { status: r.status, attempts: Number(r.attempts) };
  }
}
