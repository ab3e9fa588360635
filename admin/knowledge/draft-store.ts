import type { Database, SqlClient } from '../../bot/index.ts';
import type { FaqEntry } from '../../knowledge/index.ts';
import { AuditLog, type Actor } from './audit-log.ts';
import { diffEntries, type EntryDiff } from './diff.ts';
import { InvalidEntryError, KnowledgeConflictError, KnowledgeNotFoundError } from './errors.ts';
import { canonicalEntry, EntrySchema, firstIssue, issuesOf, sameEntry } from './schema.ts';

/** A draft entry with its bookkeeping. */
export interface DraftRecord {
  entry: FaqEntry;
  /** Grows by one on every save; an update must name the revision it started from. */
  revision: number;
  updatedAt: Date;
  /** Email of whoever saved it last (none for seeded entries). */
  updatedBy?: string;
}

interface DraftRow { id: string; entry: FaqEntry | string; revision: number; deleted: boolean; updated_by: string | null; updated_at: Date | string }

const toRecord = (r: DraftRow): DraftRecord => ({
  entry: canonicalEntry(typeof r.entry === 'string' ? (JSON.parse(r.entry) as FaqEntry) : r.entry),
  revision: Number(r.revision),
  updatedAt: new Date(r.updated_at),
  updatedBy: r.updated_by ?? undefined,
});

/**
 * Validate an entry as the editor API accepts it.
 * @throws KnowledgeEditError `invalid` with the zod issues in `details`.
 */
export function validEntry(input: unknown): FaqEntry {
  const parsed = EntrySchema.safeParse(input);
  if (!parsed.success) throw new InvalidEntryError(firstIssue(parsed.error), { details: issuesOf(parsed.error) });
  return canonicalEntry(parsed.data as FaqEntry);
}

const sameText = (a: string, b: string) => a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();

/**
 * The knowledge base being edited: draft entries in SQL (PGlite or PostgreSQL), so every
 * instance sees the same drafts. Saves are compare-and-set on a revision number, so of two
 * editors saving the same entry, the second is told (409) instead of silently overwriting.
 * Every change is written to the audit log in the same transaction.
 *
 * @example
 * const drafts = new DraftStore(db);
 * const { revision } = await drafts.create(entry, { id: user.id, email: user.email });
 * await drafts.update(entry.id, { ...entry, tags: ['returns'] }, revision, actor);
 */
export class DraftStore {
  /** The audit log the store writes to (read it for `GET /api/admin/audit`). */
  readonly audit: AuditLog;

  constructor(private readonly db: Database) {
    this.audit = new AuditLog(db);
  }

  /** Current draft entries (not deleted), by id. */
  async entries(): Promise<FaqEntry[]> {
    return (await this.records()).map((r) => r.entry);
  }

  /** Current drafts with their revisions, by id. */
  async records(): Promise<DraftRecord[]> {
    const rows = await this.db.query<DraftRow>('select * from knowledge_drafts where not deleted order by id');
    return rows.map(toRecord);
  }

  async get(id: string): Promise<DraftRecord | undefined> {
    const [row] = await this.db.query<DraftRow>('select * from knowledge_drafts where id = $1 and not deleted', [id]);
    return row ? toRecord(row) : undefined;
  }

  /**
   * A value that changes whenever any draft changes (revisions only grow, deleted rows stay):
   * lets a cache built from the drafts (the test console's draft matcher) know it is stale.
   */
  async changeMark(): Promise<string> {
    const [r] = await this.db.query<{ n: number | string; s: number | string | null }>('select count(*) as n, sum(revision) as s from knowledge_drafts');
    return `${r?.n ?? 0}:${r?.s ?? 0}`;
  }

