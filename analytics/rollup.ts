// From their own files, not bot/index.ts: the bot's store writes events through this folder's
// index, so importing bot/index.ts here would make a cycle.
import type { Database, SqlClient } from '../bot/db.ts';
import { BusinessHours } from '../bot/business-hours.ts';
import type { StoredAnalyticsEvent } from './events.ts';
import { EVENT } from './kinds.ts';
import { cellOf, dayOf, INSERT_VISITS_SQL, VISIT_COLUMNS, visitColumns, visitCounters, visitFromRow, type Visit, type VisitRow } from './visit.ts';

export interface RollupOptions {
  /** Opening hours for waiting times "in business hours". Default: always open. */
  hours?: BusinessHours;
  /** Events folded in per transaction. Default 2000. */
  batchSize?: number;
  /**
   * Only events at least this old are folded in. On PostgreSQL, concurrent transactions may
   * commit ids out of order; waiting a few seconds lets a slower one land before the watermark
   * passes its id. PGlite has one connection, so 0 is exact there. Default 0.
   */
  settleSeconds?: number;
  /**
   * Pause between batches, as a multiple of the time the batch took (0, the default: none). A
   * background catch-up under load then leaves the database to other work most of the time,
   * instead of holding its session for seconds on end (the embedded database has only one).
   */
  pace?: number;
}

/** An answer followed this soon by a clarification, a fallback or the same answer again counts as rephrased. */
/** The daily counters the dashboard's time series draws, kept as a plain array beside the jsonb (analytics_daily.series). */
export const SERIES_KEYS = ['conversations', 'contained', 'durable', 'handoff', 'rating.n', 'help.views', 'help.searches'] as const;

export const REPHRASE_WINDOW_MS = 5 * 60_000;
/** A visit is not durably contained when the same customer starts another one within this time. */
export const RETURN_WINDOW_MS = 24 * 3_600_000;
const LOCK = 7263011;

type EntryColumn = 'asked' | 'not_helpful' | 'rephrased' | 'handed_off' | 'helpful' | 'views' | 'votes_up' | 'votes_down';
const ENTRY_COLUMNS: readonly EntryColumn[] = ['asked', 'not_helpful', 'rephrased', 'handed_off', 'helpful', 'views', 'votes_up', 'votes_down'];

interface EventRow { id: string | number; at: Date | string; kind: string; conversation_id: string | null; customer_id: string | null; channel: string | null; lang: string | null; entry_id: string | null; data: unknown }

/** The help center is a channel of its own in breakdowns (its events carry none). */
export const HELP_CENTER_CHANNEL = 'help';
const channelOf = (e: StoredAnalyticsEvent) => e.channel ?? (e.kind.startsWith('help.') ? HELP_CENTER_CHANNEL : '');

const toEvent = (r: EventRow): StoredAnalyticsEvent => ({
  id: Number(r.id), at: new Date(r.at), kind: r.kind, conversationId: r.conversation_id, customerId: r.customer_id, channel: r.channel, lang: r.lang,
  entryId: r.entry_id, data: (typeof r.data === 'string' ? JSON.parse(r.data) : r.data ?? {}) as Record<string, unknown>,
});

/**
 * Fold new events into the rollups (analytics_conversations, analytics_daily,
 * analytics_daily_entries), batch by batch, each batch in one transaction with the watermark, so
 * a crash neither loses nor double-counts an event. Instances take turns on an advisory lock.
 * Cheap when nothing is new: call it before every dashboard read.
 * @returns the number of events folded in.
 */
export async function refreshRollups(db: Database, o: RollupOptions = {}): Promise<number> {
  const batch = o.batchSize ?? 2000;
  const pace = o.pace ?? 0;
  let total = 0;
  for (;;) {
    const started = performance.now();
    const n = await db.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock($1)', [LOCK]);
      const [state] = await tx.query<{ last_event_id: string | number }>("select last_event_id from analytics_rollup_state where name = 'main'");
      const after = Number(state?.last_event_id ?? 0);
      const rows = await tx.query<EventRow>(
        `select * from analytics_events where id > $1 and at <= now() - make_interval(secs => $2::int) order by id limit $3`, [after, o.settleSeconds ?? 0, batch]);
      if (!rows.length) return 0;
      const events = rows.map(toEvent);
      const fold = new Fold(tx, o.hours ?? BusinessHours.always());
      await fold.prefetch(events);
      for (const e of events) await fold.add(e);
      await fold.write();
      await tx.query(
        `insert into analytics_rollup_state (name, last_event_id) values ('main', $1)
         on conflict (name) do update set last_event_id = excluded.last_event_id, updated_at = now()`, [Number(rows[rows.length - 1]!.id)]);
      return rows.length;
    });
    total += n;
    if (n < batch) return total;
    if (pace > 0) await new Promise((resolve) => setTimeout(resolve, (performance.now() - started) * pace));
  }
}

