import type { PGlite } from '@electric-sql/pglite';

/** Named prepared statements of `pg` (see pglite-statements.mjs). */
export declare function preparedStatements(pg: PGlite, max?: number): {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  forget(): Promise<void>;
};