  /**
   * Add a new entry. @throws KnowledgeEditError `exists` (the id is taken) or `invalid`.
   * `action` names the audit event (default "entry.create").
   */
  async create(input: unknown, actor: Actor, action = 'entry.create'): Promise<DraftRecord> {
    const entry = validEntry(input);
    return this.db.transaction(async (tx) => {
      const [old] = await tx.query<DraftRow>('select * from knowledge_drafts where id = $1 for update', [entry.id]);
      if (old && !old.deleted) throw new KnowledgeConflictError('exists', `an entry "${entry.id}" already exists`, { revision: Number(old.revision) });
      // A deleted id can be used again; its revision keeps growing so old clients stay stale.
      const [row] = old
        ? await tx.query<DraftRow>('update knowledge_drafts set entry = $2::jsonb, revision = revision + 1, deleted = false, updated_by = $3, updated_at = now() where id = $1 returning *', [entry.id, JSON.stringify(entry), actor.email])
        : await tx.query<DraftRow>('insert into knowledge_drafts (id, entry, updated_by) values ($1, $2::jsonb, $3) returning *', [entry.id, JSON.stringify(entry), actor.email]);
      await this.audit.record({ actor, action, entityId: entry.id, after: entry }, tx);
      return toRecord(row!);
    });
  }

  /**
   * Save a changed entry, if nobody saved it since `revision`.
   * @throws KnowledgeEditError `stale_revision` (with the current revision), `not_found` or `invalid`.
   */
  async update(id: string, input: unknown, revision: number, actor: Actor, action = 'entry.update'): Promise<DraftRecord> {
    const entry = validEntry(input);
    if (entry.id !== id) throw new InvalidEntryError(`the entry's id "${entry.id}" does not match "${id}" (ids cannot be renamed; create a new entry)`);
    return this.db.transaction(async (tx) => {
      const before = await this.lockCurrent(tx, id, revision);
      const [row] = await tx.query<DraftRow>(
        'update knowledge_drafts set entry = $2::jsonb, revision = revision + 1, updated_by = $3, updated_at = now() where id = $1 returning *',
        [id, JSON.stringify(entry), actor.email]);
      await this.audit.record({ actor, action, entityId: id, before: before.entry, after: entry }, tx);
      return toRecord(row!);
    });
  }

  /** Delete a draft entry (gone from the bot at the next publish). @throws like `update`. */
  async remove(id: string, revision: number, actor: Actor): Promise<void> {
    await this.db.transaction(async (tx) => {
      const before = await this.lockCurrent(tx, id, revision);
      await tx.query('update knowledge_drafts set deleted = true, revision = revision + 1, updated_by = $2, updated_at = now() where id = $1', [id, actor.email]);
      await this.audit.record({ actor, action: 'entry.delete', entityId: id, before: before.entry }, tx);
    });
  }

