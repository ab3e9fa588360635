import type { Database } from './db.ts';

/**
 * Schema migrations, applied in order at startup. Append new ones; never edit an applied one.
 * One schema for PGlite and PostgreSQL.
 */
export const MIGRATIONS: string[] = [
  `
  create table customers (
    id text primary key,
    display_name text,
    lang text,
    created_at timestamptz not null default now()
  );
  create table identities (
    channel text not null,
    external_id text not null,
    customer_id text not null references customers(id),
    created_at timestamptz not null default now(),
    primary key (channel, external_id)
  );
  create table conversations (
    id text primary key,
    customer_id text not null references customers(id),
    channel text not null,
    status text not null default 'bot' check (status in ('bot','queued','agent','resolved')),
    lang text,
    failed_attempts integer not null default 0,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  );
  create index conversations_customer on conversations(customer_id, updated_at desc);
  create table messages (
    id text primary key,
    conversation_id text not null references conversations(id),
    seq integer not null,
    role text not null check (role in ('customer','bot','agent','system')),
    text text not null,
    lang text,
    channel text not null,
    entry_id text,
    confidence double precision,
    suggestions jsonb,
    handoff boolean not null default false,
    reply_to text,
    created_at timestamptz not null default now(),
    unique (conversation_id, seq)
  );
  create index messages_reply_to on messages(reply_to);
  create table inbound_events (
    channel text not null,
    external_id text not null,
    message_id text,
    created_at timestamptz not null default now(),
    primary key (channel, external_id)
  );
  create table ownership_events (
    id bigserial primary key,
    conversation_id text not null references conversations(id),
    from_status text not null,
    to_status text not null,
    actor text not null,
    reason text,
    created_at timestamptz not null default now()
  );
  create table handoffs (
    id text primary key,
    conversation_id text not null references conversations(id),
    reason text not null,
    packet jsonb not null,
    created_at timestamptz not null default now()
  );
  `,
  // 2: messaging channels (adapters/core/channel-store.ts): delivery status per sent message
  // (monotonic), opt-outs and customer-service windows per customer and channel, send failures,
  // and each channel address's reply coordinates.
  `
  create table channel_deliveries (
    channel text not null,
    provider_id text not null,
    message_id text,
    user_id text,
    part integer not null default 0,
    status text not null,
    status_rank integer not null,
    error text,
    sent_at timestamptz,
    updated_at timestamptz not null default now(),
    primary key (channel, provider_id)
  );
  create index channel_deliveries_message on channel_deliveries(message_id);
  create index channel_deliveries_user on channel_deliveries(channel, user_id, sent_at);
  create table channel_opt_outs (
    customer_id text not null references customers(id),
    channel text not null,
    opted_out boolean not null,
    keyword text,
    updated_at timestamptz not null default now(),
    primary key (customer_id, channel)
  );
  create table channel_windows (
    customer_id text not null references customers(id),
    channel text not null,
    last_inbound_at timestamptz not null,
    primary key (customer_id, channel)
  );
  create table channel_send_failures (
    id bigserial primary key,
    channel text not null,
    user_id text not null,
    message_id text,
    error text not null,
    http_status integer,
    provider_code text,
    retryable boolean not null default false,
    attempts integer not null default 1,
    created_at timestamptz not null default now()
  );
  create index channel_send_failures_message on channel_send_failures(message_id);
  create table channel_addresses (
    channel text not null,
    user_id text not null,
    data jsonb not null,
    updated_at timestamptz not null default now(),
    primary key (channel, user_id)
  );
  `,
  // 3: human handoff and the agent console (bot/ownership.ts, admin/): who holds a conversation
  // and since when, the queue, internal notes, satisfaction ratings, handoff webhook deliveries,
  // and the console's users and sessions.
  `
  alter table conversations add column assignee text;
  alter table conversations add column queued_at timestamptz;
  alter table conversations add column flagged_at timestamptz;
  alter table conversations add column rating_requested_at timestamptz;
  create index conversations_queue on conversations(status, queued_at);
  alter table ownership_events add column assignee text;
  create table conversation_notes (
    id text primary key,
    conversation_id text not null references conversations(id),
    author_id text not null,
    author_name text,
    text text not null,
    created_at timestamptz not null default now()
  );
  create index conversation_notes_conversation on conversation_notes(conversation_id, created_at);
  create table conversation_ratings (
    id bigserial primary key,
    conversation_id text not null references conversations(id),
    score integer not null check (score between 1 and 5),
    agent_id text,
    message_id text,
    created_at timestamptz not null default now()
  );
  create table webhook_deliveries (
    id text primary key,
    url text not null,
    event_name text not null,
    conversation_id text,
    body text not null,
    status text not null check (status in ('pending','delivered','failed')),
    attempts integer not null default 0,
    last_status integer,
    last_error text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  );
  create index webhook_deliveries_conversation on webhook_deliveries(conversation_id, created_at);
  create table users (
    id text primary key,
    email text not null unique,
    name text not null,
    role text not null check (role in ('admin','editor','agent','analyst')),
    password_hash text not null,
    disabled boolean not null default false,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  );
  create table user_sessions (
    token_hash text primary key,
    user_id text not null references users(id),
    created_at timestamptz not null default now(),
    expires_at timestamptz not null
  );
  create index user_sessions_user on user_sessions(user_id);
  `,
  // 4: knowledge editing (admin/knowledge/): draft entries with a revision for optimistic
  // locking (deleted drafts are kept, flagged, until the next import replaces them), and the
  // audit log of every change (who, what, when, before/after).
  `
  create table knowledge_drafts (
    id text primary key,
    entry jsonb not null,
    revision integer not null default 1,
    deleted boolean not null default false,
    updated_by text,
    updated_at timestamptz not null default now()
  );
  create table knowledge_audit (
    id bigserial primary key,
    at timestamptz not null default now(),
    actor_id text,
    actor_email text,
    action text not null,
    entity_id text,
    before jsonb,
    after jsonb
  );
  create index knowledge_audit_entity on knowledge_audit(entity_id, id);
  `,
  // 5: the unanswered-questions inbox (admin/unanswered/): groups of similar questions the bot
  // clarified, handed off or was rated unhelpful on, and customers' helpful/unhelpful feedback.
  `
  create table unanswered_groups (
    id text primary key,
    lang text not null,
    text text not null,
    status text not null default 'open' check (status in ('open','dismissed','resolved')),
    dismiss_reason text,
    resolved_entry_id text,
    closed_by text,
    closed_at timestamptz,
    created_at timestamptz not null default now()
  );
  create index unanswered_groups_lang on unanswered_groups(lang, status);
  create table unanswered_questions (
    id text primary key,
    group_id text not null references unanswered_groups(id),
    conversation_id text not null references conversations(id),
    message_id text not null references messages(id),
    text text not null,
    lang text not null,
    reason text not null check (reason in ('clarify','handoff','unhelpful')),
    suggested_entry_id text,
    suggested_title text,
    suggested_confidence double precision,
    created_at timestamptz not null default now(),
    unique (message_id, reason)
  );
  create index unanswered_questions_group on unanswered_questions(group_id, created_at);
  create table message_feedback (
    message_id text primary key references messages(id),
    conversation_id text not null references conversations(id),
    helpful boolean not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  );
  `,
  // 6: knowledge releases (admin/knowledge/release-sync.ts): the content of every version that
  // went live, so other instances (and ones started later) switch to the same content.
  `
  create table knowledge_releases (
    id bigserial primary key,
    action text not null,
    source_hash text not null,
    entries jsonb not null,
    note text,
    origin text,
    created_at timestamptz not null default now()
  );
  `,
  // 7: a delivery is identified by (channel, sender, message id). Message ids come from clients
  // too (the chat API's messageId, the widget's clientId): keyed on (channel, id) alone, a
  // second customer reusing an id was answered with the first one's conversation. Earlier rows
  // take their sender from the conversation their message went to.
  `
  alter table inbound_events add column user_id text;
  update inbound_events e set user_id = (
    select i.external_id from messages m
    join conversations c on c.id = m.conversation_id
    join identities i on i.customer_id = c.customer_id and i.channel = e.channel
    where m.id = e.message_id order by i.created_at limit 1)
  where e.message_id is not null;
  update inbound_events set user_id = '' where user_id is null;
  alter table inbound_events alter column user_id set not null;
  alter table inbound_events drop constraint inbound_events_pkey;
  alter table inbound_events add primary key (channel, user_id, external_id);
  `,
  // 8: sign-in throttling (admin/auth/login-throttle.ts): rate-limiter-flexible's PostgreSQL
  // store, in its own table layout (key with the limiter's prefix, points, expiry in ms).
  `
  create table login_throttle (
    key varchar(255) primary key,
    points integer not null default 0,
    expire bigint
  );
  `,
  // 9: signed webhook payloads refused as malformed (adapters/core/express.ts): the provider got a
  // 400, so nothing else keeps them; an admin sees them in the console.
  `
  create table webhook_rejections (
    id bigserial primary key,
    channel text not null,
    reason text not null,
    body text not null,
    created_at timestamptz not null default now()
  );
  create index webhook_rejections_recent on webhook_rejections(created_at desc);
  `,
  // 10: the append-only event record analytics read (analytics/events.ts), written in the same
  // transaction as the fact it records. Indexed for the dashboard's date-range reads.
  `
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
  `,
  // 11: the help center (helpcenter/): one "was this helpful?" vote per reader and article, the
  // editors' order of categories, and questions from help-center searches in the unanswered inbox
  // (no conversation or message behind them, so those become optional; `source` tells them apart).
  `
  create table help_votes (
    reader_id text not null,
    entry_id text not null,
    lang text not null,
    helpful boolean not null,
    reason text,
    created_at timestamptz not null default now(),
    primary key (reader_id, entry_id)
  );
  create table help_category_order (
    category text primary key,
    position integer not null,
    updated_at timestamptz not null default now()
  );
  alter table unanswered_questions add column source text not null default 'chat';
  alter table unanswered_questions alter column conversation_id drop not null;
  alter table unanswered_questions alter column message_id drop not null
  `,
  // 12: durable intake and outbox (adapters/core/intake-store.ts). Every inbound item is stored
  // before the provider or client is answered and marked done once answered; replies to send wait
  // in the outbox until the provider took them. `lane` is one customer on one channel: only the
  // oldest unfinished row of a lane is ever claimed, so order holds across instances.
  // `answered_at` tells a delivery whose turn finished from one stored by a process that stopped
  // mid-turn (resumed, not skipped, when its work is claimed again).
  `
  alter table inbound_events add column answered_at timestamptz;
  update inbound_events set answered_at = created_at;
  create table intake_work (
    id bigserial primary key,
    lane text not null,
    channel text not null,
    user_id text,
    external_id text,
    item jsonb not null,
    claimed_by text,
    claimed_at timestamptz,
    attempts integer not null default 0,
    done_at timestamptz,
    error text,
    created_at timestamptz not null default now()
  );
  create unique index intake_work_delivery on intake_work(channel, user_id, external_id) where external_id is not null;
  create index intake_work_lane on intake_work(lane, id) where done_at is null;
  create index intake_work_open on intake_work(id) where done_at is null;
  create table outbox (
    id bigserial primary key,
    message_key text not null unique,
    lane text not null,
    channel text not null,
    user_id text not null,
    payload jsonb not null,
    status text not null default 'pending' check (status in ('pending','sent','failed')),
    attempts integer not null default 0,
    next_attempt_at timestamptz not null default now(),
    claimed_by text,
    claimed_at timestamptz,
    error text,
    sent_at timestamptz,
    created_at timestamptz not null default now()
  );
  create index outbox_lane on outbox(lane, id) where status = 'pending';
  create index outbox_open on outbox(id) where status = 'pending';
  `,
  // 13: analytics rollups (analytics/rollup.ts), maintained incrementally from analytics_events:
  // one row per conversation (a customer's visit, see docs/METRICS.md), counters per day ×
  // channel × language (latency histograms in fixed buckets), counters per day × channel ×
  // language × entry, the same two per month (day = its first day) so long ranges read few
  // rows, and the id of the last event folded in. A daily row's `series` repeats the time
  // series' counters (SERIES_KEYS) as plain numbers, so a year's chart does not unpack 9,000 jsonb values.
  `
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
  `,
  // 14: a conversation's last sequence number and the time of its latest customer message, kept on
  // its row: a message is appended in one statement that locks the row and takes the next number,
  // and whether it starts a visit is read there too, not from the transcript.
  `
  alter table conversations add column last_seq integer not null default 0;
  alter table conversations add column last_customer_at timestamptz;
  update conversations c set last_seq = coalesce((select max(m.seq) from messages m where m.conversation_id = c.id), 0),
    last_customer_at = (select max(m.created_at) from messages m where m.conversation_id = c.id and m.role = 'customer');
  `,
];

/**
 * Apply pending migrations under an advisory lock, so instances starting together take turns.
 * `migrations` is the list to bring the database up to (a prefix of MIGRATIONS in upgrade tests).
 */
export async function migrate(db: Database, migrations: readonly string[] = MIGRATIONS): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock(7263001)');
    await tx.query('create table if not exists schema_migrations (version integer primary key, applied_at timestamptz not null default now())');
    const done = new Set((await tx.query<{ version: number }>('select version from schema_migrations')).map((r) => Number(r.version)));
    let applied = 0;
    for (let i = 0; i < migrations.length; i++) {
      if (done.has(i + 1)) continue;
      for (const statement of migrations[i]!.split(';').map((s) => s.trim()).filter(Boolean)) await tx.query(statement);
      await tx.query('insert into schema_migrations (version) values ($1)', [i + 1]);
      applied++;
    }
    return applied;
  });
}
