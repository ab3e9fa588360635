import { randomUUID } from 'node:crypto';
import type { Database, SqlClient } from './db.ts';
import { storableJson } from './stored-text.ts';
import type { ChineseScript } from '../knowledge/index.ts';
import type { Attachment, Conversation, Customer, Ownership, StoredMessage, Suggestion } from './types.ts';
import { EVENT, recordEvent, SESSION_GAP_MINUTES, type DecisionZone } from '../analytics/index.ts';

interface MessageRow {
  id: string; conversation_id: string; seq: number; role: StoredMessage['role']; text: string; lang: string | null;
  channel: string; entry_id: string | null; confidence: number | null; suggestions: Suggestion[] | string | null;
  handoff: boolean; created_at: Date | string; attachments?: Attachment[] | string | null;
}
interface ConversationRow {
  id: string; customer_id: string; channel: string; status: Ownership; lang: string | null;
  failed_attempts: number; created_at: Date | string; updated_at: Date | string;
  assignee?: string | null; queued_at?: Date | string | null; flagged_at?: Date | string | null; rating_requested_at?: Date | string | null;
  last_customer_at?: Date | string | null;
}

const optionalDate = (v: Date | string | null | undefined) => (v ? new Date(v) : undefined);

/** One ownership change, as stored. */
export interface OwnershipEvent {
  from: Ownership;
  to: Ownership;
  /** Who made the change: "bot", "customer", "system" or a user id. */
  actor: string;
  reason?: string;
  /** The agent holding the conversation after the change (claims and transfers). */
  assignee?: string;
  at: Date;
}

/** An agent's internal note on a conversation: never shown to the customer. */
export interface ConversationNote {
  id: string;
  conversationId: string;
  authorId: string;
  authorName?: string;
  text: string;
  createdAt: Date;
}

const toMessage = (r: MessageRow): StoredMessage => ({
  id: r.id,
  conversationId: r.conversation_id,
  seq: Number(r.seq),
  role: r.role,
  text: r.text,
  lang: r.lang ?? undefined,
  channel: r.channel,
  entryId: r.entry_id ?? undefined,
  confidence: r.confidence ?? undefined,
  suggestions: (typeof r.suggestions === 'string' ? JSON.parse(r.suggestions) : r.suggestions) ?? undefined,
  handoff: r.handoff || undefined,
  attachments: (typeof r.attachments === 'string' ? JSON.parse(r.attachments) : r.attachments) ?? undefined,
  createdAt: new Date(r.created_at),
});

const toConversation = (r: ConversationRow): Conversation => ({
  id: r.id,
  customerId: r.customer_id,
  channel: r.channel,
  status: r.status,
  lang: r.lang ?? undefined,
  failedAttempts: Number(r.failed_attempts),
  assignee: r.assignee ?? undefined,
  queuedAt: optionalDate(r.queued_at),
  flaggedAt: optionalDate(r.flagged_at),
  ratingRequestedAt: optionalDate(r.rating_requested_at),
  lastCustomerAt: optionalDate(r.last_customer_at),
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
});

/** What the policy did with the customer's message this reply answers: recorded for analytics with the reply. */
export interface TurnDecision {
  zone: DecisionZone;
  entryId?: string;
  confidence?: number;
  /** For a handoff: why (see HandoffReason). */
  reason?: string;
  /** The customer's language this turn (a reply may come in a fallback language). */
  lang?: string;
}

export type NewMessage = Omit<StoredMessage, 'id' | 'seq' | 'createdAt' | 'conversationId'> & { replyTo?: string; decision?: TurnDecision };

/** Ownership moves analytics count, by (from, to). */
const OWNERSHIP_EVENT: Record<string, string> = {
  'bot>queued': EVENT.handoffRequested, 'queued>agent': EVENT.handoffClaimed, 'agent>queued': EVENT.handoffReleased,
  'queued>bot': EVENT.handoffCancelled, 'agent>resolved': EVENT.handoffResolved,
};

