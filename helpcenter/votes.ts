import { recordEvent } from '../analytics/index.ts';
import type { Database } from '../bot/index.ts';

/** One "was this helpful?" answer. */
export interface HelpVote {
  /** The reader's id (the help center's cookie). */
  readerId: string;
  entryId: string;
  lang: string;
  helpful: boolean;
  /** What was missing, when the reader said so (only with helpful = false). */
  reason?: string;
}

/** Longest "what was missing?" kept, in characters. */
export const MAX_REASON = 500;

/**
 * "Was this helpful?" votes: one per reader and article (the table's primary key), the first
 * counts. The vote and its `help.vote` analytics event are written in one transaction, so the
 * event record never counts a vote the table does not hold, or the other way round.
 */
export class HelpVotes {
  constructor(private readonly db: Database) {}

  /** "recorded", or "already" when this reader had voted on this article before (nothing changes). */
  async vote(v: HelpVote): Promise<'recorded' | 'already'> {
    const reason = !v.helpful && v.reason?.trim() ? v.reason.trim().slice(0, MAX_REASON) : undefined;
    return this.db.transaction(async (tx) => {
      const rows = await tx.query(
        `insert into help_votes (reader_id, entry_id, lang, helpful, reason) values ($1, $2, $3, $4, $5)
         on conflict (reader_id, entry_id) do nothing returning entry_id`,
        [v.readerId, v.entryId, v.lang, v.helpful, reason ?? null]);
      if (!rows.length) return 'already';
      await recordEvent(tx, { kind: 'help.vote', entryId: v.entryId, lang: v.lang, data: { helpful: v.helpful, ...(reason ? { reason } : {}) } });
      return 'recorded';
    });
  }

  /** Helpful and not-helpful counts of an article, across languages. */
  async tally(entryId: string): Promise<{ helpful: number; notHelpful: number }> {
    const [row] = await this.db.query<{ yes: number | string; no: number | string }>(
      'select count(*) filter (where helpful)::int as yes, count(*) filter (where not helpful)::int as no from help_votes where entry_id = $1', [entryId]);
    return { helpful: Number(row?.yes ?? 0), notHelpful: Number(row?.no ?? 0) };
  }
}
