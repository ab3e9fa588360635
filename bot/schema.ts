/**
 * The schema: every module's migrations, and the runner that applies them. One schema for PGlite
 * and PostgreSQL.
 *
 * Each module that owns tables keeps its migrations in its own `migrations.ts` (bot/, adapters/,
 * admin/, analytics/, helpcenter/), an ordered list of `{ id, sql }`. To add one: append it at the
 * END of that module's list with an id not used before in that module; never edit, reorder or
 * rename one that shipped (the id is what an installation records). A new module with tables adds
 * its list to SCHEMA after the modules whose tables it references.
 *
 * Applied migrations are recorded as (module, id) rows in `module_migrations`. Databases made
 * before (one numbered list, `schema_migrations`) are taken over by bot/schema-legacy.ts.
 */
import { ADAPTERS_MIGRATIONS } from '../adapters/migrations.ts';
import { ADMIN_MIGRATIONS } from '../admin/migrations.ts';
import { ANALYTICS_MIGRATIONS } from '../analytics/migrations.ts';
import { HELPCENTER_MIGRATIONS } from '../helpcenter/migrations.ts';
import type { Database } from './db.ts';
import { BOT_MIGRATIONS } from './migrations.ts';
import { adoptLegacyVersions } from './schema-legacy.ts';

/** One schema change: statements without parameters, run as one string in the migration's transaction. */
export interface Migration {
  /** Unique within its module, recorded once applied: never reuse or rename one. */
  readonly id: string;
  readonly sql: string;
}

/** A module's migrations, in the order they apply. */
export interface ModuleMigrations {
  readonly module: string;
  readonly migrations: readonly Migration[];
}

/**
 * The modules in the order they migrate: a module's tables may reference (or alter) only those of
 * modules before it. bot/ owns customers and conversations; adapters/ and admin/ reference them;
 * helpcenter/ widens admin/'s unanswered inbox. Each file imports nothing but this file's types,
 * so listing them here loads none of those modules.
 */
export const SCHEMA: readonly ModuleMigrations[] = [BOT_MIGRATIONS, ADAPTERS_MIGRATIONS, ADMIN_MIGRATIONS, ANALYTICS_MIGRATIONS, HELPCENTER_MIGRATIONS];

/** Shared with the runner before this one, so old and new instances starting together take turns. */
const LOCK = 7263001;

/**
 * Apply pending migrations, module by module in SCHEMA's order, in one transaction under an
 * advisory lock (instances starting together take turns). Returns how many were applied.
 * `modules` is what to bring the database up to (a part of SCHEMA in tests).
 */
export async function migrate(db: Database, modules: readonly ModuleMigrations[] = SCHEMA): Promise<number> {
  const seen = new Set<string>();
  for (const { module, migrations } of modules) {
    for (const { id } of migrations) {
      const key = `${module}/${id}`;
      if (seen.has(key)) throw new Error(`migration ${key} is listed twice`);
      seen.add(key);
    }
  }
  return db.transaction(async (tx) => {
    await tx.query(`select pg_advisory_xact_lock(${LOCK})`);
    await tx.exec('create table if not exists module_migrations (module text not null, id text not null, applied_at timestamptz not null default now(), primary key (module, id))');
    await adoptLegacyVersions(tx);
    const done = new Set((await tx.query<{ module: string; id: string }>('select module, id from module_migrations')).map((r) => `${r.module}/${r.id}`));
    let applied = 0;
    for (const { module, migrations } of modules) {
      for (const { id, sql } of migrations) {
        if (done.has(`${module}/${id}`)) continue;
        await tx.exec(sql);
        await tx.query('insert into module_migrations (module, id) values ($1, $2)', [module, id]);
        applied++;
      }
    }
    return applied;
  });
}
