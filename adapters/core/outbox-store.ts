import type { Database } from '../../bot/index.ts';

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
 * The outbox in SQL (table outbox, rows written by IntakeStore.complete). Claimed like the
 * intake: only the oldest pending reply of a lane, so a customer reads replies in order, with a
 * lease so a sender that died leaves its rows to another. `message_key` is unique: a reply is
 * queued once, however often the work that produced it is resumed.
 */
export class OutboxStore {
  constructor(readonly db: Database) {}

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

  /** Replies waiting to be sent now (not those waiting for a later retry). */
  async due(): Promise<number> {
    const [r] = await this.db.query<{ n: string | number }>("select count(*) as n from outbox where status = 'pending' and next_attempt_at <= now()");
    return Number(r?.n ?? 0);
  }

  /** A reply's state, by its key. */
  async state(key: string): Promise<{ status: 'pending' | 'sent' | 'failed'; attempts: number } | undefined> {
    const [r] = await this.db.query<{ status: 'pending' | 'sent' | 'failed'; attempts: number }>('select status, attempts from outbox where message_key = $1', [key]);
    return r && { status: r.status, attempts: Number(r.attempts) };
  }
}
