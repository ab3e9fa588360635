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
