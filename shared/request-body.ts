import type { z } from 'zod';

/** The part of an HTTP response `parseBody` uses (Express's fits). */
export interface JsonResponse {
  status(code: number): { json(body: unknown): unknown };
}

/**
 * Parse a request body with a schema. When it does not fit, answer 400
 * `{ error: 'bad_request', message: '<path>: <problem>' }` for the first problem and return
 * undefined, so the handler just returns.
 * @example
 * const body = parseBody(ChatRequest, req.body, res);
 * if (!body) return;
 */
export function parseBody<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, body: unknown, res: JsonResponse): T | undefined {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  res.status(400).json({ error: 'bad_request', message: `${issue?.path.join('.') || 'body'}: ${issue?.message}` });
  return undefined;
}
