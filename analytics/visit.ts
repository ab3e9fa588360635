import { bucketOf } from './histogram.ts';

/**
 * One row of analytics_conversations: a customer's visit (analytics' "conversation", see
 * docs/METRICS.md), as the rollup folds its events in.
 */
export interface Visit {
  /** The id of its `conversation.started` event. */
  id: number;
  conversationId: string;
  customerId: string | null;
  channel: string;
  lang: string | null;
  startedAt: Date;
  lastAt: Date;
  messages: number;
  answers: number;
  clarifies: number;
  fallbacks: number;
  smallTalk: number;
  handoffReason: string | null;
  handoffAt: Date | null;
  claimedAt: Date | null;
  firstReplyAt: Date | null;
  resolvedAt: Date | null;
  firstResponseS: number | null;
  firstResponseBhS: number | null;
  resolutionS: number | null;
  resolutionBhS: number | null;
  rating: number | null;
  /** When the same customer (any linked channel) started another visit within 24 h. */
  returnedAt: Date | null;
  lastAnswerEntry: string | null;
  lastAnswerAt: Date | null;
  lastAnswerFailed: boolean;
}

/** The UTC day a time falls on, as YYYY-MM-DD. */
export const dayOf = (d: Date) => d.toISOString().slice(0, 10);

/** Where a visit's counters go: its start day, channel and language ('' when unknown). */
export const cellOf = (v: Visit) => `${dayOf(v.startedAt)}|${v.channel}|${v.lang ?? ''}`;

/**
 * What one visit adds to the daily counters of its cell. The rollup subtracts a visit's old
 * contribution and adds its new one whenever an event changes it, so the counters stay exact.
 */
export function visitCounters(v: Visit): Record<string, number> {
  const c: Record<string, number> = { conversations: 1, messages: v.messages };
  const add = (k: string, n = 1) => { c[k] = (c[k] ?? 0) + n; };
  if (!v.handoffAt) {
    add('contained');
    if (!v.returnedAt) add('durable');
  } else {
    add('handoff');
    add(`handoff.${v.handoffReason ?? 'unknown'}`);
  }
  add('decision.answer', v.answers);
  add('decision.clarify', v.clarifies);
  add('decision.fallback', v.fallbacks);
  add('decision.conversation', v.smallTalk);
  if (v.handoffAt) add('decision.handoff');
  const latency = (name: string, s: number | null) => {
    if (s === null) return;
    add(`${name}.n`);
    add(`${name}.sum`, s);
    add(`${name}.b${bucketOf(s)}`);
  };
  latency('frt', v.firstResponseS);
  latency('frtbh', v.firstResponseBhS);
  latency('res', v.resolutionS);
  latency('resbh', v.resolutionBhS);
  if (v.rating !== null) {
    add('rating.n');
    add('rating.sum', v.rating);
    add(`rating.${v.rating}`);
  }
  for (const k of Object.keys(c)) if (c[k] === 0) delete c[k];
  return c;
}

export interface VisitRow {
  id: string | number; conversation_id: string; customer_id: string | null; channel: string; lang: string | null;
  started_at: Date | string; last_at: Date | string; messages: number; answers: number; clarifies: number; fallbacks: number; small_talk: number;
  handoff_reason: string | null; handoff_at: Date | string | null; claimed_at: Date | string | null; first_reply_at: Date | string | null;
  resolved_at: Date | string | null; first_response_s: number | null; first_response_bh_s: number | null; resolution_s: number | null;
  resolution_bh_s: number | null; rating: number | null; returned_at: Date | string | null; last_answer_entry: string | null;
  last_answer_at: Date | string | null; last_answer_failed: boolean;
}

const date = (v: Date | string | null) => (v === null ? null : new Date(v));
const num = (v: number | string | null) => (v === null ? null : Number(v));

export function visitFromRow(r: VisitRow): Visit {
  return {
    id: Number(r.id), conversationId: r.conversation_id, customerId: r.customer_id, channel: r.channel, lang: r.lang,
    startedAt: new Date(r.started_at), lastAt: new Date(r.last_at), messages: Number(r.messages), answers: Number(r.answers),
    clarifies: Number(r.clarifies), fallbacks: Number(r.fallbacks), smallTalk: Number(r.small_talk),
    handoffReason: r.handoff_reason, handoffAt: date(r.handoff_at), claimedAt: date(r.claimed_at), firstReplyAt: date(r.first_reply_at),
    resolvedAt: date(r.resolved_at), firstResponseS: num(r.first_response_s), firstResponseBhS: num(r.first_response_bh_s),
    resolutionS: num(r.resolution_s), resolutionBhS: num(r.resolution_bh_s), rating: num(r.rating), returnedAt: date(r.returned_at),
    lastAnswerEntry: r.last_answer_entry, lastAnswerAt: date(r.last_answer_at), lastAnswerFailed: !!r.last_answer_failed,
  };
}

/** Column order of analytics_conversations, for the upsert. */
export const VISIT_COLUMNS = [
  'id', 'conversation_id', 'customer_id', 'channel', 'lang', 'day', 'started_at', 'last_at', 'messages', 'answers', 'clarifies', 'fallbacks',
  'small_talk', 'handoff_reason', 'handoff_at', 'claimed_at', 'first_reply_at', 'resolved_at', 'first_response_s', 'first_response_bh_s',
  'resolution_s', 'resolution_bh_s', 'rating', 'returned_at', 'last_answer_entry', 'last_answer_at', 'last_answer_failed',
] as const;

/** SQL types of VISIT_COLUMNS, in the same order. */
const VISIT_COLUMN_TYPES = [
  'bigint', 'text', 'text', 'text', 'text', 'date', 'timestamptz', 'timestamptz', 'int', 'int', 'int', 'int',
  'int', 'text', 'timestamptz', 'timestamptz', 'timestamptz', 'timestamptz', 'float8', 'float8',
  'float8', 'float8', 'int', 'timestamptz', 'text', 'timestamptz', 'bool',
] as const;

/**
 * Insert visits into analytics_conversations from one array per column (visitColumns): any
 * number of visits is one statement of one text. An upsert appends its `on conflict` clause.
 */
export const INSERT_VISITS_SQL = `insert into analytics_conversations (${VISIT_COLUMNS.join(', ')})
  select * from unnest(${VISIT_COLUMN_TYPES.map((t, j) => `$${j + 1}::${t}[]`).join(', ')})`;

/** The parameters of INSERT_VISITS_SQL: one array per column of VISIT_COLUMNS. */
export function visitColumns(visits: Visit[]): unknown[][] {
  const rows = visits.map(visitToRow);
  return VISIT_COLUMNS.map((_c, j) => rows.map((row) => row[j]));
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function visitToRow(v: Visit): unknown[] {
  return [v.id, v.conversationId, v.customerId, v.channel, v.lang, dayOf(v.startedAt), iso(v.startedAt), iso(v.lastAt), v.messages, v.answers,
    v.clarifies, v.fallbacks, v.smallTalk, v.handoffReason, iso(v.handoffAt), iso(v.claimedAt), iso(v.firstReplyAt), iso(v.resolvedAt),
    v.firstResponseS, v.firstResponseBhS, v.resolutionS, v.resolutionBhS, v.rating, iso(v.returnedAt), v.lastAnswerEntry, iso(v.lastAnswerAt), v.lastAnswerFailed];
}
