import { randomUUID } from 'node:crypto';
import { storableJson, storableText, type Database, type Suggestion } from '../../bot/index.ts';
import type { DeliveryStatus } from '../types.ts';
import { STATUS_RANK } from './status.ts';

/** Pseudo-channel under which a customer's phone number is kept as an identity, to link SMS and WhatsApp. */
export const PHONE_IDENTITY = 'phone';

/** One sent message (or part of one) and where it got to. */
export interface Delivery {
  channel: string;
  providerId: string;
  messageId?: string;
  userId?: string;
  part: number;
  status: DeliveryStatus;
  error?: string;
  sentAt?: Date;
  updatedAt: Date;
}

/** A message the channel layer gave up on. */
export interface SendFailure {
  channel: string;
  userId: string;
  messageId?: string;
  error: string;
  httpStatus?: number;
  providerCode?: string;
  retryable: boolean;
  attempts: number;
  createdAt: Date;
}

/** A signed webhook payload refused as malformed (the provider got a 400). */
export interface WebhookRejection {
  channel: string;
  reason: string;
  /** The start of the raw body (4 KB at most), for an operator to see what the provider sent. */
  body: string;
  createdAt: Date;
}

/** How much of a refused body is kept. */
const REJECTED_BODY_CHARS = 4096;

interface DeliveryRow {
  channel: string; provider_id: string; message_id: string | null; user_id: string | null; part: number;
  status: DeliveryStatus; error: string | null; sent_at: Date | string | null; updated_at: Date | string;
}

const toDelivery = (r: DeliveryRow): Delivery => ({
  channel: r.channel, providerId: r.provider_id, messageId: r.message_id ?? undefined, userId: r.user_id ?? undefined,
  part: Number(r.part), status: r.status, error: r.error ?? undefined, sentAt: r.sent_at ? new Date(r.sent_at) : undefined, updatedAt: new Date(r.updated_at),
});

/**
 * What the messaging channels keep beside the transcript, in the bot's database: delivery status
 * per sent message, opt-outs and customer-service windows per customer and channel, send
 * failures, reply coordinates per address, and identity links by phone number.
 */
export class ChannelStore {
  constructor(readonly db: Database) {}

