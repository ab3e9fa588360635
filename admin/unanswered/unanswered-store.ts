import { randomUUID } from 'node:crypto';
import type { Database, SqlClient } from '../../bot/index.ts';
import { normalizedQuestion, QuestionSimilarity } from './similarity.ts';
import type { Chosen, GroupStatus, NewUnanswered, UnansweredGroup, UnansweredQuestion, UnansweredReason, UnansweredSource } from './types.ts';

export interface UnansweredStoreOptions {
  /** The similarity in use (IDF from the live knowledge base); asked on every record. Default: unweighted. */
  similarity?: () => QuestionSimilarity;
  /** A question joins the most similar group of its language at or above this. Default 0.62. */
  threshold?: number;
  /** Questions listed per group (newest first). Default 50. */
  questionLimit?: number;
}

interface GroupRow {
  id: string; lang: string; text: string; status: GroupStatus; dismiss_reason: string | null; resolved_entry_id: string | null;
  created_at: Date | string; n: number | string; clarify: number | string; handoff: number | string; unhelpful: number | string; last_at: Date | string;
}
interface QuestionRow {
  id: string; group_id: string; conversation_id: string | null; message_id: string | null; text: string; lang: string; reason: UnansweredReason; source: UnansweredSource | null;
  suggested_entry_id: string | null; suggested_title: string | null; suggested_confidence: number | null; created_at: Date | string;
  /** From unanswered_choices (QUESTION_SELECT); absent where a query does not join it. */
  chosen_entry_id?: string | null; chosen_title?: string | null;
}

/** Questions (as `q`) with the suggestion their customer pressed, if any: the columns, and where they come from. */
const QUESTION_COLUMNS = 'q.*, c.entry_id as chosen_entry_id, c.title as chosen_title';
const QUESTION_FROM = 'unanswered_questions q left join unanswered_choices c on c.question_id = q.id';
const QUESTION_SELECT = `select ${QUESTION_COLUMNS} from ${QUESTION_FROM}`;

const toQuestion = (r: QuestionRow): UnansweredQuestion => ({
  id: r.id, groupId: r.group_id, text: r.text, lang: r.lang, at: new Date(r.created_at), reason: r.reason, source: r.source ?? 'chat',
  ...(r.conversation_id ? { conversationId: r.conversation_id } : {}), ...(r.message_id ? { messageId: r.message_id } : {}),
  suggested: r.suggested_entry_id ? { entryId: r.suggested_entry_id, title: r.suggested_title ?? r.suggested_entry_id, confidence: Number(r.suggested_confidence ?? 0) } : undefined,
  ...(r.chosen_entry_id ? { chosen: { entryId: r.chosen_entry_id, title: r.chosen_title ?? r.chosen_entry_id } } : {}),
});

const GROUP_SELECT = `
  select g.id, g.lang, g.text, g.status, g.dismiss_reason, g.resolved_entry_id, g.created_at,
    count(q.id)::int as n,
    sum(case when q.reason = 'clarify' then 1 else 0 end)::int as clarify,
    sum(case when q.reason = 'handoff' then 1 else 0 end)::int as handoff,
    sum(case when q.reason = 'unhelpful' then 1 else 0 end)::int as unhelpful,
    max(q.created_at) as last_at
  from unanswered_groups g join unanswered_questions q on q.group_id = g.id`;

/**
 * The unanswered-questions inbox in SQL (PGlite or PostgreSQL): questions the bot could not
 * answer confidently, grouped as they arrive with the most similar group of their language
 * (open or dismissed: a dismissed topic stays quiet; resolved groups are closed, so a question
 * the fix did not cover starts a new group). Recording takes a per-language advisory lock, so
 * two instances never split one topic into two groups.
 */
export class UnansweredStore {
  private readonly threshold: number;
  private readonly questionLimit: number;

  constructor(readonly db: Database, private readonly options: UnansweredStoreOptions = {}) {
    this.threshold = options.threshold ?? 0.62;
    this.questionLimit = options.questionLimit ?? 50;
  }

