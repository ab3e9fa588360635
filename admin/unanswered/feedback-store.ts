import type { Database } from '../../bot/index.ts';
import { EVENT, recordEvent } from '../../analytics/index.ts';

/** A customer's verdict on one bot answer. */
export interface MessageFeedback {
  messageId: string;
  conversationId: string;
  helpful: boolean;
  createdAt: Date;
  updatedAt: Date;
}

interface FeedbackRow { message_id: string; conversation_id: string; helpful: boolean; created_at: Date | string; updated_at: Date | string; previous: boolean | null }

/** Helpful/unhelpful feedback on bot answers (one per message; the last click counts), in SQL. */
export class FeedbackStore {
  constructor(readonly db: Database) {}

  /** Store the verdict; `previous` is the one it replaced, if any. */
  async set(conversationId: string, messageId: string, helpful: boolean): Promise<MessageFeedback & { previous?: boolean }> {
    return this.db.transaction(async (tx) => {
      const [old] = await tx.query<{ helpful: boolean }>('select helpful from message_feedback where message_id = $1 for update', [messageId]);
      const [row] = await tx.query<FeedbackRow>(
        `insert into message_feedback (message_id, conversation_id, helpful) values ($1, $2, $3)
         on conflict (message_id) do update set helpful = excluded.helpful, updated_at = now() returning *`,
        [messageId, conversationId, helpful]);
      if (old?.helpful !== helpful) {
        const [m] = await tx.query<{ entry_id: string | null; channel: string; lang: string | null }>('select entry_id, channel, lang from messages where id = $1', [messageId]);
        await recordEvent(tx, { kind: EVENT.feedback, conversationId, channel: m?.channel, lang: m?.lang, entryId: m?.entry_id,
          data: { helpful, messageId, ...(old ? { previous: old.helpful } : {}) } });
      }
      return {
        messageId: row!.message_id, conversationId: row!.conversation_id, helpful: row!.helpful,
        createdAt: new Date(row!.created_at), updatedAt: new Date(row!.updated_at), previous: old?.helpful,
      };
    });
  }

  /**
   * Take the customer's verdict back (a messaging app's reaction removed or replaced by one that
   * says nothing): the row goes, and the analytics count it no more. `previous` is the verdict
   * withdrawn; undefined when there was none.
   */
  async clear(messageId: string): Promise<{ previous?: boolean }> {
    return this.db.transaction(async (tx) => {
      const [old] = await tx.query<{ helpful: boolean; conversation_id: string }>('delete from message_feedback where message_id = $1 returning helpful, conversation_id', [messageId]);
      if (!old) return {};
      const [m] = await tx.query<{ entry_id: string | null; channel: string; lang: string | null }>('select entry_id, channel, lang from messages where id = $1', [messageId]);
      await recordEvent(tx, { kind: EVENT.feedback, conversationId: old.conversation_id, channel: m?.channel, lang: m?.lang, entryId: m?.entry_id,
        data: { helpful: null, messageId, previous: old.helpful } });
      return { previous: old.helpful };
    });
  }

  /** The verdicts on several messages (those without one are absent). */
  async many(messageIds: string[]): Promise<Map<string, boolean>> {
    if (!messageIds.length) return new Map();
    const rows = await this.db.query<{ message_id: string; helpful: boolean }>('select message_id, helpful from message_feedback where message_id = any($1::text[])', [messageIds]);
    return new Map(rows.map((r) => [r.message_id, r.helpful]));
  }

  /** The verdict on a message, if the customer gave one. */
  async get(messageId: string): Promise<MessageFeedback | undefined> {
    const [row] = await this.db.query<FeedbackRow>('select * from message_feedback where message_id = $1', [messageId]);
    return row ? { messageId: row.message_id, conversationId: row.conversation_id, helpful: row.helpful, createdAt: new Date(row.created_at), updatedAt: new Date(row.updated_at) } : undefined;
  }
}