  /**
   * The customer behind a channel address, created on first contact. With `phone` (E.164) and
   * `linkByPhone`, the address joins the customer who already wrote from that number on another
   * channel (SMS and WhatsApp are one customer with one history).
   */
  async ensureIdentity(channel: string, userId: string, opts: { phone?: string; name?: string; linkByPhone?: boolean } = {}): Promise<string> {
    const phone = opts.linkByPhone ? opts.phone : undefined;
    // A customer seen before (the address, and its number when linking by phone, are known): one read.
    const [known] = await this.db.query<{ own: string | null; by_phone: string | null }>(
      `select (select customer_id from identities where channel = $1 and external_id = $2) as own,
         (select customer_id from identities where channel = $3 and external_id = $4) as by_phone`, [channel, userId, PHONE_IDENTITY, phone ?? null]);
    if (known?.own && (!phone || known.by_phone)) return known.own;
    if (this.db.kind === 'pglite') {
      // The embedded database runs one statement at a time on its one session: a statement is
      // as serialised as the locked transaction below, and does not hold the session across round
      // trips through the event loop (a webhook being acknowledged waits for a transaction's end).
      // The same choices: the address's customer, else the number's, else a new one; the
      // identities that are missing, linked to it (foreign keys are checked at the statement's end).
      const [r] = await this.db.query<{ customer_id: string }>(
        `with own as (select customer_id from identities where channel = $1 and external_id = $2),
           by_phone as (select customer_id from identities where channel = $3 and external_id = $4::text),
           chosen as (select coalesce((select customer_id from own), (select customer_id from by_phone), $5::text) as customer_id),
           cust as (insert into customers (id, display_name) select customer_id, $6 from chosen where customer_id = $5::text),
           own_identity as (insert into identities (channel, external_id, customer_id)
             select $1, $2, customer_id from chosen where not exists (select 1 from own) on conflict do nothing),
           phone_identity as (insert into identities (channel, external_id, customer_id)
             select $3, $4::text, customer_id from chosen where $4::text is not null on conflict do nothing)
         select customer_id from chosen`, [channel, userId, PHONE_IDENTITY, phone ?? null, randomUUID(), opts.name ?? null]);
      return r!.customer_id;
    }
    return this.db.transaction(async (tx) => {
      // Serialise first contacts from one number, so two channels writing at once cannot make two customers.
      if (phone) await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`${PHONE_IDENTITY}:${phone}`]);
      const [own] = await tx.query<{ customer_id: string }>('select customer_id from identities where channel = $1 and external_id = $2', [channel, userId]);
      let customerId = own?.customer_id;
      if (!customerId && phone) {
        const [byPhone] = await tx.query<{ customer_id: string }>('select customer_id from identities where channel = $1 and external_id = $2', [PHONE_IDENTITY, phone]);
        customerId = byPhone?.customer_id;
      }
      if (!customerId) {
        customerId = randomUUID();
        await tx.query('insert into customers (id, display_name) values ($1, $2)', [customerId, opts.name ?? null]);
      }
      if (!own) await tx.query('insert into identities (channel, external_id, customer_id) values ($1, $2, $3) on conflict do nothing', [channel, userId, customerId]);
      if (phone) await tx.query('insert into identities (channel, external_id, customer_id) values ($1, $2, $3) on conflict do nothing', [PHONE_IDENTITY, phone, customerId]);
      return customerId;
    });
  }

  /**
   * Link an address to an existing customer explicitly (an agent confirmed it is the same person).
   * Later messages from the address join that customer's history; earlier ones stay where they are.
   */
  async linkIdentity(channel: string, userId: string, customerId: string): Promise<void> {
    await this.db.query(
      `insert into identities (channel, external_id, customer_id) values ($1, $2, $3)
       on conflict (channel, external_id) do update set customer_id = excluded.customer_id`, [channel, userId, customerId]);
  }

  async customerOf(channel: string, userId: string): Promise<string | undefined> {
    const [r] = await this.db.query<{ customer_id: string }>('select customer_id from identities where channel = $1 and external_id = $2', [channel, userId]);
    return r?.customer_id;
  }

  /** True when this delivery was already claimed (a quick pre-check; the atomic claim is in the bot). */
  async seen(channel: string, userId: string, externalId: string): Promise<boolean> {
    return (await this.db.query('select 1 as ok from inbound_events where channel = $1 and user_id = $2 and external_id = $3', [channel, userId, externalId])).length > 0;
  }

  /** True when this delivery's turn finished (its replies are stored). */
  async answered(channel: string, userId: string, externalId: string): Promise<boolean> {
    return (await this.db.query('select 1 as ok from inbound_events where channel = $1 and user_id = $2 and external_id = $3 and answered_at is not null', [channel, userId, externalId])).length > 0;
  }

  /** Atomically claim a delivery that the bot does not see (keywords): true for exactly one caller. */
  async claim(channel: string, userId: string, externalId: string): Promise<boolean> {
    return (await this.db.query('insert into inbound_events (channel, user_id, external_id) values ($1, $2, $3) on conflict do nothing returning 1 as ok', [channel, userId, externalId])).length === 1;
  }

  /** The customer wrote at `at`: the window runs from their latest message (never moves back). */
  async touchWindow(customerId: string, channel: string, at: Date): Promise<void> {
    await this.db.query(
      `insert into channel_windows (customer_id, channel, last_inbound_at) values ($1, $2, $3)
       on conflict (customer_id, channel) do update set last_inbound_at = greatest(channel_windows.last_inbound_at, excluded.last_inbound_at)`,
      [customerId, channel, at]);
  }

  async lastInbound(customerId: string, channel: string): Promise<Date | undefined> {
    const [r] = await this.db.query<{ last_inbound_at: Date | string }>('select last_inbound_at from channel_windows where customer_id = $1 and channel = $2', [customerId, channel]);
    return r ? new Date(r.last_inbound_at) : undefined;
  }

  async setOptOut(customerId: string, channel: string, optedOut: boolean, keyword?: string): Promise<void> {
    await this.db.query(
      `insert into channel_opt_outs (customer_id, channel, opted_out, keyword) values ($1, $2, $3, $4)
       on conflict (customer_id, channel) do update set opted_out = excluded.opted_out, keyword = excluded.keyword, updated_at = now()`,
      [customerId, channel, optedOut, keyword ?? null]);
  }

  async isOptedOut(customerId: string, channel: string): Promise<boolean> {
    const [r] = await this.db.query<{ opted_out: boolean }>('select opted_out from channel_opt_outs where customer_id = $1 and channel = $2', [customerId, channel]);
    return r?.opted_out ?? false;
  }

  /**
   * Record a status for a provider message id, creating the row if the callback beat the send's
   * own response. Monotonic: a status ranked below the stored one changes nothing.
   * Returns true when the stored status is now `status` (false: a later state was already known).
   */
  async recordStatus(channel: string, providerId: string, status: DeliveryStatus, extra: { messageId?: string; userId?: string; part?: number; error?: string; sentAt?: Date } = {}): Promise<boolean> {
    const rows = await this.db.query(
      `insert into channel_deliveries as d (channel, provider_id, message_id, user_id, part, status, status_rank, error, sent_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       on conflict (channel, provider_id) do update set
         message_id = coalesce(d.message_id, excluded.message_id),
         user_id = coalesce(d.user_id, excluded.user_id),
         part = case when d.message_id is null then excluded.part else d.part end,
         sent_at = coalesce(d.sent_at, excluded.sent_at),
         status = case when excluded.status_rank > d.status_rank then excluded.status else d.status end,
         error = case when excluded.status_rank > d.status_rank then coalesce(excluded.error, d.error) else d.error end,
         status_rank = greatest(d.status_rank, excluded.status_rank),
         updated_at = now()
       returning (status = $6) as moved`,
      [channel, providerId, extra.messageId ?? null, extra.userId ?? null, extra.part ?? 0, status, STATUS_RANK[status], extra.error ?? null, extra.sentAt ?? null]);
    return Boolean((rows[0] as { moved?: boolean } | undefined)?.moved);
  }

  /** Messenger-style watermark: every message to `userId` sent at or before `watermark` reached `status`. */
  async recordWatermark(channel: string, userId: string, status: 'delivered' | 'read', watermark: Date): Promise<number> {
    const rows = await this.db.query(
      `update channel_deliveries set status = $3, status_rank = $4, updated_at = now()
       where channel = $1 and user_id = $2 and sent_at <= $5 and status_rank < $4 returning 1 as ok`,
      [channel, userId, status, STATUS_RANK[status], watermark]);
    return rows.length;
  }

  /** Deliveries of one stored message, part by part. */
  async deliveries(messageId: string): Promise<Delivery[]> {
    const rows = await this.db.query<DeliveryRow>('select * from channel_deliveries where message_id = $1 order by part', [messageId]);
    return rows.map(toDelivery);
  }

  async delivery(channel: string, providerId: string): Promise<Delivery | undefined> {
    const [r] = await this.db.query<DeliveryRow>('select * from channel_deliveries where channel = $1 and provider_id = $2', [channel, providerId]);
    return r && toDelivery(r);
  }

  async recordFailure(f: Omit<SendFailure, 'createdAt'>): Promise<void> {
    await this.db.query(
      `insert into channel_send_failures (channel, user_id, message_id, error, http_status, provider_code, retryable, attempts)
       values ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [f.channel, f.userId, f.messageId ?? null, f.error, f.httpStatus ?? null, f.providerCode ?? null, f.retryable, f.attempts]);
  }

  /** Recorded failures, newest first; filtered by message or channel. */
  async failures(filter: { messageId?: string; channel?: string; limit?: number } = {}): Promise<SendFailure[]> {
    const rows = await this.db.query<{ channel: string; user_id: string; message_id: string | null; error: string; http_status: number | null; provider_code: string | null; retryable: boolean; attempts: number; created_at: Date | string }>(
      `select * from channel_send_failures where ($1::text is null or message_id = $1) and ($2::text is null or channel = $2) order by id desc limit $3`,
      [filter.messageId ?? null, filter.channel ?? null, filter.limit ?? 500]);
    return rows.map((r) => ({
      channel: r.channel, userId: r.user_id, messageId: r.message_id ?? undefined, error: r.error, httpStatus: r.http_status ?? undefined,
      providerCode: r.provider_code ?? undefined, retryable: r.retryable, attempts: Number(r.attempts), createdAt: new Date(r.created_at),
    }));
  }

  /** Record a signed payload refused as malformed, with its reason and the start of its body. */
  async recordRejection(r: Omit<WebhookRejection, 'createdAt'>): Promise<void> {
    await this.db.query('insert into webhook_rejections (channel, reason, body) values ($1, $2, $3)',
      [storableText(r.channel), storableText(r.reason), storableText(r.body.slice(0, REJECTED_BODY_CHARS))]);
  }

  /** Refused payloads, newest first. */
  async rejections(limit = 200): Promise<WebhookRejection[]> {
    const rows = await this.db.query<{ channel: string; reason: string; body: string; created_at: Date | string }>(
      'select channel, reason, body, created_at from webhook_rejections order by id desc limit $1', [limit]);
    return rows.map((r) => ({ channel: r.channel, reason: r.reason, body: r.body, createdAt: new Date(r.created_at) }));
  }

  /** Keep what a channel needs to reach an address later (Bot Framework's service URL and conversation). */
  async saveAddress(channel: string, userId: string, data: unknown): Promise<void> {
    await this.db.query(
      `insert into channel_addresses (channel, user_id, data) values ($1, $2, $3)
       on conflict (channel, user_id) do update set data = excluded.data, updated_at = now()`, [channel, userId, JSON.stringify(storableJson(data))]);
  }

  async address<T>(channel: string, userId: string): Promise<T | undefined> {
    const [r] = await this.db.query<{ data: T | string }>('select data from channel_addresses where channel = $1 and user_id = $2', [channel, userId]);
    if (!r) return undefined;
    return (typeof r.data === 'string' ? JSON.parse(r.data) : r.data) as T;
  }

  /**
   * Suggestions of the bot's latest message to this customer, so a numbered reply ("2") can be
   * read as picking one. Empty when the latest message offered none.
   */
  async lastSuggestions(customerId: string): Promise<Suggestion[]> {
    const [r] = await this.db.query<{ suggestions: Suggestion[] | string | null }>(
      `select m.suggestions from messages m join conversations c on c.id = m.conversation_id
       where c.customer_id = $1 and m.role in ('bot', 'agent') order by m.created_at desc, m.seq desc limit 1`, [customerId]);
    const s = r?.suggestions;
    return (typeof s === 'string' ? JSON.parse(s) : s) ?? [];
  }
}