  /**
   * Add a question to its group (a new group when nothing is similar enough).
   * Returns undefined when this message was already recorded for this reason.
   */
  async record(q: NewUnanswered): Promise<{ question: UnansweredQuestion; created: boolean } | undefined> {
    const sim = this.options.similarity?.() ?? new QuestionSimilarity();
    return this.db.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`faqbot:unanswered:${q.lang}`]);
      // A message counts once per reason (a help-center search has no message: each one counts).
      const [seen] = q.messageId ? await tx.query('select 1 as x from unanswered_questions where message_id = $1 and reason = $2', [q.messageId, q.reason]) : [];
      if (seen) return undefined;
      let groupId = await this.closestGroup(tx, sim, q.text, q.lang);
      const created = !groupId;
      if (!groupId) {
        groupId = randomUUID();
        await tx.query('insert into unanswered_groups (id, lang, text) values ($1, $2, $3)', [groupId, q.lang, q.text]);
      }
      const [row] = await tx.query<QuestionRow>(
        `insert into unanswered_questions (id, group_id, conversation_id, message_id, text, lang, reason, suggested_entry_id, suggested_title, suggested_confidence, source)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning *`,
        [randomUUID(), groupId, q.conversationId ?? null, q.messageId ?? null, q.text, q.lang, q.reason, q.suggested?.entryId ?? null, q.suggested?.title ?? null, q.suggested?.confidence ?? null, q.source ?? 'chat']);
      return { question: toQuestion(row!), created };
    });
  }

  private async closestGroup(tx: SqlClient, sim: QuestionSimilarity, text: string, lang: string): Promise<string | undefined> {
    const rows = await tx.query<{ id: string; status: GroupStatus; text: string }>(
      `select g.id, g.status, q.text from unanswered_groups g join unanswered_questions q on q.group_id = g.id
       where g.lang = $1 and g.status in ('open', 'dismissed') order by q.created_at desc limit 5000`, [lang]);
    const norm = normalizedQuestion(text);
    const v = sim.vector(text, lang);
    let best: { id: string; score: number; open: boolean } | undefined;
    const seen = new Set<string>();
    for (const r of rows) {
      const key = `${r.id}\0${normalizedQuestion(r.text)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const score = normalizedQuestion(r.text) === norm ? 1 : sim.similarity(v, sim.vector(r.text, lang));
      const open = r.status === 'open';
      // Highest score wins; on a tie an open group beats a dismissed one, then the lower id (deterministic).
      if (score >= this.threshold && (!best || score > best.score || (score === best.score && (open && !best.open || (open === best.open && r.id < best.id))))) {
        best = { id: r.id, score, open };
      }
    }
    return best?.id;
  }

  /** Groups with their counts, most asked first. */
  async list(filter: { status?: GroupStatus; lang?: string; limit?: number } = {}): Promise<UnansweredGroup[]> {
    const rows = await this.db.query<GroupRow>(
      `${GROUP_SELECT} where ($1::text is null or g.status = $1) and ($2::text is null or g.lang = $2)
       group by g.id order by n desc, last_at desc, g.id limit $3`,
      [filter.status ?? null, filter.lang ?? null, Math.max(1, Math.min(1000, filter.limit ?? 200))]);
    return this.withQuestions(rows);
  }

  /** One group, or undefined. */
  async group(id: string): Promise<UnansweredGroup | undefined> {
    const rows = await this.db.query<GroupRow>(`${GROUP_SELECT} where g.id = $1 group by g.id`, [id]);
    return (await this.withQuestions(rows))[0];
  }

  /** Every question of a group, oldest first. */
  async questions(groupId: string): Promise<UnansweredQuestion[]> {
    return (await this.db.query<QuestionRow>(`${QUESTION_SELECT} where q.group_id = $1 order by q.created_at, q.id`, [groupId])).map(toQuestion);
  }

  private async withQuestions(rows: GroupRow[]): Promise<UnansweredGroup[]> {
    if (!rows.length) return [];
    const ids = rows.map((r) => r.id);
    const questions = await this.db.query<QuestionRow>(
      `select * from (select ${QUESTION_COLUMNS}, row_number() over (partition by q.group_id order by q.created_at desc, q.id) as rn
         from ${QUESTION_FROM} where q.group_id = any($1::text[])) t where rn <= $2`, [ids, this.questionLimit]);
    const tallies = await this.db.query<{ group_id: string; entry_id: string; title: string; n: number | string; confidence: number }>(
      `select group_id, suggested_entry_id as entry_id, max(suggested_title) as title, count(*)::int as n, max(suggested_confidence) as confidence
       from unanswered_questions where group_id = any($1::text[]) and suggested_entry_id is not null group by group_id, suggested_entry_id`, [ids]);
    const choices = await this.db.query<{ group_id: string; entry_id: string; title: string; n: number | string }>(
      `select q.group_id, c.entry_id, max(c.title) as title, count(*)::int as n
       from unanswered_questions q join unanswered_choices c on c.question_id = q.id where q.group_id = any($1::text[]) group by q.group_id, c.entry_id`, [ids]);
    // Per group, the entry customers pressed most, and the entry the bot suggested most (then the more confident).
    const chosen = mostPerGroup(choices.map((c) => ({ group: c.group_id, entryId: c.entry_id, title: c.title, count: Number(c.n), confidence: 0 })));
    const suggested = mostPerGroup(tallies.map((t) => ({ group: t.group_id, entryId: t.entry_id, title: t.title, count: Number(t.n), confidence: Number(t.confidence ?? 0) })));
    const byGroup = new Map<string, UnansweredQuestion[]>();
    for (const q of questions) {
      if (!byGroup.has(q.group_id)) byGroup.set(q.group_id, []);
      byGroup.get(q.group_id)!.push(toQuestion(q));
    }
    return rows.map((r) => {
      const s = suggested.get(r.id);
      const c = chosen.get(r.id);
      return {
        id: r.id, text: r.text, lang: r.lang, status: r.status, count: Number(r.n),
        reasons: { clarify: Number(r.clarify), handoff: Number(r.handoff), unhelpful: Number(r.unhelpful) },
        lastAt: new Date(r.last_at), createdAt: new Date(r.created_at),
        dismissReason: r.dismiss_reason ?? undefined, resolvedEntryId: r.resolved_entry_id ?? undefined,
        questions: (byGroup.get(r.id) ?? []).sort((a, b) => b.at.getTime() - a.at.getTime() || a.id.localeCompare(b.id)),
        suggested: s ? { entryId: s.entryId, title: s.title, confidence: s.confidence } : undefined,
        ...(c ? { chosen: { entryId: c.entryId, title: c.title, count: c.count } } : {}),
      };
    });
  }

  /**
   * The customer pressed a suggestion (`entry`; their press is the stored message `choiceMessageId`):
   * recorded on the question the bot clarified when that was the customer's message right
   * before the press, and the bot offered that entry for it as a match. A press after anything
   * else the customer wrote or pressed (a related entry under an answer, a second suggestion of
   * the same clarification), or of a starter topic offered because nothing matched, says less,
   * and is not recorded. False when nothing was recorded.
   */
  async choose(conversationId: string, choiceMessageId: string, entry: Chosen): Promise<boolean> {
    const rows = await this.db.query(
      `with press as (select seq from messages where id = $2 and conversation_id = $1),
       asked as (
         select m.id, m.seq from messages m, press
         where m.conversation_id = $1 and m.role = 'customer' and m.seq < press.seq
         order by m.seq desc limit 1)
       insert into unanswered_choices (question_id, entry_id, title)
       select q.id, $3, $4 from unanswered_questions q, asked, press
       where q.reason = 'clarify' and q.message_id = asked.id and exists (
         select 1 from messages b
         where b.conversation_id = $1 and b.role = 'bot' and b.seq > asked.seq and b.seq < press.seq
           and b.suggestions @> jsonb_build_array(jsonb_build_object('entryId', $3::text))
           and not b.suggestions @> jsonb_build_array(jsonb_build_object('entryId', $3::text, 'starter', true)))
       on conflict (question_id) do nothing returning question_id`, [conversationId, choiceMessageId, entry.entryId, entry.title]);
    return rows.length > 0;
  }

  /** Dismiss an open group. False when it is not open (already dismissed or resolved). */
  async dismiss(id: string, reason: string, by: string): Promise<boolean> {
    const rows = await this.db.query("update unanswered_groups set status = 'dismissed', dismiss_reason = $2, closed_by = $3, closed_at = now() where id = $1 and status = 'open' returning id", [id, reason, by]);
    return rows.length > 0;
  }

  /** Mark a group answered by an entry. False when it was already resolved. */
  async resolve(id: string, entryId: string, by: string): Promise<boolean> {
    const rows = await this.db.query("update unanswered_groups set status = 'resolved', resolved_entry_id = $2, closed_by = $3, closed_at = now() where id = $1 and status <> 'resolved' returning id", [id, entryId, by]);
    return rows.length > 0;
  }

  /** Take a question back out (the customer changed an "unhelpful" to "helpful"); an emptied group goes too. */
  async retract(messageId: string, reason: UnansweredReason): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query<{ group_id: string }>('delete from unanswered_questions where message_id = $1 and reason = $2 returning group_id', [messageId, reason]);
      if (!row) return false;
      await tx.query('delete from unanswered_groups g where g.id = $1 and not exists (select 1 from unanswered_questions q where q.group_id = g.id)', [row.group_id]);
      return true;
    });
  }
}

/** An entry counted in a group: pressed by customers, or suggested by the bot. */
interface EntryTally {
  group: string;
  entryId: string;
  title: string;
  count: number;
  confidence: number;
}

/** Per group, the entry counted most; on a tie the more confident, then the lower id (deterministic). */
function mostPerGroup(tallies: EntryTally[]): Map<string, EntryTally> {
  const best = new Map<string, EntryTally>();
  for (const t of tallies) {
    const cur = best.get(t.group);
    if (!cur || t.count > cur.count || (t.count === cur.count && (t.confidence > cur.confidence || (t.confidence === cur.confidence && t.entryId < cur.entryId)))) best.set(t.group, t);
  }
  return best;
}
