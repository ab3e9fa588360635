import type { ModuleMigrations } from '../bot/schema.ts';

/**
 * analytics/' tables: the event record and the rollups built from it (no foreign keys).
 * Append a new migration at the END with an id of its own (never reused, never renamed); never
 * edit or reorder one that shipped. bot/schema.ts runs the modules in order (bot/README.md).
 */
export const ANALYTICS_MIGRATIONS: ModuleMigrations = { module: 'analytics', migrations: [
  // The append-only event record analytics read (analytics/events.ts), written in the same
  // transaction as the fact it records. Indexed for the dashboard's date-range reads.
  // (Version 10 of the single list this schema once was: bot/schema-legacy.ts.)
  { id: 'events', sql: `
  create table analytics_events (
    id bigserial primary key,
    at timestamptz not null default now(),
    kind text not null,
    conversation_id text,
    customer_id text,
    channel text,
    lang text,
    entry_id text,
    data jsonb not null default '{}'
  );
  create index analytics_events_kind_at on analytics_events(kind, at);
  create index analytics_events_conversation on analytics_events(conversation_id);
  ` },
  // Analytics rollups (analytics/rollup.ts), maintained incrementally from analytics_events:
  // one row per conversation (a customer's visit, see docs/METRICS.md), counters per day ×
  // channel × language (latency histograms in fixed buckets), counters per day × channel ×
  // language × entry, the same two per month (day = its first day) so long ranges read few
  // rows, and the id of the last event folded in. A daily row's `series` repeats the time
  // series' counters (SERIES_KEYS) as plain numbers, so a year's chart does not unpack 9,000 jsonb values.
  // (Version 13 of the single list this schema once was: bot/schema-legacy.ts.)
  { id: 'rollups', sql: `
  create table analytics_conversations (
    id bigint primary key,
    conversation_id text not null,
    customer_id text,
    channel text not null,
    lang text,
    day date not null,
    started_at timestamptz not null,
    last_at timestamptz not null,
    messages integer not null default 0,
    answers integer not null default 0,
    clarifies integer not null default 0,
    fallbacks integer not null default 0,
    small_talk integer not null default 0,
    handoff_reason text,
    handoff_at timestamptz,
    claimed_at timestamptz,
    first_reply_at timestamptz,
    resolved_at timestamptz,
    first_response_s double precision,
    first_response_bh_s double precision,
    resolution_s double precision,
    resolution_bh_s double precision,
    rating integer,
    returned_at timestamptz,
    last_answer_entry text,
    last_answer_at timestamptz,
    last_answer_failed boolean not null default false
  );
  create index analytics_conversations_day on analytics_conversations(day, channel, lang);
  create index analytics_conversations_customer on analytics_conversations(customer_id, started_at);
  create index analytics_conversations_conversation on analytics_conversations(conversation_id, started_at);
  create table analytics_daily (
    day date not null,
    channel text not null,
    lang text not null,
    counts jsonb not null default '{}',
    series double precision[] not null default '{}',
    primary key (day, channel, lang)
  );
  create table analytics_daily_entries (
    day date not null,
    channel text not null,
    lang text not null,
    entry_id text not null,
    asked integer not null default 0,
    not_helpful integer not null default 0,
    rephrased integer not null default 0,
    handed_off integer not null default 0,
    helpful integer not null default 0,
    views integer not null default 0,
    votes_up integer not null default 0,
    votes_down integer not null default 0,
    primary key (day, channel, lang, entry_id)
  );
  create table analytics_monthly (
    day date not null,
    channel text not null,
    lang text not null,
    counts jsonb not null default '{}',
    primary key (day, channel, lang)
  );
  create table analytics_monthly_entries (
    day date not null,
    channel text not null,
    lang text not null,
    entry_id text not null,
    asked integer not null default 0,
    not_helpful integer not null default 0,
    rephrased integer not null default 0,
    handed_off integer not null default 0,
    helpful integer not null default 0,
    views integer not null default 0,
    votes_up integer not null default 0,
    votes_down integer not null default 0,
    primary key (day, channel, lang, entry_id)
  );
  create table analytics_rollup_state (
    name text primary key,
    last_event_id bigint not null default 0,
    updated_at timestamptz not null default now()
  );
  ` },
] };
