/**
 * A customer's data on their request: found by an address, a conversation or their id, exported
 * whole as JSON, or erased from every table that holds it. Each module says which of its rows are
 * the customer's (its `personal-data.ts`); this runs them.
 */
import { ADAPTERS_PERSONAL_DATA } from '../../adapters/index.ts';
import { ANALYTICS_PERSONAL_DATA } from '../../analytics/index.ts';
import { BOT_PERSONAL_DATA, dataSubject, erasePersonalRows, personalRows, type Database, type PersonalDataPart, type SqlClient } from '../../bot/index.ts';
import { ADMIN_PERSONAL_DATA } from '../personal-data.ts';
import type { CustomerSummary } from './types.ts';

export type { CustomerSummary };

/** Every module's part, dependents first: a part's tables reference only its own and those of parts after it. */
export const PERSONAL_DATA: readonly PersonalDataPart[] = [ADMIN_PERSONAL_DATA, ANALYTICS_PERSONAL_DATA, ADAPTERS_PERSONAL_DATA, BOT_PERSONAL_DATA];

/** What an export holds: every row about the customer, table by table, as stored. */
export interface CustomerExport {
  customerId: string;
  exportedAt: string;
  tables: Record<string, Array<Record<string, unknown>>>;
}

/** A row as the export shows it: files (bytea, a web chat customer's photo) as base64, not as arrays of numbers. */
function readable(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k] = v instanceof Uint8Array ? { base64: Buffer.from(v).toString('base64') } : v;
  return out;
}

/** A text that reads as a phone number: its digits, else undefined. */
function phoneDigits(q: string): string | undefined {
  if (!/^[+\d\s().\-/]+$/.test(q)) return undefined;
  const digits = q.replace(/\D/g, '');
  return digits.length >= 6 ? digits : undefined;
}

/**
 * Customers that `query` names: their id, one of their conversations' ids, one of their addresses
 * on a channel (a web chat user id, a Messenger id…), or the name their channel gave (a WhatsApp
 * profile name, any case). A phone number matches however it is
 * written ("+48 601 000 333", "whatsapp:+48601000333").
 */
export async function findCustomers(sql: SqlClient, query: string, limit = 20): Promise<CustomerSummary[]> {
  const q = query.trim();
  if (!q) return [];
  const rows = await sql.query<{ id: string }>(
    `select c.id from customers c where c.id = $1 or lower(c.display_name) = lower($1)
       or exists (select 1 from conversations v where v.customer_id = c.id and v.id = $1)
       or exists (select 1 from identities i where i.customer_id = c.id
                  and (i.external_id = $1 or ($2::text is not null and regexp_replace(i.external_id, '[^0-9]', '', 'g') = $2::text)))
     order by c.created_at desc limit $3`, [q, phoneDigits(q) ?? null, limit]);
  return customerSummaries(sql, rows.map((r) => r.id));
}

/** One customer's summary, or undefined when there is no such customer. */
export async function customerSummary(sql: SqlClient, id: string): Promise<CustomerSummary | undefined> {
  return (await customerSummaries(sql, [id]))[0];
}

/** Customers' summaries in the order of `ids` (two queries, whatever their number); unknown ids are left out. */
async function customerSummaries(sql: SqlClient, ids: readonly string[]): Promise<CustomerSummary[]> {
  if (!ids.length) return [];
  const [customers, identities] = await Promise.all([
    sql.query<{ id: string; display_name: string | null; created_at: Date | string; conversations: number | string; messages: number | string; last_seen: Date | string | null }>(
      `select c.id, c.display_name, c.created_at,
         (select count(*) from conversations v where v.customer_id = c.id)::int as conversations,
         (select count(*) from messages m join conversations v on v.id = m.conversation_id where v.customer_id = c.id)::int as messages,
         (select max(v.updated_at) from conversations v where v.customer_id = c.id) as last_seen
       from customers c where c.id = any($1::text[])`, [[...ids]]),
    sql.query<{ customer_id: string; channel: string; external_id: string }>(
      'select customer_id, channel, external_id from identities where customer_id = any($1::text[]) order by created_at', [[...ids]]),
  ]);
  const byId = new Map(customers.map((c) => [c.id, c]));
  return ids.flatMap((id) => {
    const c = byId.get(id);
    if (!c) return [];
    return [{
      id: c.id, ...(c.display_name ? { displayName: c.display_name } : {}),
      identities: identities.filter((i) => i.customer_id === id).map((i) => ({ channel: i.channel, address: i.external_id })),
      conversations: Number(c.conversations), messages: Number(c.messages),
      firstSeen: new Date(c.created_at).toISOString(), ...(c.last_seen ? { lastSeen: new Date(c.last_seen).toISOString() } : {}),
    }];
  });
}

/** Everything stored about a customer, or undefined when there is no such customer. */
export async function exportCustomer(db: Database, customerId: string, actorId?: string): Promise<CustomerExport | undefined> {
  return db.transaction(async (tx) => {
    const subject = await dataSubject(tx, customerId);
    if (!subject) return undefined;
    const tables: CustomerExport['tables'] = {};
    // The customer first, as they read it: bot/'s tables in reverse, customers before messages.
    for (const part of [...PERSONAL_DATA].reverse()) {
      for (const t of [...part.tables].reverse()) {
        const rows = await personalRows(tx, t, subject);
        if (rows.length) tables[t.table] = rows.map(readable);
      }
    }
    await tx.query("insert into privacy_requests (customer_id, action, actor_id) values ($1, 'export', $2)", [customerId, actorId ?? null]);
    return { customerId, exportedAt: new Date().toISOString(), tables };
  });
}

/**
 * Erase a customer: every row about them, in every module's tables, in one transaction. Returns the
 * rows removed (or changed, where their part of a shared row went) per table, or undefined when there
 * is no such customer. The erasure itself is recorded without personal data (privacy_requests).
 */
export async function eraseCustomer(db: Database, customerId: string, actorId?: string, action: 'erase' | 'retention' = 'erase'): Promise<{ customerId: string; rows: Record<string, number>; total: number } | undefined> {
  return db.transaction(async (tx) => {
    // A message arriving meanwhile waits for the conversation row it appends under.
    await tx.query('select id from conversations where customer_id = $1 for update', [customerId]);
    const subject = await dataSubject(tx, customerId);
    if (!subject) return undefined;
    const rows: Record<string, number> = {};
    const add = (table: string, n: number) => { if (n) rows[table] = (rows[table] ?? 0) + n; };
    for (const part of PERSONAL_DATA) {
      for (const [table, n] of Object.entries((await part.scrub?.(tx, subject)) ?? {})) add(table, n);
      for (const t of part.tables) add(t.table, await erasePersonalRows(tx, t, subject));
    }
    await tx.query('insert into privacy_requests (customer_id, action, actor_id, rows) values ($1, $2, $3, $4::jsonb)', [customerId, action, actorId ?? null, JSON.stringify(rows)]);
    return { customerId, rows, total: Object.values(rows).reduce((a, b) => a + b, 0) };
  });
}
