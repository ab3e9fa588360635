/**
 * What the product holds about one customer, module by module, for a data-subject request: an
 * export of everything (right of access and portability) and an erasure (right to erasure).
 *
 * Each module that stores customers' data declares its tables in a `personal-data.ts` beside its
 * migrations, as a `PersonalDataPart`: each table with the condition that picks the customer's rows.
 * Conditions read the subject `s`: `s.customer_id`, `s.conversations` (their conversation ids),
 * and `s.channels` / `s.users` (their addresses, pairwise: `addressIn(...)`). admin/privacy/ runs the
 * parts, dependents before what they reference, in one transaction.
 */
import type { SqlClient } from './db.ts';

/** The customer a request is about: their id, conversations and channel addresses. */
export interface DataSubject {
  customerId: string;
  conversationIds: string[];
  addresses: Array<{ channel: string; userId: string }>;
}

/** One table's rows about the subject: `where` is SQL over the table (as `t`) and the subject (as `s`). */
export interface PersonalTable {
  table: string;
  where: string;
}

export interface PersonalDataPart {
  readonly module: string;
  /** In the order they are erased: a table before the tables it references. */
  readonly tables: readonly PersonalTable[];
  /**
   * Rows that hold the subject's data beside other customers' (a webhook batch, a group of
   * questions): their part is removed and the rest kept. Runs before `tables` are erased; returns
   * the rows changed per table.
   */
  scrub?(sql: SqlClient, s: DataSubject): Promise<Record<string, number>>;
}

/** The subject as a one-row relation `s`, from the parameters of subjectParams (for a part's own statements). */
export const SUBJECT = '(select $1::text as customer_id, $2::text[] as conversations, $3::text[] as channels, $4::text[] as users) s';

export const subjectParams = (s: DataSubject): unknown[] =>
  [s.customerId, s.conversationIds, s.addresses.map((a) => a.channel), s.addresses.map((a) => a.userId)];

/** SQL: whether (channel, user) is one of the subject's addresses. */
export const addressIn = (channel: string, user: string): string => `(${channel}, ${user}) in (select * from unnest(s.channels, s.users))`;

/** SQL: whether a message id is one of the subject's messages. */
export const subjectMessage = (column: string): string => `${column} in (select m.id from messages m where m.conversation_id = any(s.conversations))`;

/** SQL: a row of one of the subject's conversations (`t.conversation_id`). */
export const IN_SUBJECT_CONVERSATIONS = 't.conversation_id = any(s.conversations)';
/** SQL: a row of the subject (`t.customer_id`). */
export const OF_SUBJECT_CUSTOMER = 't.customer_id = s.customer_id';
/** SQL: a row about a delivery to or from one of the subject's addresses, or one of their messages (`t.channel`, `t.user_id`, `t.message_id`). */
export const SUBJECT_DELIVERY = `${addressIn('t.channel', 't.user_id')} or ${subjectMessage('t.message_id')}`;

/** The table's rows about the subject. */
export function personalRows(sql: SqlClient, t: PersonalTable, s: DataSubject): Promise<Record<string, unknown>[]> {
  return sql.query<Record<string, unknown>>(`select t.* from ${t.table} t, ${SUBJECT} where ${t.where}`, subjectParams(s));
}

/** Delete the table's rows about the subject; how many went. */
export async function erasePersonalRows(sql: SqlClient, t: PersonalTable, s: DataSubject): Promise<number> {
  const [r] = await sql.query<{ n: number | string }>(
    `with gone as (delete from ${t.table} t using ${SUBJECT} where ${t.where} returning 1) select count(*)::int as n from gone`, subjectParams(s));
  return Number(r?.n ?? 0);
}

/** The subject of one customer id, or undefined when no such customer is stored. */
export async function dataSubject(sql: SqlClient, customerId: string): Promise<DataSubject | undefined> {
  const [customer] = await sql.query<{ id: string }>('select id from customers where id = $1', [customerId]);
  if (!customer) return undefined;
  const conversations = await sql.query<{ id: string }>('select id from conversations where customer_id = $1 order by created_at', [customerId]);
  const identities = await sql.query<{ channel: string; external_id: string }>('select channel, external_id from identities where customer_id = $1 order by created_at', [customerId]);
  return { customerId, conversationIds: conversations.map((c) => c.id), addresses: identities.map((i) => ({ channel: i.channel, userId: i.external_id })) };
}

/**
 * bot/'s tables: the customer, their identities, conversations and messages with everything kept
 * about them (handoff packets, notes, ratings, ownership history, deliveries taken in).
 */
export const BOT_PERSONAL_DATA: PersonalDataPart = {
  module: 'bot',
  tables: [
    { table: 'conversation_scripts', where: IN_SUBJECT_CONVERSATIONS },
    { table: 'conversation_ratings', where: IN_SUBJECT_CONVERSATIONS },
    { table: 'conversation_notes', where: IN_SUBJECT_CONVERSATIONS },
    { table: 'handoffs', where: IN_SUBJECT_CONVERSATIONS },
    { table: 'ownership_events', where: IN_SUBJECT_CONVERSATIONS },
    { table: 'inbound_events', where: SUBJECT_DELIVERY },
    { table: 'messages', where: IN_SUBJECT_CONVERSATIONS },
    { table: 'conversations', where: OF_SUBJECT_CUSTOMER },
    { table: 'identities', where: OF_SUBJECT_CUSTOMER },
    { table: 'customers', where: 't.id = s.customer_id' },
  ],
};
