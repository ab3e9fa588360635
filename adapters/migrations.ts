import type { ModuleMigrations } from '../bot/schema.ts';

/**
 * adapters/' tables (adapters/core/): channel deliveries and windows, refused webhook payloads,
 * the durable intake and the outbox. They reference bot/'s customers and inbound deliveries.
 * Append a new migration at the END with an id of its own (never reused, never renamed); never
 * edit or reorder one that shipped. bot/schema.ts runs the modules in order (bot/README.md).
 */
export const ADAPTERS_MIGRATIONS: ModuleMigrations = { module: 'adapters', migrations: [
  // Messaging channels (adapters/core/channel-store.ts): delivery status per sent message
  // (monotonic), opt-outs and customer-service windows per customer and channel, send failures,
  // and each channel address's reply coordinates.
  // (Version 2 of the single list this schema once was: bot/schema-legacy.ts.)
  { id: 'channel-state', sql: `
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
  ` },
  // Signed webhook payloads refused as malformed (adapters/core/express.ts): the provider got a
  // 400, so nothing else keeps them; an admin sees them in the console.
  // (Version 9 of the single list this schema once was: bot/schema-legacy.ts.)
  { id: 'webhook-rejections', sql: `
  create table webhook_rejections (
    id bigserial primary key,
    channel text not null,
    reason text not null,
    body text not null,
    created_at timestamptz not null default now()
  );
  create index webhook_rejections_recent on webhook_rejections(created_at desc);
  ` },
  // Durable intake and outbox (adapters/core/intake-store.ts). Every inbound item is stored
  // before the provider or client is answered and marked done once answered; replies to send wait
  // in the outbox until the provider took them. `lane` is one customer on one channel: only the
  // oldest unfinished row of a lane is ever claimed, so order holds across instances.
  // `answered_at` tells a delivery whose turn finished from one stored by a process that stopped
  // mid-turn (resumed, not skipped, when its work is claimed again).
  // (Version 12 of the single list this schema once was: bot/schema-legacy.ts.)
  { id: 'intake-outbox', sql: `
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
  ` },
  // Photos and PDFs a web chat customer attaches (adapters/webchat/uploads.ts): the web chat has
  // no provider to keep them, so the database does, where every instance reads them.
  { id: 'webchat-uploads', sql: `
  create table webchat_uploads (
    id text primary key,
    user_id text not null,
    mime text not null,
    name text,
    size integer not null,
    bytes bytea not null,
    used boolean not null default false,
    created_at timestamptz not null default now()
  );
  create index webchat_uploads_user on webchat_uploads(user_id, created_at);
  create index webchat_uploads_unused on webchat_uploads(created_at) where not used;
  ` },
] };
