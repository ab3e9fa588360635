import type { ModuleMigrations } from '../bot/schema.ts';

/**
 * admin/'s tables: accounts and sessions, handoff webhook deliveries, knowledge drafts, audit and
 * releases, the unanswered inbox and sign-in throttling. They reference bot/'s conversations.
 * Append a new migration at the END with an id of its own (never reused, never renamed); never
 * edit or reorder one that shipped. bot/schema.ts runs the modules in order (bot/README.md).
 */
export const ADMIN_MIGRATIONS: ModuleMigrations = { module: 'admin', migrations: [
  // The agent console (admin/console/webhooks.ts, admin/auth/): handoff webhook deliveries,
  // and the console's users and sessions.
  // (Part of version 3 of the single list this schema once was: bot/schema-legacy.ts.)
  { id: 'console-accounts', sql: `  create table webhook_deliveries (
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
  ` },
  // Knowledge editing (admin/knowledge/): draft entries with a revision for optimistic
  // locking (deleted drafts are kept, flagged, until the next import replaces them), and the
  // audit log of every change (who, what, when, before/after).
  // (Version 4 of the single list this schema once was: bot/schema-legacy.ts.)
  { id: 'knowledge-drafts', sql: `
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
  ` },
  // The unanswered-questions inbox (admin/unanswered/): groups of similar questions the bot
  // clarified, handed off or was rated unhelpful on, and customers' helpful/unhelpful feedback.
  // (Version 5 of the single list this schema once was: bot/schema-legacy.ts.)
  { id: 'unanswered-inbox', sql: `
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
  ` },
  // Knowledge releases (admin/knowledge/release-sync.ts): the content of every version that
  // went live, so other instances (and ones started later) switch to the same content.
  // (Version 6 of the single list this schema once was: bot/schema-legacy.ts.)
  { id: 'knowledge-releases', sql: `
  create table knowledge_releases (
    id bigserial primary key,
    action text not null,
    source_hash text not null,
    entries jsonb not null,
    note text,
    origin text,
    created_at timestamptz not null default now()
  );
  ` },
  // Sign-in throttling (admin/auth/login-throttle.ts): rate-limiter-flexible's PostgreSQL
  // store, in its own table layout (key with the limiter's prefix, points, expiry in ms).
  // (Version 8 of the single list this schema once was: bot/schema-legacy.ts.)
  { id: 'login-throttle', sql: `
  create table login_throttle (
    key varchar(255) primary key,
    points integer not null default 0,
    expire bigint
  );
  ` },
  // The suggestion a customer pressed right after the bot clarified a question (admin/unanswered/):
  // where the customer says the question belongs. A table of its own: columns added to
  // unanswered_questions would land in another order on databases the older numbered list
  // migrated (bot/schema.test.ts).
  { id: 'unanswered-choices', sql: `
  create table unanswered_choices (
    question_id text primary key references unanswered_questions(id) on delete cascade,
    entry_id text not null,
    title text not null,
    created_at timestamptz not null default now()
  );
  ` },
  // Customers' data exported or erased on their request (admin/privacy/), or erased after the
  // retention period: who did it and when, and how many rows an erasure took. The customer's id
  // names no one once their data is gone.
  { id: 'privacy-requests', sql: `
  create table privacy_requests (
    id bigserial primary key,
    customer_id text not null,
    action text not null check (action in ('export', 'erase', 'retention')),
    actor_id text,
    rows jsonb,
    created_at timestamptz not null default now()
  );
  ` },
  // Files agents send to customers (admin/console/files.ts): kept with the transcript, handed out
  // at /files/{id} to the customer and to the providers that deliver them.
  { id: 'agent-files', sql: `
  create table agent_files (
    id text primary key,
    conversation_id text not null,
    agent_id text not null,
    mime text not null,
    name text not null,
    size integer not null,
    bytes bytea not null,
    used boolean not null default false,
    created_at timestamptz not null default now()
  );
  create index agent_files_conversation on agent_files(conversation_id);
  create index agent_files_unused on agent_files(created_at) where not used;
  ` },
] };