/**
 * CTEs that append messages to the conversation locked by a CTE `c` (returning its `id` and its
 * `last_seq` after taking one number per message), from a JSON array of `appendJson` rows: `m`
 * (the stored messages) and `e` (their analytics events). Sequence numbers come from the row
 * lock, so concurrent writers of one conversation (the bot's turn, an agent's reply, a desk
 * notice, on any instance) never collide on (conversation, seq).
 */
const APPEND_MESSAGES = (json: string) => `r as (
         select * from jsonb_to_recordset(${json}::jsonb) as r(n integer, id text, role text, text text, lang text, channel text, entry_id text,
           confidence double precision, suggestions jsonb, handoff boolean, reply_to text, attachments jsonb, kind text, event_lang text, event_entry text, data jsonb)),
       m as (
         insert into messages (id, conversation_id, seq, role, text, lang, channel, entry_id, confidence, suggestions, handoff, reply_to, attachments)
         select r.id, c.id, c.last_seq - (select count(*) from r) + r.n, r.role, r.text, r.lang, r.channel, r.entry_id, r.confidence, r.suggestions,
           coalesce(r.handoff, false), r.reply_to, r.attachments
         from c, r order by r.n
         returning *),
       e as (
         insert into analytics_events (at, kind, conversation_id, channel, lang, entry_id, data)
         select m.created_at, r.kind, m.conversation_id, m.channel, r.event_lang, r.event_entry, r.data
         from m join r on r.id = m.id where r.kind is not null)`;

/** Messages as rows of APPEND_MESSAGES (1-based `n`), each with its analytics event: the bot's decision, or an agent's reply. */
function appendJson(messages: Array<NewMessage & { id?: string }>): string {
  return JSON.stringify(storableJson(messages.map((m, i) => {
    const id = m.id ?? randomUUID();
    const d = m.decision;
    const event = d
      ? { kind: EVENT.botDecision, event_lang: d.lang ?? m.lang ?? null, event_entry: d.entryId ?? null,
        data: { zone: d.zone, ...(d.confidence !== undefined ? { confidence: d.confidence } : {}), ...(d.reason ? { reason: d.reason } : {}), messageId: id } }
      : m.role === 'agent' ? { kind: EVENT.agentReplied, event_lang: m.lang ?? null, event_entry: null, data: {} } : { kind: null };
    return {
      n: i + 1, id, role: m.role, text: m.text, lang: m.lang ?? null, channel: m.channel, entry_id: m.entryId ?? null, confidence: m.confidence ?? null,
      suggestions: m.suggestions ?? null, handoff: m.handoff ?? false, reply_to: m.replyTo ?? null, attachments: m.attachments?.length ? m.attachments : null, ...event,
    };
  })));
}

/** Customers, conversations, transcripts and dedupe records, in SQL. */
/** A customer's columns, prefixed, beside their conversation's in one row (customerConversation). */
type CustomerColumns = { c_id: string; c_display_name: string | null; c_lang: string | null; c_created_at: Date };

export class ConversationStore {
  constructor(readonly db: Database) {}

