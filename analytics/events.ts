import type { SqlClient } from '../bot/db.ts';

/**
 * The append-only record analytics read. Each event is one fact at one time; nothing is updated
 * or deleted, so every figure can be recomputed from it. Writers pass the transaction that
 * stores the fact itself (a message, a vote), so the record never disagrees with the data.
 *
 * Kinds are dotted names owned by their writer, e.g. `help.view`, `help.search`, `help.vote`
 * (the help center); the bot's and the desk's kinds are listed in docs/METRICS.md.
 */
export interface AnalyticsEvent {
  kind: string;
  /** When it happened; the database's clock when omitted. */
  at?: Date;
  conversationId?: string | null;
  customerId?: string | null;
  channel?: string | null;
  lang?: string | null;
  entryId?: string | null;
  /** Anything else the kind needs (a query, a result count, a vote), as JSON. */
  data?: Record<string, unknown>;
}

export interface StoredAnalyticsEvent extends Required<Omit<AnalyticsEvent, 'at' | 'data'>> {
  id: number;
  at: Date;
  data: Record<string, unknown>;
}

/** Append one event through `sql` (a transaction, or the database itself). */
export async function recordEvent(sql: SqlClient, event: AnalyticsEvent): Promise<void> {
  await sql.query(
    `insert into analytics_events (at, kind, conversation_id, customer_id, channel, lang, entry_id, data)
     values (coalesce($1::timestamptz, now()), $2, $3, $4, $5, $6, $7, $8::jsonb)`,
    [event.at?.toISOString() ?? null, event.kind, event.conversationId ?? null, event.customerId ?? null,
      event.channel ?? null, event.lang ?? null, event.entryId ?? null, JSON.stringify(event.data ?? {})],
  );
}

/** Events of the given kinds in [from, to), oldest first. */
export async function readEvents(sql: SqlClient, kinds: readonly string[], from: Date, to: Date): Promise<StoredAnalyticsEvent[]> {
  const rows = await sql.query<{ id: string | number; at: Date | string; kind: string; conversation_id: string | null; customer_id: string | null; channel: string | null; lang: string | null; entry_id: string | null; data: unknown }>(
    `select id, at, kind, conversation_id, customer_id, channel, lang, entry_id, data from analytics_events
     where kind = any($1::text[]) and at >= $2 and at < $3 order by at, id`,
    [kinds, from.toISOString(), to.toISOString()],
  );
  return rows.map((r) => ({
    id: Number(r.id), at: new Date(r.at), kind: r.kind, conversationId: r.conversation_id, customerId: r.customer_id,
    channel: r.channel, lang: r.lang, entryId: r.entry_id,
    data: (typeof r.data === 'string' ? JSON.parse(r.data) : r.data ?? {}) as Record<string, unknown>,
  }));
}
