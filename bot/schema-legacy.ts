import type { SqlTransaction } from './db.ts';

/**
 * Until each module declared its own migrations, the schema was one numbered list, and a database
 * recorded the versions it had applied in `schema_migrations (version integer)`. Each of those
 * versions is, verbatim, the migrations below (version 3 became two: its handoff part is bot/'s,
 * its console part admin/'s), so a database migrated that way is recorded as having applied them
 * and nothing runs twice. Fixed for good: a version's meaning never changes.
 */
export const LEGACY_VERSIONS: ReadonlyMap<number, ReadonlyArray<readonly [module: string, id: string]>> = new Map([
  [1, [['bot', 'conversations']]],
  [2, [['adapters', 'channel-state']]],
  [3, [['bot', 'ownership'], ['admin', 'console-accounts']]],
  [4, [['admin', 'knowledge-drafts']]],
  [5, [['admin', 'unanswered-inbox']]],
  [6, [['admin', 'knowledge-releases']]],
  [7, [['bot', 'inbound-sender']]],
  [8, [['admin', 'login-throttle']]],
  [9, [['adapters', 'webhook-rejections']]],
  [10, [['analytics', 'events']]],
  [11, [['helpcenter', 'votes-categories']]],
  [12, [['adapters', 'intake-outbox']]],
  [13, [['analytics', 'rollups']]],
]);

/**
 * Record the old versions a database holds as the (module, id) migrations they were, in
 * `module_migrations`. Runs on every migration (a row already there is left alone) and leaves
 * `schema_migrations` in place, so an older release started against the database still finds its
 * versions there. A version this map does not know came from a newer release of the numbered
 * list: refused, rather than guessing which of its migrations are missing.
 */
export async function adoptLegacyVersions(tx: SqlTransaction): Promise<void> {
  const [found] = await tx.query<{ present: boolean }>("select to_regclass('schema_migrations') is not null as present");
  if (!found?.present) return;
  const versions = (await tx.query<{ version: number }>('select version from schema_migrations order by version')).map((r) => Number(r.version));
  const unknown = versions.filter((v) => !LEGACY_VERSIONS.has(v));
  if (unknown.length) throw new Error(`schema_migrations holds version(s) ${unknown.join(', ')}, unknown to this release (bot/schema-legacy.ts)`);
  for (const v of versions) {
    for (const [module, id] of LEGACY_VERSIONS.get(v)!) {
      await tx.query('insert into module_migrations (module, id) values ($1, $2) on conflict do nothing', [module, id]);
    }
  }
}