  /**
   * Claim a delivery and store the customer's words in one transaction: a crash can neither
   * lose the message nor leave a claimed delivery without it. A delivery is identified by
   * (channel, sender, message id): message ids come from clients too (the chat API's
   * `messageId`, the widget's `clientId`), so two customers may send the same one, and neither
   * may ever be answered with the other's conversation. Of several concurrent deliveries of
   * the same key exactly one gets the stored message; the others get undefined.
   */
  async recordInbound(delivery: { channel: string; userId: string; externalId: string }, conversationId: string, message: NewMessage): Promise<StoredMessage | undefined> {
    const { channel, userId, externalId } = delivery;
    const id = randomUUID();
    // One statement, atomic on its own: the delivery is claimed naming the message's id; only
    // then is the conversation's row locked and its next sequence number taken, the message
    // appended, and a visit's start recorded: the customer's first message, or the first after
    // SESSION_GAP_MINUTES of silence while the bot held the conversation (a customer waiting for
    // or talking to a person stays in the visit that was handed off). The row keeps the time of
    // the latest customer message, so no query of the transcript is needed.
    const [row] = await this.db.query<MessageRow>(
      `with fresh as (
         insert into inbound_events (channel, user_id, external_id, message_id) values ($1, $2, $3, $4) on conflict do nothing returning 1),
       before as (select last_customer_at as previous from conversations where id = $5),
       c as (
         update conversations set last_seq = last_seq + 1, last_customer_at = now()
         where id = $5 and exists (select 1 from fresh)
         returning id, last_seq, customer_id, status, lang),
       ${APPEND_MESSAGES('$6')},
       visit as (
         insert into analytics_events (at, kind, conversation_id, customer_id, channel, lang, data)
         select m.created_at, '${EVENT.conversationStarted}', m.conversation_id, c.customer_id, m.channel, coalesce(m.lang, c.lang), '{}'::jsonb
         from m, c, before
         where c.status not in ('queued', 'agent') and (before.previous is null or m.created_at - before.previous >= make_interval(mins => $7)))
       select * from m`,
      [channel, userId, externalId, id, conversationId, appendJson([{ ...message, id }]), SESSION_GAP_MINUTES]);
    return row && toMessage(row);
  }

  /**
   * The stored customer message of an earlier delivery from the same sender, and what was sent in
   * reply. `answered` is false while its turn has not finished (or never will: the process
   * stopped mid-turn).
   */
  async priorDelivery(delivery: { channel: string; userId: string; externalId: string }): Promise<{ inbound?: StoredMessage; replies: StoredMessage[]; answered: boolean }> {
    const [ev] = await this.db.query<{ message_id: string | null; answered_at: Date | string | null }>(
      'select message_id, answered_at from inbound_events where channel = $1 and user_id = $2 and external_id = $3', [delivery.channel, delivery.userId, delivery.externalId]);
    const answered = Boolean(ev?.answered_at);
    if (!ev?.message_id) return { replies: [], answered };
    const [inbound] = await this.db.query<MessageRow>('select * from messages where id = $1', [ev.message_id]);
    const replies = await this.db.query<MessageRow>('select * from messages where reply_to = $1 order by seq', [ev.message_id]);
    return { inbound: inbound ? toMessage(inbound) : undefined, replies: replies.map(toMessage), answered };
  }

  /**
   * Store a turn's replies, the conversation's new state and the delivery's "answered" mark in
   * one transaction: after a crash a delivery is either answered with all of these replies or
   * not at all (and its turn runs again when its work is resumed).
   */
  async recordReplies(delivery: { channel: string; userId: string; externalId: string }, conversationId: string, replies: NewMessage[],
    patch?: { lang?: string; failedAttempts?: number; channel?: string }): Promise<StoredMessage[]> {
    return (await this.recordTurn(delivery, conversationId, replies, patch)).replies;
  }

  /**
   * `recordReplies`, also returning the conversation as the transaction left it (one statement
   * locks it, applies `patch` and marks the delivery answered; no read afterwards).
   */
  async recordTurn(delivery: { channel: string; userId: string; externalId: string }, conversationId: string, replies: NewMessage[],
    patch: { lang?: string; failedAttempts?: number; channel?: string } = {}): Promise<{ replies: StoredMessage[]; conversation?: Conversation }> {
    // One statement, atomic on its own: the conversation's row is locked and updated, taking as
    // many sequence numbers as there are replies; the replies and their analytics events are
    // written, and the delivery marked answered.
    const rows = await this.db.query<{ message: MessageRow | string | null; conversation: ConversationRow | string }>(
      `with answered as (
         update inbound_events set answered_at = coalesce(answered_at, now()) where channel = $5 and user_id = $6 and external_id = $7),
       c as (
         update conversations set lang = coalesce($2, lang), failed_attempts = coalesce($3, failed_attempts),
           channel = coalesce($4, channel), updated_at = now(), last_seq = last_seq + $8
         where id = $1 returning *),
       ${APPEND_MESSAGES('$9')}
       select to_jsonb(m.*) as message, to_jsonb(c.*) as conversation from c left join m on true order by m.seq`,
      [conversationId, patch.lang ?? null, patch.failedAttempts ?? null, patch.channel ?? null, delivery.channel, delivery.userId, delivery.externalId,
        replies.length, appendJson(replies)]);
    const parse = <T>(v: T | string): T => (typeof v === 'string' ? JSON.parse(v) as T : v);
    return {
      replies: rows.filter((r) => r.message).map((r) => toMessage(parse(r.message!))),
      conversation: rows[0] && toConversation(parse(rows[0].conversation)),
    };
  }

