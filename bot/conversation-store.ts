import { randomUUID } from 'node:crypto';
import type { Database, SqlClient } from './db.ts';
import type { Conversation, Customer, Ownership, StoredMessage, Suggestion } from './types.ts';

interface MessageRow {
  id: string; conversation_id: string; seq: number; role: StoredMessage['role']; text: string; lang: string | null;
  channel: string; entry_id: string | null; confidence: number | null; suggestions: Suggestion[] | string | null;
  handoff: boolean; created_at: Date | string;
}
interface ConversationRow {
  id: string; customer_id: string; channel: string; status: Ownership; lang: string | null;
  failed_attempts: number; created_at: Date | string; updated_at: Date | string;
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
  createdAt: new Date(r.created_at),
});

const toConversation = (r: ConversationRow): Conversation => ({
  id: r.id,
  customerId: r.customer_id,
  channel: r.channel,
  status: r.status,
  lang: r.lang ?? undefined,
  failedAttempts: Number(r.failed_attempts),
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
});

export type NewMessage = Omit<StoredMessage, 'id' | 'seq' | 'createdAt' | 'conversationId'> & { replyTo?: string };

/** Customers, conversations, transcripts and dedupe records, in SQL. */
export class ConversationStore {
  constructor(readonly db: Database) {}

  /**
   * Record that a provider delivery was seen. Atomic: of several concurrent deliveries
   * of the same (channel, externalId), exactly one gets `true`.
   */
  async claimInbound(channel: string, externalId: string): Promise<boolean> {
    const rows = await this.db.query('insert into inbound_events (channel, external_id) values ($1, $2) on conflict do nothing returning 1 as ok', [channel, externalId]);
    return rows.length === 1;
  }

  async linkInbound(channel: string, externalId: string, messageId: string): Promise<void> {
    await this.db.query('update inbound_events set message_id = $3 where channel = $1 and external_id = $2', [channel, externalId, messageId]);
  }

  /** The stored customer message of an earlier delivery, and what was sent in reply. */
  async priorDelivery(channel: string, externalId: string): Promise<{ inbound?: StoredMessage; replies: StoredMessage[] }> {
    const [ev] = await this.db.query<{ message_id: string | null }>('select message_id from inbound_events where channel = $1 and external_id = $2', [channel, externalId]);
    if (!ev?.message_id) return { replies: [] };
    const [inbound] = await this.db.query<MessageRow>('select * from messages where id = $1', [ev.message_id]);
    const replies = await this.db.query<MessageRow>('select * from messages where reply_to = $1 order by seq', [ev.message_id]);
    return { inbound: inbound ? toMessage(inbound) : undefined, replies: replies.map(toMessage) };
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
    await this.db.query(
      `update conversations set lang = coalesce($2, lang), failed_attempts = coalesce($3, failed_attempts),
       channel = coalesce($4, channel), updated_at = now() where id = $1`,
      [id, patch.lang ?? null, patch.failedAttempts ?? null, patch.channel ?? null]);
  }

  /**
   * Move ownership from `from` to `to`, recording who and why. Compare-and-set: returns
   * false (and changes nothing) when the conversation is no longer in `from`.
   */
  async transition(id: string, from: Ownership, to: Ownership, actor: string, reason?: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const moved = await tx.query('update conversations set status = $3, updated_at = now() where id = $1 and status = $2 returning 1 as ok', [id, from, to]);
      if (moved.length === 0) return false;
      await tx.query('insert into ownership_events (conversation_id, from_status, to_status, actor, reason) values ($1, $2, $3, $4, $5)', [id, from, to, actor, reason ?? null]);
      return true;
    });
  }

  async ownershipHistory(id: string): Promise<Array<{ from: Ownership; to: Ownership; actor: string; reason?: string; at: Date }>> {
    const rows = await this.db.query<{ from_status: Ownership; to_status: Ownership; actor: string; reason: string | null; created_at: Date }>(
      'select * from ownership_events where conversation_id = $1 order by id', [id]);
    return rows.map((r) => ({ from: r.from_status, to: r.to_status, actor: r.actor, reason: r.reason ?? undefined, at: new Date(r.created_at) }));
  }

  /** Append to the transcript; the sequence number is assigned inside the insert. */
  async appendMessage(conversationId: string, m: NewMessage, client: SqlClient = this.db): Promise<StoredMessage> {
    const [row] = await client.query<MessageRow>(
      `insert into messages (id, conversation_id, seq, role, text, lang, channel, entry_id, confidence, suggestions, handoff, reply_to)
       select $1, $2, coalesce(max(seq), 0) + 1, $3, $4, $5, $6, $7, $8, $9, $10, $11 from messages where conversation_id = $2
       returning *`,
      [randomUUID(), conversationId, m.role, m.text, m.lang ?? null, m.channel, m.entryId ?? null, m.confidence ?? null,
        m.suggestions ? JSON.stringify(m.suggestions) : null, m.handoff ?? false, m.replyTo ?? null]);
    return toMessage(row!);
  }

  /** Messages after `afterSeq` (all by default), oldest first. */
  async transcript(conversationId: string, afterSeq = 0): Promise<StoredMessage[]> {
    const rows = await this.db.query<MessageRow>('select * from messages where conversation_id = $1 and seq > $2 order by seq', [conversationId, afterSeq]);
    return rows.map(toMessage);
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

  async handoffs(conversationId: string): Promise<Array<{ id: string; reason: string; packet: unknown; createdAt: Date }>> {
    const rows = await this.db.query<{ id: string; reason: string; packet: unknown; created_at: Date }>('select * from handoffs where conversation_id = $1 order by created_at', [conversationId]);
    return rows.map((r) => ({ id: r.id, reason: r.reason, packet: typeof r.packet === 'string' ? JSON.parse(r.packet) : r.packet, createdAt: new Date(r.created_at) }));
  }
}
