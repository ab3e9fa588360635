import type { ModuleMigrations } from './schema.ts';

/**
 * bot/'s tables: customers, identities, conversations, messages, inbound deliveries, ownership
 * and handoffs. Every other module's tables may reference these, so they run first.
 * Append a new migration at the END with an id of its own (never reused, never renamed); never
 * edit or reorder one that shipped. bot/schema.ts runs the modules in order (bot/README.md).
 */
export const BOT_MIGRATIONS: ModuleMigrations = { module: 'bot', migrations: [
  // Customers and their identities on each channel, conversations and their messages, the
  // deliveries already taken in, ownership changes and handoff packets.
  // (Version 1 of the single list this schema once was: bot/schema-legacy.ts.)
  { id: 'conversations', sql: `
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
  ` },
  // Human handoff (bot/ownership.ts, bot/conversation-store.ts): who holds a conversation
  // and since when, the queue, internal notes and satisfaction ratings.
  // (Part of version 3 of the single list this schema once was: bot/schema-legacy.ts.)
  { id: 'ownership', sql: `
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
` },
  // A delivery is identified by (channel, sender, message id). Message ids come from clients
  // too (the chat API's messageId, the widget's clientId): keyed on (channel, id) alone, a
  // second customer reusing an id was answered with the first one's conversation. Earlier rows
  // take their sender from the conversation their message went to.
  // (Version 7 of the single list this schema once was: bot/schema-legacy.ts.)
  { id: 'inbound-sender', sql: `
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
  ` },
  // A conversation's last sequence number and the time of its latest customer message, kept on
  // its row: a message is appended in one statement that locks the row and takes the next number,
  // and whether it starts a visit is read there too, not from the transcript.
  { id: 'conversation-activity', sql: `
  alter table conversations add column last_seq integer not null default 0;
  alter table conversations add column last_customer_at timestamptz;
  update conversations c set last_seq = coalesce((select max(m.seq) from messages m where m.conversation_id = c.id), 0),
    last_customer_at = (select max(m.created_at) from messages m where m.conversation_id = c.id and m.role = 'customer');
  ` },
  // The Chinese script a customer writes, so that a message the same in both ("好的") keeps it
  // after a restart and on another instance (bot/chinese-script.ts). A table of its own: columns
  // added to conversations would land in another order on databases the legacy list migrated.
  { id: 'chinese-script', sql: `
  create table conversation_scripts (
    conversation_id text primary key references conversations(id),
    script text not null check (script in ('traditional', 'simplified')),
    updated_at timestamptz not null default now()
  );
  ` },
  // What a customer sent besides text (photos, voice notes, files, locations), kept for the agent.
  { id: 'message-attachments', sql: `
  alter table messages add column attachments jsonb;
  ` },
] };