  /** Find or create the customer behind a channel address. */
  async resolveCustomer(channel: string, externalId: string, displayName?: string): Promise<Customer> {
    return this.db.transaction(async (tx) => {
      const [found] = await tx.query<{ id: string; display_name: string | null; lang: string | null; created_at: Date }>(
        'select c.* from identities i join customers c on c.id = i.customer_id where i.channel = $1 and i.external_id = $2', [channel, externalId]);
      if (found) return { id: found.id, displayName: found.display_name ?? undefined, lang: found.lang ?? undefined, createdAt: new Date(found.created_at) };
      const id = randomUUID();
      await tx.query('insert into customers (id, display_name) values ($1, $2)', [id, displayName ?? null]);
      const linked = await tx.query('insert into identities (channel, external_id, customer_id) values ($1, $2, $3) on conflict do nothing returning 1 as ok', [channel, externalId, id]);
      if (linked.length === 0) throw new Error(`identity ${channel}:${externalId} was created concurrently`);
      return { id, displayName, createdAt: new Date() };
    });
  }

  /**
   * The customer behind a channel address and their conversation, created on first contact: one
   * statement either way (what resolveCustomer and conversationFor do in turn).
   */
  async customerConversation(channel: string, externalId: string, displayName?: string): Promise<{ customer: Customer; conversation: Conversation }> {
    // Read the identity's customer and newest conversation; on first contact (no identity) insert
    // the identity, its customer and their conversation in the same statement (the foreign keys
    // are checked at its end), and for a customer known without a conversation (created by a
    // channel's identity linking) the conversation. Nothing is written when the identity exists
    // by now (created concurrently): no row comes back, and it is read as below.
    const [r] = await this.db.query<CustomerColumns & Partial<ConversationRow>>(
      `with found as (
         select c.id as c_id, c.display_name as c_display_name, c.lang as c_lang, c.created_at as c_created_at, v.*
         from identities i join customers c on c.id = i.customer_id
         left join lateral (select * from conversations where customer_id = c.id order by updated_at desc limit 1) v on true
         where i.channel = $1 and i.external_id = $2),
       ident as (
         insert into identities (channel, external_id, customer_id) select $1, $2, $3 where not exists (select 1 from found)
         on conflict do nothing returning customer_id),
       cust as (insert into customers (id, display_name) select customer_id, $4 from ident returning *),
       conv as (insert into conversations (id, customer_id, channel) select $5, customer_id, $1 from ident returning *),
       opened as (insert into conversations (id, customer_id, channel) select $5, c_id, $1 from found where found.id is null returning *)
       select * from found where found.id is not null
       union all
       select found.c_id, found.c_display_name, found.c_lang, found.c_created_at, opened.* from found, opened
       union all
       select cust.id, cust.display_name, cust.lang, cust.created_at, conv.* from cust, conv`,
      [channel, externalId, randomUUID(), displayName ?? null, randomUUID()]);
    const customerOf = (row: CustomerColumns) => ({ id: row.c_id, displayName: row.c_display_name ?? undefined, lang: row.c_lang ?? undefined, createdAt: new Date(row.c_created_at) });
    if (r?.id) return { customer: customerOf(r), conversation: toConversation(r as ConversationRow) };
    // A customer without a conversation, or one created concurrently.
    const customer = await this.resolveCustomer(channel, externalId, displayName);
    return { customer, conversation: await this.conversationFor(customer.id, channel) };
  }