/** One batch of events being folded in: visits touched, and counter deltas per cell. */
class Fold {
  private readonly visits = new Map<number, Visit>();
  /** Each touched visit's contribution before this batch (absent for new visits). */
  private readonly before = new Map<number, { cell: string; counters: Record<string, number> }>();
  private readonly latest = new Map<string, Visit | null>();
  private readonly daily = new Map<string, Record<string, number>>();
  private readonly entries = new Map<string, Partial<Record<EntryColumn, number>>>();

  constructor(private readonly tx: SqlClient, private readonly hours: BusinessHours) {}

  private keep(v: Visit): Visit {
    const known = this.visits.get(v.id);
    if (known) return known;
    this.visits.set(v.id, v);
    this.before.set(v.id, { cell: cellOf(v), counters: visitCounters(v) });
    return v;
  }

  /** Each conversation's latest stored visit (absent: none), as the batch found them: see prefetch, which runs before any event is added. */
  private readonly stored = new Map<string, VisitRow>();

  /**
   * Read the latest stored visit of every conversation the events name, in one statement. The
   * batch's transaction holds the embedded database's only session, and a query per
   * conversation made it one round trip through a busy event loop each: under chat load a
   * minute's events took about ten seconds, and chat statements waited behind them.
   */
  async prefetch(events: StoredAnalyticsEvent[]): Promise<void> {
    const ids = [...new Set(events.map((e) => e.conversationId).filter((id): id is string => !!id))];
    if (ids.length) {
      const rows = await this.tx.query<VisitRow>(
        `select distinct on (conversation_id) * from analytics_conversations where conversation_id = any($1::text[])
         order by conversation_id, started_at desc, id desc`, [ids]);
      for (const row of rows) this.stored.set(String(row.conversation_id), row);
    }
    // The stored visits a new visit may find its customer returning from (see start), for every
    // visit the batch starts, in one statement for the same reason.
    const starts = events.filter((e) => e.kind === EVENT.conversationStarted && e.conversationId && e.customerId);
    if (!starts.length) return;
    const since = Math.min(...starts.map((e) => e.at.getTime())) - RETURN_WINDOW_MS;
    const until = Math.max(...starts.map((e) => e.at.getTime()));
    const rows = await this.tx.query<VisitRow>(
      'select * from analytics_conversations where customer_id = any($1::text[]) and started_at >= $2 and started_at < $3 and returned_at is null',
      [[...new Set(starts.map((e) => e.customerId!))], new Date(since).toISOString(), new Date(until).toISOString()]);
    for (const row of rows) {
      const list = this.storedByCustomer.get(row.customer_id!) ?? [];
      list.push(row);
      this.storedByCustomer.set(row.customer_id!, list);
    }
  }

  /** Stored visits not yet marked returned, by customer, as the batch found them (see prefetch). */
  private readonly storedByCustomer = new Map<string, VisitRow[]>();

  /** The conversation's latest visit (this batch's, else the stored one). */
  private async visitOf(conversationId: string | null): Promise<Visit | undefined> {
    if (!conversationId) return undefined;
    if (!this.latest.has(conversationId)) {
      const row = this.stored.get(conversationId);
      this.latest.set(conversationId, row ? this.keep(visitFromRow(row)) : null);
    }
    return this.latest.get(conversationId) ?? undefined;
  }

  private count(e: StoredAnalyticsEvent, key: string, n = 1) {
    const cell = `${dayOf(e.at)}|${channelOf(e)}|${e.lang ?? ''}`;
    const c = this.daily.get(cell) ?? {};
    c[key] = (c[key] ?? 0) + n;
    this.daily.set(cell, c);
  }

