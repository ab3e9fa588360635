import type { SqlClient } from '../bot/db.ts';
import type { AnalyticsFilter } from './metrics.ts';

/**
 * Which visits a dashboard figure stands for, so every figure links to the conversations behind
 * it: `all`, `contained`, `durable`, `returned` (contained, but back within 24 h), `handoff`,
 * `reason:<handoff reason>`, `responded` (an agent answered), `resolved`, `rated`,
 * `rating:<1-5>`, `unanswered` (a clarification or fallback), `entry:<id>` (the bot gave that
 * answer during the visit).
 */
export type VisitSelection = string;

/** One row per visit: the CSV export and the dashboard's conversation list. */
export interface VisitRow {
  id: number; conversationId: string; customerId: string | null; channel: string; lang: string | null; startedAt: string; lastAt: string;
  messages: number; answers: number; clarifies: number; fallbacks: number; smallTalk: number; handoffReason: string | null; handoffAt: string | null;
  firstResponseS: number | null; firstResponseBusinessS: number | null; resolutionS: number | null; resolutionBusinessS: number | null;
  rating: number | null; contained: boolean; durable: boolean; returnedAt: string | null;
}

/** Column order of the one-row-per-conversation CSV. */
export const VISIT_ROW_COLUMNS: ReadonlyArray<keyof VisitRow> = [
  'id', 'conversationId', 'customerId', 'channel', 'lang', 'startedAt', 'lastAt', 'messages', 'answers', 'clarifies', 'fallbacks', 'smallTalk',
  'handoffReason', 'handoffAt', 'firstResponseS', 'firstResponseBusinessS', 'resolutionS', 'resolutionBusinessS', 'rating', 'contained', 'durable', 'returnedAt',
];

function selection(show: VisitSelection, params: unknown[]): string {
  const [kind, arg] = show.includes(':') ? [show.slice(0, show.indexOf(':')), show.slice(show.indexOf(':') + 1)] : [show, ''];
  switch (kind) {
    case 'all': return 'true';
    case 'contained': return 'handoff_at is null';
    case 'durable': return 'handoff_at is null and returned_at is null';
    case 'returned': return 'handoff_at is null and returned_at is not null';
    case 'handoff': return 'handoff_at is not null';
    case 'reason': params.push(arg); return `handoff_reason = $${params.length}`;
    case 'responded': return 'first_reply_at is not null';
    case 'resolved': return 'resolved_at is not null';
    case 'rated': return 'rating is not null';
    case 'rating': params.push(Number(arg)); return `rating = $${params.length}`;
    case 'unanswered': return '(clarifies > 0 or fallbacks > 0)';
    case 'entry':
      params.push(arg);
      return `exists (select 1 from analytics_events e where e.kind = 'bot.decision' and e.conversation_id = v.conversation_id and e.entry_id = $${params.length}
        and e.at >= v.started_at and e.at <= v.last_at)`;
    default: throw new RangeError(`unknown selection "${show}"`);
  }
}

/** Visits in the filter's range that match `show`, newest first. */
export async function listVisits(sql: SqlClient, f: AnalyticsFilter, show: VisitSelection = 'all', limit = 200, offset = 0): Promise<VisitRow[]> {
  const params: unknown[] = [f.from, f.to];
  let cond = 'day between $1::date and $2::date';
  if (f.channel !== undefined) { params.push(f.channel); cond += ` and channel = $${params.length}`; }
  if (f.lang !== undefined) { params.push(f.lang); cond += ` and coalesce(lang, '') = $${params.length}`; }
  cond += ` and ${selection(show, params)}`;
  params.push(limit, offset);
  const rows = await sql.query<Record<string, unknown>>(
    `select * from analytics_conversations v where ${cond} order by started_at desc, id desc limit $${params.length - 1} offset $${params.length}`, params);
  return rows.map(toVisitRow);
}

/** One visit by id, with the transcript of its messages (from its start to the next visit's). */
export async function visitWithTranscript(sql: SqlClient, id: number): Promise<{ conversation: VisitRow; transcript: TranscriptLine[] } | undefined> {
  const [row] = await sql.query<Record<string, unknown>>('select * from analytics_conversations where id = $1', [id]);
  if (!row) return undefined;
  const visit = toVisitRow(row);
  const [next] = await sql.query<{ started_at: Date | string }>(
    'select started_at from analytics_conversations where conversation_id = $1 and started_at > $2 order by started_at limit 1', [visit.conversationId, visit.startedAt]);
  const messages = await sql.query<{ role: string; text: string; created_at: Date | string; entry_id: string | null; confidence: number | null; channel: string; lang: string | null }>(
    `select role, text, created_at, entry_id, confidence, channel, lang from messages where conversation_id = $1 and created_at >= $2 and ($3::timestamptz is null or created_at < $3)
     order by seq limit 1000`, [visit.conversationId, visit.startedAt, next ? new Date(next.started_at).toISOString() : null]);
  return {
    conversation: visit,
    transcript: messages.map((m) => ({ role: m.role, text: m.text, at: new Date(m.created_at).toISOString(), channel: m.channel, lang: m.lang, entryId: m.entry_id, confidence: m.confidence === null ? null : Number(m.confidence) })),
  };
}

/** A message of a visit's transcript. */
export interface TranscriptLine { role: string; text: string; at: string; channel: string; lang: string | null; entryId: string | null; confidence: number | null }

function toVisitRow(r: Record<string, unknown>): VisitRow {
  const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    id: Number(r.id), conversationId: String(r.conversation_id), customerId: (r.customer_id as string | null) ?? null, channel: String(r.channel),
    lang: (r.lang as string | null) ?? null, startedAt: iso(r.started_at)!, lastAt: iso(r.last_at)!, messages: Number(r.messages), answers: Number(r.answers),
    clarifies: Number(r.clarifies), fallbacks: Number(r.fallbacks), smallTalk: Number(r.small_talk), handoffReason: (r.handoff_reason as string | null) ?? null,
    handoffAt: iso(r.handoff_at), firstResponseS: num(r.first_response_s), firstResponseBusinessS: num(r.first_response_bh_s), resolutionS: num(r.resolution_s),
    resolutionBusinessS: num(r.resolution_bh_s), rating: num(r.rating), contained: r.handoff_at === null, durable: r.handoff_at === null && r.returned_at === null,
    returnedAt: iso(r.returned_at),
  };
}