  /**
   * Add questions as alternates of an entry's variant in `lang`, skipping any the entry already
   * has (as its question or an alternate, ignoring case). Used by the unanswered inbox.
   * @throws KnowledgeEditError `not_found` (no entry, or no variant in that language) or `invalid`.
   */
  async addAlternates(entryId: string, lang: string, texts: string[], actor: Actor): Promise<{ record: DraftRecord; added: string[] }> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query<DraftRow>('select * from knowledge_drafts where id = $1 and not deleted for update', [entryId]);
      if (!row) throw new KnowledgeNotFoundError(`no entry "${entryId}"`);
      const current = toRecord(row);
      const variant = current.entry.variants.find((v) => v.lang === lang);
      if (!variant) throw new KnowledgeNotFoundError(`entry "${entryId}" has no "${lang}" version to add questions to`);
      const added: string[] = [];
      for (const raw of texts) {
        const text = raw.replace(/\s+/g, ' ').trim();
        if (!text || [variant.question, ...variant.alternates, ...added].some((t) => sameText(t, text))) continue;
        added.push(text);
      }
      if (!added.length) return { record: current, added };
      const entry = validEntry({ ...current.entry, variants: current.entry.variants.map((v) => (v === variant ? { ...v, alternates: [...v.alternates, ...added] } : v)) });
      const [saved] = await tx.query<DraftRow>(
        'update knowledge_drafts set entry = $2::jsonb, revision = revision + 1, updated_by = $3, updated_at = now() where id = $1 returning *',
        [entryId, JSON.stringify(entry), actor.email]);
      await this.audit.record({ actor, action: 'entry.alternates', entityId: entryId, before: current.entry, after: entry }, tx);
      return { record: toRecord(saved!), added };
    });
  }

  /**
   * Make the drafts exactly `entries`, in one transaction: an import or a rollback either
   * applies entirely or not at all. Unchanged entries keep their revision.
   * Entries are validated first (all of them, before anything is written), unless
   * `validate: false` (a rollback restores content that was live, whatever it holds).
   */
  async replaceAll(input: readonly unknown[], actor: Actor, action: string, o: { validate?: boolean } = {}): Promise<EntryDiff> {
    const entries = input.map((e, i) => {
      try {
        return o.validate === false ? canonicalEntry(e as FaqEntry) : validEntry(e);
      } catch (err) {
        if (err instanceof InvalidEntryError) throw new InvalidEntryError(`entry ${i + 1}: ${err.message}`, err.data);
        throw err;
      }
    });
    const dup = entries.find((e, i) => entries.findIndex((x) => x.id === e.id) !== i);
    if (dup) throw new InvalidEntryError(`entry id "${dup.id}" appears twice`);
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<DraftRow>('select * from knowledge_drafts for update');
      const all = new Map(rows.map((r) => [r.id, r]));
      const current = rows.filter((r) => !r.deleted).map((r) => toRecord(r).entry);
      const diff = diffEntries(current, entries);
      const byId = new Map(current.map((e) => [e.id, e]));
      for (const e of entries) {
        const old = byId.get(e.id);
        if (old && sameEntry(old, e)) continue;
        if (all.has(e.id)) {
          await tx.query('update knowledge_drafts set entry = $2::jsonb, revision = revision + 1, deleted = false, updated_by = $3, updated_at = now() where id = $1', [e.id, JSON.stringify(e), actor.email]);
        } else {
          await tx.query('insert into knowledge_drafts (id, entry, updated_by) values ($1, $2::jsonb, $3)', [e.id, JSON.stringify(e), actor.email]);
        }
        await this.audit.record({ actor, action, entityId: e.id, before: old, after: e }, tx);
      }
      for (const id of diff.removed) {
        await tx.query('update knowledge_drafts set deleted = true, revision = revision + 1, updated_by = $2, updated_at = now() where id = $1', [id, actor.email]);
        await this.audit.record({ actor, action, entityId: id, before: byId.get(id) }, tx);
      }
      await this.audit.record({ actor, action, after: { added: diff.added, changed: diff.changed, removed: diff.removed } }, tx);
      return diff;
    });
  }

  /**
   * Fill an empty draft table (first start, or an upgrade) with the live version's entries, so
   * editors start from what the bot answers with. Not validated: live content is what it is.
   * @returns whether anything was written.
   */
  async seedIfEmpty(entries: readonly FaqEntry[]): Promise<boolean> {
    if (!entries.length) return false;
    return this.db.transaction(async (tx) => {
      // Instances starting together take turns; the second finds the table filled.
      await tx.query('select pg_advisory_xact_lock(7263002)');
      const [any] = await tx.query('select 1 as one from knowledge_drafts limit 1');
      if (any) return false;
      for (const e of entries) {
        await tx.query('insert into knowledge_drafts (id, entry) values ($1, $2::jsonb) on conflict (id) do nothing', [e.id, JSON.stringify(canonicalEntry(e))]);
      }
      await this.audit.record({ action: 'seed', after: { entries: entries.length } }, tx);
      return true;
    });
  }

  /** Lock the live row and check the caller's revision. */
  private async lockCurrent(tx: SqlClient, id: string, revision: number): Promise<DraftRecord> {
    const [row] = await tx.query<DraftRow>('select * from knowledge_drafts where id = $1 and not deleted for update', [id]);
    if (!row) throw new KnowledgeNotFoundError(`no entry "${id}"`);
    if (Number(row.revision) !== revision) {
      throw new KnowledgeConflictError('stale_revision', `"${id}" was changed by ${row.updated_by ?? 'someone'} since you opened it (revision ${row.revision}, yours ${revision}); reload it and apply your change again`, { revision: Number(row.revision) });
    }
    return toRecord(row);
  }
}
