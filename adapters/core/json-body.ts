import type { z } from 'zod';
import { MalformedPayloadError } from './errors.ts';

/**
 * Parse a JSON webhook body from its raw bytes (after the signature over those bytes was checked).
 * @throws MalformedPayloadError for invalid JSON or anything but an object.
 */
export function parseJsonObject(channel: string, body: Buffer): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw new MalformedPayloadError(channel, 'body is not valid JSON');
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new MalformedPayloadError(channel, 'body is not a JSON object');
  return json as Record<string, unknown>;
}

/**
 * Check a parsed webhook payload against the schema of the fields we read, before anything is
 * acknowledged: a field of the wrong type (a number where Meta sends a string, `mid: null`) is a
 * MalformedPayloadError (400) naming the field, instead of a TypeError, an invalid date or a
 * NOT NULL violation after the 200. Schemas pass unknown fields through: providers add fields.
 */
export function validatePayload<T>(channel: string, schema: z.ZodType<T>, payload: unknown): T {
  const parsed = schema.safeParse(payload);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new MalformedPayloadError(channel, `${issue.path.join('.') || 'body'}: ${issue.message}`);
}
