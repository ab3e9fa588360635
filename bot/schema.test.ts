import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPglite, freshPostgres } from '../app/test-support.ts';
import type { Database } from './db.ts';
import { legacyMigrate, LEGACY_MIGRATIONS } from './legacy-migrations.fixture.ts';
import { migrate, SCHEMA } from './schema.ts';
import { LEGACY_VERSIONS } from './schema-legacy.ts';

const ALL = SCHEMA.flatMap(({ module, migrations }) => migrations.map(({ id, sql }) => ({ key: `${module}/${id}`, sql })));
const BOOKKEEPING = ['schema_migrations', 'module_migrations'];

/** What a migration decides: columns (in order), indexes, constraints and sequences of the public schema. */
async function schemaOf(db: Database) {
  const skip = [BOOKKEEPING];
  return {
    columns: await db.query(
      `select table_name, ordinal_position, column_name, data_type, udt_name, is_nullable, column_default, character_maximum_length
       from information_schema.columns where table_schema = 'public' and not (table_name = any($1)) order by table_name, ordinal_position`, skip),
    indexes: await db.query(`select tablename, indexname, indexdef from pg_indexes where schemaname = 'public' and not (tablename = any($1)) order by tablename, indexname`, skip),
    constraints: await db.query(
      `select c.conrelid::regclass::text as table_name, c.conname, pg_get_constraintdef(c.oid) as def from pg_constraint c
       where c.connamespace = 'public'::regnamespace and not (c.conrelid::regclass::text = any($1)) order by 1, 2`, skip),
    sequences: await db.query(`select sequence_name, data_type from information_schema.sequences where sequence_schema = 'public' order by 1`),
  };
}

const applied = async (db: Database) => (await db.query<{ module: string; id: string }>('select module, id from module_migrations')).map((r) => `${r.module}/${r.id}`).sort();

describe('the schema\'s modules', () => {
  it('are each old numbered version, verbatim, split among the modules that own its tables', () => {
    expect([...LEGACY_VERSIONS.keys()]).toEqual(LEGACY_MIGRATIONS.map((_, i) => i + 1));
    for (const [version, parts] of LEGACY_VERSIONS) {
      const sql = parts.map(([module, id]) => ALL.find((m) => m.key === `${module}/${id}`)?.sql ?? `missing ${module}/${id}`).join('');
      expect(sql, `version ${version}`).toBe(LEGACY_MIGRATIONS[version - 1]);
    }
    // Every migration that was part of the numbered list is adopted from exactly one version.
    const adopted = [...LEGACY_VERSIONS.values()].flat().map(([module, id]) => `${module}/${id}`);
    expect(new Set(adopted).size).toBe(adopted.length);
  });

  it('refuses a list with an id twice', async () => {
    const twice = [{ module: 'x', migrations: [{ id: 'a', sql: 'select 1' }, { id: 'a', sql: 'select 2' }] }];
    await expect(migrate({} as Database, twice)).rejects.toThrow(/x\/a is listed twice/);
  });
});

const implementations: Array<{ name: string; open(): Promise<{ db: Database; cleanup(): Promise<void> }> }> = [
  { name: 'PGlite (embedded)', open: freshPglite },
  { name: 'PostgreSQL server', open: freshPostgres },
];

describe.each(implementations)('migrating on $name', ({ open }) => {
  let fresh: { db: Database; cleanup(): Promise<void> };
  let freshSchema: Awaited<ReturnType<typeof schemaOf>>;

  beforeAll(async () => {
    fresh = await open();
    expect(await migrate(fresh.db)).toBe(ALL.length);
    freshSchema = await schemaOf(fresh.db);
  });
  afterAll(() => fresh.cleanup());

  it('installs every module\'s migrations once', async () => {
    expect(await applied(fresh.db)).toEqual(ALL.map((m) => m.key).sort());
    expect(await migrate(fresh.db)).toBe(0);
    expect(freshSchema.columns.length).toBeGreaterThan(100);
  });

  // All of the old list; a release before version 7 (inbound_events re-keyed, then widened by
  // adapters/ later on); one before version 3 (split between bot/ and admin/).
  it.each([LEGACY_MIGRATIONS.length, 6, 2])('takes over a database migrated by the numbered list up to version %i', async (versions) => {
    const old = await open();
    try {
      expect(await legacyMigrate(old.db, LEGACY_MIGRATIONS.slice(0, versions))).toBe(versions);
      await old.db.query("insert into customers (id) values ('c1')");
      await old.db.query("insert into conversations (id, customer_id, channel) values ('conv1', 'c1', 'sms')");
      await old.db.query("insert into messages (id, conversation_id, seq, role, text, channel) values ('m1', 'conv1', 1, 'customer', 'hi', 'sms')");
      // From version 7 on, a delivery is keyed on its sender too.
      await old.db.query(versions >= 7
        ? "insert into inbound_events (channel, user_id, external_id, message_id) values ('sms', '+15550001', 'SM1', 'm1')"
        : "insert into inbound_events (channel, external_id, message_id) values ('sms', 'SM1', 'm1')");

      const adopted = LEGACY_MIGRATIONS.slice(0, versions).flatMap((_, i) => LEGACY_VERSIONS.get(i + 1)!);
      // Nothing the old list applied runs again (it would fail: its tables and columns exist).
      expect(await migrate(old.db)).toBe(ALL.length - adopted.length);
      expect(await applied(old.db)).toEqual(ALL.map((m) => m.key).sort());
      expect(await schemaOf(old.db)).toEqual(freshSchema);
      expect(await migrate(old.db)).toBe(0);
      expect(await old.db.query('select id, text from messages')).toEqual([{ id: 'm1', text: 'hi' }]);
      expect(await old.db.query('select channel, external_id, message_id from inbound_events')).toEqual([{ channel: 'sms', external_id: 'SM1', message_id: 'm1' }]);
    } finally {
      await old.cleanup();
    }
  });

  it('refuses a database with a numbered version it does not know, and changes nothing', async () => {
    const old = await open();
    try {
      await legacyMigrate(old.db, LEGACY_MIGRATIONS);
      await old.db.query('insert into schema_migrations (version) values (99)');
      await expect(migrate(old.db)).rejects.toThrow(/version\(s\) 99, unknown/);
      expect(await old.db.query("select to_regclass('module_migrations') as t")).toEqual([{ t: null }]);
    } finally {
      await old.cleanup();
    }
  });
});