  private countEntry(e: StoredAnalyticsEvent, entryId: string | null | undefined, column: EntryColumn, n = 1, lang = e.lang) {
    if (!entryId) return;
    const key = `${dayOf(e.at)}|${channelOf(e)}|${lang ?? ''}|${entryId}`;
    const c = this.entries.get(key) ?? {};
    c[column] = (c[column] ?? 0) + n;
    this.entries.set(key, c);
  }

  async add(e: StoredAnalyticsEvent): Promise<void> {
    const d = e.data;
    switch (e.kind) {
      case EVENT.conversationStarted: return this.start(e);
      case EVENT.botDecision: return this.decision(e);
      case EVENT.feedback: {
        // `helpful: null` is a verdict taken back: only the previous one is uncounted.
        if (typeof d.helpful === 'boolean') {
          this.count(e, d.helpful ? 'feedback.up' : 'feedback.down');
          this.countEntry(e, e.entryId, d.helpful ? 'helpful' : 'not_helpful');
        }
        if (typeof d.previous === 'boolean') {
          this.count(e, d.previous ? 'feedback.up' : 'feedback.down', -1);
          this.countEntry(e, e.entryId, d.previous ? 'helpful' : 'not_helpful', -1);
        }
        return;
      }
      case EVENT.helpView:
        this.count(e, 'help.views');
        this.countEntry(e, e.entryId, 'views');
        return;
      case EVENT.helpSearch: {
        this.count(e, 'help.searches');
        const matched = typeof d.matched === 'boolean' ? d.matched : Number(d.results ?? 0) > 0;
        if (!matched) this.count(e, 'help.searches.empty');
        return;
      }
      case EVENT.helpVote:
        this.count(e, d.helpful ? 'help.votes.up' : 'help.votes.down');
        this.countEntry(e, e.entryId, d.helpful ? 'votes_up' : 'votes_down');
        if (typeof d.previous === 'boolean') {
          this.count(e, d.previous ? 'help.votes.up' : 'help.votes.down', -1);
          this.countEntry(e, e.entryId, d.previous ? 'votes_up' : 'votes_down', -1);
        }
        return;
      default:
        return this.handoffStep(e);
    }
  }

  private start(e: StoredAnalyticsEvent): void {
    if (!e.conversationId) return;
    if (e.customerId) {
      // An earlier visit of the same customer (linked channels share the customer) within 24 h is not durably contained.
      const since = new Date(e.at.getTime() - RETURN_WINDOW_MS);
      for (const r of this.storedByCustomer.get(e.customerId) ?? []) {
        const startedAt = new Date(r.started_at);
        if (startedAt >= since && startedAt < e.at) this.keep(visitFromRow(r));
      }
      for (const v of this.visits.values()) {
        if (v.customerId === e.customerId && !v.returnedAt && v.startedAt >= since && v.startedAt < e.at) v.returnedAt = e.at;
      }
    }
    const v: Visit = {
      id: e.id, conversationId: e.conversationId, customerId: e.customerId, channel: e.channel ?? '', lang: e.lang, startedAt: e.at, lastAt: e.at,
      messages: 0, answers: 0, clarifies: 0, fallbacks: 0, smallTalk: 0, handoffReason: null, handoffAt: null, claimedAt: null, firstReplyAt: null,
      resolvedAt: null, firstResponseS: null, firstResponseBhS: null, resolutionS: null, resolutionBhS: null, rating: null, returnedAt: null,
      lastAnswerEntry: null, lastAnswerAt: null, lastAnswerFailed: false,
    };
    this.visits.set(v.id, v);
    this.latest.set(e.conversationId, v);
  }

