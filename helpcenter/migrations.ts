import type { ModuleMigrations } from '../bot/schema.ts';

/**
 * helpcenter/'s tables: votes and the order of categories; it also widens admin/'s unanswered
 * inbox to questions from searches, so it runs after admin/.
 * Append a new migration at the END with an id of its own (never reused, never renamed); never
 * edit or reorder one that shipped. bot/schema.ts runs the modules in order (bot/README.md).
 */
export const HELPCENTER_MIGRATIONS: ModuleMigrations = { module: 'helpcenter', migrations: [
  // The help center (helpcenter/): one "was this helpful?" vote per reader and article, the
  // editors' order of categories, and questions from help-center searches in the unanswered inbox
  // (no conversation or message behind them, so those become optional; `source` tells them apart).
  // (Version 11 of the single list this schema once was: bot/schema-legacy.ts.)
  { id: 'votes-categories', sql: `
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
  ` },
] };