  async customer(id: string): Promise<Customer | undefined> {
    const [r] = await this.db.query<{ id: string; display_name: string | null; lang: string | null; created_at: Date }>('select * from customers where id = $1', [id]);
    return r && { id: r.id, displayName: r.display_name ?? undefined, lang: r.lang ?? undefined, createdAt: new Date(r.created_at) };
  }

  async identities(customerId: string): Promise<Array<{ channel: string; externalId: string }>> {
    const rows = await this.db.query<{ channel: string; external_id: string }>('select channel, external_id from identities where customer_id = $1 order by created_at', [customerId]);
    return rows.map((r) => ({ channel: r.channel, externalId: r.external_id }));
  }

  /** The customer's conversation (one per customer, across channels), created on first contact. */
  async conversationFor(customerId: string, channel: string): Promise<Conversation> {
    const [found] = await this.db.query<ConversationRow>('select * from conversations where customer_id = $1 order by updated_at desc limit 1', [customerId]);
    if (found) return toConversation(found);
    const id = randomUUID();
    const [row] = await this.db.query<ConversationRow>('insert into conversations (id, customer_id, channel) values ($1, $2, $3) returning *', [id, customerId, channel]);
    return toConversation(row!);
  }

  /** The Chinese script the conversation's customer last wrote in, if they wrote one that tells. */
  async chineseScript(conversationId: string): Promise<ChineseScript | undefined> {
    const [r] = await this.db.query<{ script: ChineseScript }>('select script from conversation_scripts where conversation_id = $1', [conversationId]);
    return r?.script;
  }

  /** Remember the Chinese script the customer wrote in (see chineseScript). */
  async setChineseScript(conversationId: string, script: ChineseScript): Promise<void> {
    await this.db.query(
      `insert into conversation_scripts (conversation_id, script) values ($1, $2)
       on conflict (conversation_id) do update set script = excluded.script, updated_at = now() where conversation_scripts.script <> excluded.script`,
      [conversationId, script]);
  }

  async conversation(id: string): Promise<Conversation | undefined> {
    const [r] = await this.db.query<ConversationRow>('select * from conversations where id = $1', [id]);
    return r && toConversation(r);
  }

  async listConversations(status?: Ownership, limit = 100): Promise<Conversation[]> {
    const rows = status
      ? await this.db.query<ConversationRow>('select * from conversations where status = $1 order by updated_at desc limit $2', [status, limit])
      : await this.db.query<ConversationRow>('select * from conversations order by updated_at desc limit $1', [limit]);
    return rows.map(toConversation);
  }

  async updateConversation(id: string, patch: { lang?: string; failedAttempts?: number; channel?: string }): Promise<void> {
    await this.patchConversation(this.db, id, patch);
  }

  private async patchConversation(client: SqlClient, id: string, patch: { lang?: string; failedAttempts?: number; channel?: string }): Promise<void> {
    await client.query(
      `update conversations set lang = coalesce($2, lang), failed_attempts = coalesce($3, failed_attempts),
       channel = coalesce($4, channel), updated_at = now() where id = $1`,
      [id, patch.lang ?? null, patch.failedAttempts ?? null, patch.channel ?? null]);
  }