  private async decision(e: StoredAnalyticsEvent): Promise<void> {
    const v = await this.visitOf(e.conversationId);
    if (!v) return;
    const zone = String(e.data.zone);
    v.lastAt = e.at;
    v.lang ??= e.lang;
    v.messages++;
    if (zone === 'answer') v.answers++;
    else if (zone === 'clarify') v.clarifies++;
    else if (zone === 'fallback') v.fallbacks++;
    else if (zone === 'conversation') v.smallTalk++;
    if (zone === 'answer') this.countEntry(e, e.entryId, 'asked');
    // Blame the previous answer when this message shows it did not help.
    if (v.lastAnswerEntry && v.lastAnswerAt) {
      const soon = e.at.getTime() - v.lastAnswerAt.getTime() <= REPHRASE_WINDOW_MS;
      if (zone === 'handoff') this.countEntry(e, v.lastAnswerEntry, 'handed_off');
      else if (soon && (zone === 'clarify' || zone === 'fallback' || (zone === 'answer' && e.entryId === v.lastAnswerEntry))) this.countEntry(e, v.lastAnswerEntry, 'rephrased');
    }
    v.lastAnswerEntry = zone === 'answer' ? e.entryId : null;
    v.lastAnswerAt = zone === 'answer' ? e.at : null;
  }

  private async handoffStep(e: StoredAnalyticsEvent): Promise<void> {
    let v = await this.visitOf(e.conversationId);
    if (!v) return;
    const seconds = (from: Date) => (e.at.getTime() - from.getTime()) / 1000;
    const open = (from: Date) => this.hours.openMillisBetween(from, e.at) / 1000;
    switch (e.kind) {
      case EVENT.handoffRequested:
        if (v.handoffAt) return;
        v.handoffAt = e.at;
        v.handoffReason = String(e.data.reason ?? 'unknown');
        break;
      case EVENT.handoffClaimed:
        if (v.handoffAt && !v.claimedAt) v.claimedAt = e.at;
        break;
      case EVENT.agentReplied:
        if (!v.handoffAt || v.firstReplyAt) return;
        v.firstReplyAt = e.at;
        v.firstResponseS = seconds(v.handoffAt);
        v.firstResponseBhS = open(v.handoffAt);
        break;
      case EVENT.handoffResolved:
        if (!v.handoffAt || v.resolvedAt) return;
        v.resolvedAt = e.at;
        v.resolutionS = seconds(v.handoffAt);
        v.resolutionBhS = open(v.handoffAt);
        break;
      case EVENT.rating: {
        // A rating answers the question asked at resolution: it belongs to the visit that was resolved,
        // even when the customer took so long that their answer opened a new visit.
        if (!v.resolvedAt) {
          const [row] = await this.tx.query<Parameters<typeof visitFromRow>[0]>(
            'select * from analytics_conversations where conversation_id = $1 and resolved_at is not null order by started_at desc limit 1', [e.conversationId]);
          const resolved = row ? this.visits.get(Number(row.id)) ?? this.keep(visitFromRow(row)) : undefined;
          if (resolved) v = resolved;
        }
        const score = Number(e.data.score);
        if (score >= 1 && score <= 5) v.rating = score;
        break;
      }
      default:
        return;
    }
    v.lastAt = e.at > v.lastAt ? e.at : v.lastAt;
  }

  async write(): Promise<void> {
    const delta = (cell: string, counters: Record<string, number>, sign: number) => {
      const c = this.daily.get(cell) ?? {};
      for (const [k, n] of Object.entries(counters)) c[k] = (c[k] ?? 0) + sign * n;
      this.daily.set(cell, c);
    };
    const updates = VISIT_COLUMNS.slice(1).map((c) => `${c} = excluded.${c}`).join(', ');
    const visits = [...this.visits.values()];
    for (const v of visits) {
      const old = this.before.get(v.id);
      if (old) delta(old.cell, old.counters, -1);
      delta(cellOf(v), visitCounters(v), 1);
    }
    // Every write of a batch is one statement per table, whatever the batch holds: the batch's
    // transaction holds the embedded database's only session, and each statement is a round
    // trip through the event loop that chat turns keep busy. With a statement per row, the
    // minute's rollup under chat load took seconds, and chat statements waited behind it.
    // (Visit ids are unique: the map is keyed by them; one upsert cannot touch a row twice.)
    if (visits.length) {
      await this.tx.query(`${INSERT_VISITS_SQL} on conflict (id) do update set ${updates}`, visitColumns(visits));
    }
    // Each delta goes to its day and to its month (whose row is keyed by the month's first day).
    const monthly = <T>(m: Map<string, T>, add: (a: T, b: T) => T) => {
      const out = new Map<string, T>();
      for (const [k, v] of m) {
        const key = `${k.slice(0, 8)}01${k.slice(10)}`;
        out.set(key, out.has(key) ? add(out.get(key)!, v) : v);
      }
      return out;
    };
    const addCounts = (a: Record<string, number>, b: Record<string, number>) => {
      const c = { ...a };
      for (const [k, n] of Object.entries(b)) c[k] = (c[k] ?? 0) + n;
      return c;
    };
    await this.writeCounters('analytics_daily', this.daily);
    await this.writeCounters('analytics_monthly', monthly(this.daily, addCounts));
    await this.writeEntries('analytics_daily_entries', this.entries);
    await this.writeEntries('analytics_monthly_entries', monthly(this.entries, (a, b) => addCounts(a as Record<string, number>, b as Record<string, number>)));
  }

