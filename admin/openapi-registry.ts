/**
 * Where every admin folder describes its routes for the OpenAPI document (admin/openapi.ts
 * builds `GET /api/openapi.json` from it). zod-to-openapi reads the zod schemas the routes
 * validate with, so a changed rule shows in the document without a second, hand-written copy.
 */
import { extendZodWithOpenApi, OpenAPIRegistry, type RouteConfig, type ZodRequestBody } from '@asteasolutions/zod-to-openapi';
import { z, type ZodTypeAny } from 'zod';

// `.openapi()` (component names) must exist on zod schemas before a registry reads them;
// modules that name components import this one first.
extendZodWithOpenApi(z);

export { z };

/** An operation as a folder describes it; the `operationId` is derived unless given. */
export type Operation = Omit<RouteConfig, 'operationId'> & { operationId?: string };

/**
 * A stable, unique `operationId` from the method and path, since client generators name their
 * functions after it: `POST /api/admin/entries/{id}/alternates` → `postEntriesByIdAlternates`.
 */
export function operationIdOf(method: string, path: string): string {
  const word = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
  const parts = path.replace(/^\/api\/admin\//, '').split('/').filter(Boolean)
    .map((p) => (p.startsWith('{') ? `By${word(p.slice(1, -1))}` : p.split(/[-_]/).map(word).join('')));
  return `${method}${parts.join('')}`;
}

/** The admin API's operations, collected from every folder. */
export class AdminApi {
  readonly registry = new OpenAPIRegistry();

  add(op: Operation): void {
    this.registry.registerPath({ ...op, operationId: op.operationId ?? operationIdOf(op.method, op.path) });
  }
}

/** A JSON response. */
export const jsonResponse = (description: string, schema: ZodTypeAny) => ({ description, content: { 'application/json': { schema } } });

/** A required JSON request body. */
export const jsonBody = (schema: ZodTypeAny): ZodRequestBody => ({ required: true, content: { 'application/json': { schema } } });