  /**
   * Move ownership from `from` to `to`, recording who and why. Compare-and-set: returns
   * false (and changes nothing) when the conversation is no longer in `from` (or, with
   * `expectAssignee`, no longer held by that agent). Which moves are legal is decided by
   * bot/ownership.ts; this is only the atomic write.
   *
   * The queue bookkeeping follows the status: entering `queued` stamps `queuedAt`, leaving it
   * clears `queuedAt` and `flaggedAt`; `assignee` is set only while the status is `agent`.
   */
  async transition(id: string, from: Ownership, to: Ownership, actor: string, reason?: string,
    options: { assignee?: string; expectAssignee?: string } = {}): Promise<boolean> {
    const assignee = to === 'agent' ? options.assignee ?? null : null;
    return this.db.transaction(async (tx) => {
      const moved = await tx.query(
        `update conversations set status = $3, updated_at = now(), assignee = $4,
           queued_at = case when $3 = 'queued' then now() else null end,
           flagged_at = null,
           rating_requested_at = case when $3 = 'bot' then null else rating_requested_at end
         where id = $1 and status = $2 and ($5::text is null or assignee = $5) returning customer_id, channel, lang`,
        [id, from, to, assignee, options.expectAssignee ?? null]);
      if (moved.length === 0) return false;
      await tx.query('insert into ownership_events (conversation_id, from_status, to_status, actor, reason, assignee) values ($1, $2, $3, $4, $5, $6)',
        [id, from, to, actor, reason ?? null, assignee]);
      const kind = OWNERSHIP_EVENT[`${from}>${to}`];
      const c = moved[0] as { customer_id: string; channel: string; lang: string | null };
      if (kind) {
        await recordEvent(tx, { kind, conversationId: id, customerId: c.customer_id, channel: c.channel, lang: c.lang,
          data: kind === EVENT.handoffRequested ? { reason: reason ?? 'unknown' } : { actor } });
      }
      return true;
    });
  }

  async ownershipHistory(id: string): Promise<OwnershipEvent[]> {
    const rows = await this.db.query<{ from_status: Ownership; to_status: Ownership; actor: string; reason: string | null; assignee: string | null; created_at: Date }>(
      'select * from ownership_events where conversation_id = $1 order by id', [id]);
    return rows.map((r) => ({ from: r.from_status, to: r.to_status, actor: r.actor, reason: r.reason ?? undefined, assignee: r.assignee ?? undefined, at: new Date(r.created_at) }));
  }

  /** Conversations waiting for a person, longest-waiting first. */
  async queue(limit = 500): Promise<Conversation[]> {
    const rows = await this.db.query<ConversationRow>("select * from conversations where status = 'queued' order by queued_at, id limit $1", [limit]);
    return rows.map(toConversation);
  }

  /** 1-based place in the human queue; undefined when the conversation is not queued. */
  async queuePosition(id: string): Promise<number | undefined> {
    const [r] = await this.db.query<{ n: number | string | null }>(
      `select (select count(*) from conversations q where q.status = 'queued' and (q.queued_at, q.id) <= (c.queued_at, c.id)) as n
       from conversations c where c.id = $1 and c.status = 'queued'`, [id]);
    return r?.n == null ? undefined : Number(r.n);
  }

  /**
   * Entries the bot answered most in `lang` (its replies that carry an entry id), most first:
   * what customers ask most, for starter topics.
   */
  async mostAnsweredEntries(lang: string, limit: number): Promise<Array<{ entryId: string; count: number }>> {
    const rows = await this.db.query<{ entry_id: string; n: number | string }>(
      `select entry_id, count(*) as n from messages where role = 'bot' and entry_id is not null and lang = $1
       group by entry_id order by count(*) desc, entry_id limit $2`, [lang, limit]);
    return rows.map((r) => ({ entryId: r.entry_id, count: Number(r.n) }));
  }

  /** When the conversation's latest message with this role was stored (e.g. the latest queue notice). */
  async lastMessageAt(conversationId: string, role: StoredMessage['role']): Promise<Date | undefined> {
    const [r] = await this.db.query<{ at: Date | string | null }>('select max(created_at) as at from messages where conversation_id = $1 and role = $2', [conversationId, role]);
    return r?.at ? new Date(r.at) : undefined;
  }