  /** Add each cell's counters to its stored counts (summed as JSON: the keys are open-ended). */
  private async writeCounters(table: 'analytics_daily' | 'analytics_monthly', cells: Map<string, Record<string, number>>): Promise<void> {
    const changed = [...cells].map(([cell, counters]) => [cell, Object.entries(counters).filter(([, n]) => n !== 0)] as const).filter(([, c]) => c.length);
    if (!changed.length) return;
    const keys = changed.map(([cell]) => cell.split('|') as [string, string, string]);
    const column = (i: number) => keys.map((k) => k[i]);
    const stored = new Map<string, Record<string, number>>();
    const rows = await this.tx.query<{ day: string; channel: string; lang: string; counts: unknown }>(
      `select to_char(t.day, 'YYYY-MM-DD') as day, t.channel, t.lang, t.counts from ${table} t
       where (t.day, t.channel, t.lang) in (select * from unnest($1::date[], $2::text[], $3::text[]))`, [column(0), column(1), column(2)]);
    for (const r of rows) stored.set(`${r.day}|${r.channel}|${r.lang}`, (typeof r.counts === 'string' ? JSON.parse(r.counts) : r.counts ?? {}) as Record<string, number>);
    const sums = changed.map(([cell, deltas]) => {
      const counts = stored.get(cell) ?? {};
      for (const [k, n] of deltas) {
        const sum = Math.round(((counts[k] ?? 0) + n) * 1000) / 1000;
        if (sum === 0) delete counts[k];
        else counts[k] = sum;
      }
      return JSON.stringify(counts);
    });
    // The daily cells also keep the counters the time series draws as an array (SERIES_KEYS).
    const series = table === 'analytics_daily' ? `, array[${SERIES_KEYS.map((k) => `coalesce((t.k->>'${k}')::float8, 0)`).join(', ')}]` : '';
    await this.tx.query(
      `insert into ${table} (day, channel, lang, counts${series ? ', series' : ''})
       select t.d, t.c, t.l, t.k${series} from (select d, c, l, k::jsonb as k from unnest($1::date[], $2::text[], $3::text[], $4::text[]) as u(d, c, l, k)) t
       on conflict (day, channel, lang) do update set counts = excluded.counts${series ? ', series = excluded.series' : ''}`,
      [column(0), column(1), column(2), sums]);
  }

  /** Add each (day, channel, language, entry) key's counts to its stored row. */
  private async writeEntries(table: 'analytics_daily_entries' | 'analytics_monthly_entries', entries: Map<string, Partial<Record<EntryColumn, number>>>): Promise<void> {
    if (!entries.size) return;
    const keys = [...entries.keys()].map((key) => {
      const [day, channel, lang, ...rest] = key.split('|');
      return [day, channel, lang, rest.join('|')];
    });
    const counts = [...entries.values()];
    const sets = ENTRY_COLUMNS.map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(', ');
    await this.tx.query(
      `insert into ${table} (day, channel, lang, entry_id, ${ENTRY_COLUMNS.join(', ')})
       select * from unnest($1::date[], $2::text[], $3::text[], $4::text[], ${ENTRY_COLUMNS.map((_c, i) => `$${i + 5}::int[]`).join(', ')})
       on conflict (day, channel, lang, entry_id) do update set ${sets}`,
      [...[0, 1, 2, 3].map((i) => keys.map((k) => k[i])), ...ENTRY_COLUMNS.map((col) => counts.map((c) => c[col] ?? 0))]);
  }
}
