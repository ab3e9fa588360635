import type { Database, SqlClient } from '../../bot/index.ts';

/** Who made a change: the signed-in console user. */
export interface Actor {
  id: string;
  email: string;
}

/** One recorded change. `before` / `after` are the entity's JSON (an entry, a version summary…). */
export interface AuditEvent {
  id: string;
  at: string;
  actor: { id: string | null; email: string | null };
  /** e.g. entry.create, entry.update, entry.delete, entry.alternates, import, rollback, publish. */
  action: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

interface AuditRow { id: string | number; at: Date | string; actor_id: string | null; actor_email: string | null; action: string; entity_id: string | null; before: unknown; after: unknown }

/** The knowledge audit log (table knowledge_audit): append-only, newest first when read. */
export class AuditLog {
  constructor(private readonly db: Database) {}

  /** Append an event; pass the transaction's client so the event commits (or not) with the change. */
  async record(e: { actor?: Actor; action: string; entityId?: string; before?: unknown; after?: unknown }, client: SqlClient = this.db): Promise<void> {
    await client.query(
      'insert into knowledge_audit (actor_id, actor_email, action, entity_id, before, after) values ($1, $2, $3, $4, $5::jsonb, $6::jsonb)',
      [e.actor?.id ?? null, e.actor?.email ?? null, e.action, e.entityId ?? null,
        e.before === undefined ? null : JSON.stringify(e.before), e.after === undefined ? null : JSON.stringify(e.after)]);
  }

  /** Recent events, newest first; `entityId` narrows to one entry (or version). */
  async list(o: { entityId?: string; limit?: number } = {}): Promise<AuditEvent[]> {
    const limit = Math.max(1, Math.min(500, o.limit ?? 100));
    const rows = o.entityId
      ? await this.db.query<AuditRow>('select * from knowledge_audit where entity_id = $1 order by id desc limit $2', [o.entityId, limit])
      : await this.db.query<AuditRow>('select * from knowledge_audit order by id desc limit $1', [limit]);
    return rows.map((r) => ({
      id: String(r.id), at: new Date(r.at).toISOString(), actor: { id: r.actor_id, email: r.actor_email },
      action: r.action, entityId: r.entity_id, before: r.before ?? null, after: r.after ?? null,
    }));
  }
}