  /**
   * The typical (median) wait, in seconds, between joining the queue and being claimed, over the
   * claims of the last `days` days; undefined with fewer than `minClaims` of them (not known).
   */
  async typicalClaimWaitSeconds(days = 7, minClaims = 3): Promise<number | undefined> {
    const rows = await this.db.query<{ s: number | string }>(
      `select extract(epoch from (c.created_at - q.created_at)) as s from ownership_events c
       join lateral (select created_at from ownership_events e where e.conversation_id = c.conversation_id and e.to_status = 'queued' and e.id < c.id order by e.id desc limit 1) q on true
       where c.from_status = 'queued' and c.to_status = 'agent' and c.created_at > now() - make_interval(days => $1::int)
       order by c.id desc limit 200`, [days]);
    if (rows.length < minClaims) return undefined;
    const waits = rows.map((r) => Number(r.s)).sort((a, b) => a - b);
    return waits[Math.floor(waits.length / 2)];
  }

  /**
   * Flag a queued conversation nobody claimed in time. Compare-and-set: of several instances
   * sweeping at once, exactly one gets `true` and tells the customer.
   */
  async flagUnclaimed(id: string): Promise<boolean> {
    const rows = await this.db.query("update conversations set flagged_at = now() where id = $1 and status = 'queued' and flagged_at is null returning 1 as ok", [id]);
    return rows.length === 1;
  }

  /** Remember that the customer was asked for a 1-5 rating (the next message may be it). */
  async requestRating(id: string): Promise<void> {
    await this.db.query('update conversations set rating_requested_at = now() where id = $1', [id]);
  }

  /**
   * Store the customer's rating and clear the request. Compare-and-set on the pending request,
   * so a redelivered message does not count twice. Returns false when no rating was pending.
   */
  async recordRating(id: string, score: number, messageId?: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const [conv] = await tx.query<{ assignee: string | null }>(
        `update conversations set rating_requested_at = null where id = $1 and rating_requested_at is not null
         returning (select e.actor from ownership_events e where e.conversation_id = $1 and e.to_status = 'resolved' order by e.id desc limit 1) as assignee,
           customer_id, channel, lang`, [id]);
      if (!conv) return false;
      await tx.query('insert into conversation_ratings (conversation_id, score, agent_id, message_id) values ($1, $2, $3, $4)', [id, score, conv.assignee, messageId ?? null]);
      const c = conv as unknown as { customer_id: string; channel: string; lang: string | null };
      await recordEvent(tx, { kind: EVENT.rating, conversationId: id, customerId: c.customer_id, channel: c.channel, lang: c.lang, data: { score, agent: conv.assignee } });
      return true;
    });
  }

  /** Forget a pending rating request (the customer moved on without answering it). */
  async clearRatingRequest(id: string): Promise<void> {
    await this.db.query('update conversations set rating_requested_at = null where id = $1', [id]);
  }

  async ratings(conversationId: string): Promise<Array<{ score: number; agentId?: string; createdAt: Date }>> {
    const rows = await this.db.query<{ score: number; agent_id: string | null; created_at: Date }>(
      'select * from conversation_ratings where conversation_id = $1 order by id', [conversationId]);
    return rows.map((r) => ({ score: Number(r.score), agentId: r.agent_id ?? undefined, createdAt: new Date(r.created_at) }));
  }

  async addNote(conversationId: string, note: { authorId: string; authorName?: string; text: string }): Promise<ConversationNote> {
    const id = randomUUID();
    const [r] = await this.db.query<{ created_at: Date }>(
      'insert into conversation_notes (id, conversation_id, author_id, author_name, text) values ($1, $2, $3, $4, $5) returning created_at',
      [id, conversationId, note.authorId, note.authorName ?? null, note.text]);
    return { id, conversationId, authorId: note.authorId, authorName: note.authorName, text: note.text, createdAt: new Date(r!.created_at) };
  }

  async notes(conversationId: string): Promise<ConversationNote[]> {
    const rows = await this.db.query<{ id: string; conversation_id: string; author_id: string; author_name: string | null; text: string; created_at: Date }>(
      'select * from conversation_notes where conversation_id = $1 order by created_at, id', [conversationId]);
    return rows.map((r) => ({ id: r.id, conversationId: r.conversation_id, authorId: r.author_id, authorName: r.author_name ?? undefined, text: r.text, createdAt: new Date(r.created_at) }));
  }

  /**
   * Append to the transcript; the sequence number is assigned inside the insert. Writers of one
   * conversation (the bot's turn, an agent's reply, a desk notice, on any instance) take turns on
   * the conversation's row lock, so the next one sees the previous message and sequence numbers
   * never collide (without it, concurrent appends on PostgreSQL failed on the unique (conversation, seq)).
   * Pass `client` to append inside a transaction the caller already holds.
   */
  async appendMessage(conversationId: string, m: NewMessage, client?: SqlClient): Promise<StoredMessage> {
    return this.insertMessage(client ?? this.db, conversationId, m);
  }

  /**
   * One message and, for a reply carrying the bot's decision or an agent's reply, its analytics
   * event, in one statement: the conversation's row is locked and its next sequence number taken
   * by the same statement (a customer's message also keeps the row's latest customer time).
   */
  private async insertMessage(client: SqlClient, conversationId: string, m: NewMessage): Promise<StoredMessage> {
    const [row] = await client.query<MessageRow>(
      `with c as (
         update conversations set last_seq = last_seq + 1, last_customer_at = case when $2 = 'customer' then now() else last_customer_at end
         where id = $1 returning id, last_seq),
       ${APPEND_MESSAGES('$3')}
       select * from m`, [conversationId, m.role, appendJson([m])]);
    if (!row) throw new Error(`no conversation ${conversationId}`);
    return toMessage(row);
  }

  /** Messages after `afterSeq` (all by default), oldest first. */
  async transcript(conversationId: string, afterSeq = 0): Promise<StoredMessage[]> {
    const rows = await this.db.query<MessageRow>('select * from messages where conversation_id = $1 and seq > $2 order by seq', [conversationId, afterSeq]);
    return rows.map(toMessage);
  }

  /** The `limit` messages before seq `beforeSeq`, newest first. */
  async messagesBefore(conversationId: string, beforeSeq: number, limit: number): Promise<StoredMessage[]> {
    const rows = await this.db.query<MessageRow>('select * from messages where conversation_id = $1 and seq < $2 order by seq desc limit $3', [conversationId, beforeSeq, limit]);
    return rows.map(toMessage);
  }

  /** The newest message of a conversation. */
  async lastMessage(conversationId: string): Promise<StoredMessage | undefined> {
    const [r] = await this.db.query<MessageRow>('select * from messages where conversation_id = $1 order by seq desc limit 1', [conversationId]);
    return r && toMessage(r);
  }

  async message(id: string): Promise<StoredMessage | undefined> {
    const [r] = await this.db.query<MessageRow>('select * from messages where id = $1', [id]);
    return r && toMessage(r);
  }

  async saveHandoff(conversationId: string, reason: string, packet: unknown): Promise<string> {
    const id = randomUUID();
    await this.db.query('insert into handoffs (id, conversation_id, reason, packet) values ($1, $2, $3, $4)', [id, conversationId, reason, JSON.stringify(packet)]);
    return id;
  }

  /** The newest handoff's reason and the question that failed, without loading packets' transcripts. */
  async latestHandoff(conversationId: string): Promise<{ reason: string; failedQuestion?: string; createdAt: Date } | undefined> {
    const [r] = await this.db.query<{ reason: string; failed_question: string | null; created_at: Date }>(
      "select reason, packet->>'failedQuestion' as failed_question, created_at from handoffs where conversation_id = $1 order by created_at desc limit 1", [conversationId]);
    return r && { reason: r.reason, failedQuestion: r.failed_question ?? undefined, createdAt: new Date(r.created_at) };
  }

  async handoffs(conversationId: string): Promise<Array<{ id: string; reason: string; packet: unknown; createdAt: Date }>> {
    const rows = await this.db.query<{ id: string; reason: string; packet: unknown; created_at: Date }>('select * from handoffs where conversation_id = $1 order by created_at', [conversationId]);
    return rows.map((r) => ({ id: r.id, reason: r.reason, packet: typeof r.packet === 'string' ? JSON.parse(r.packet) : r.packet, createdAt: new Date(r.created_at) }));
  }
}
