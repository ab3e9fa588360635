/**
 * The admin API's one error body (errors/, `errorBody`), described once as the `Error`
 * component; every error response of every folder's operations refers to it.
 */
import { jsonResponse, z } from './openapi-registry.ts';

export const ErrorBody = z.object({
  error: z.string().describe('machine-readable code: `bad_request`, `bad_json`, `unauthenticated`, `forbidden`, `not_found`, `stale_revision`, …'),
  message: z.string().describe('what went wrong, for a person'),
  details: z.union([z.array(z.object({ path: z.string(), message: z.string() })), z.record(z.unknown())]).optional()
    .describe('on a 400, every input problem as `{ path, message }`; on an ownership or console refusal, the conversation\'s state'),
  revision: z.number().int().optional().describe('current revision, on `exists` and `stale_revision`'),
  file: z.string().optional().describe('on `malformed`'),
  line: z.number().int().optional().describe('on `malformed`'),
  reasons: z.array(z.string()).optional().describe('on `publish_gate`'),
}).openapi('Error');

/** Error responses by status, each with the `Error` body: `errorResponses({ 404: 'no such entry' })`. */
export const errorResponses = (texts: Record<number, string>) =>
  Object.fromEntries(Object.entries(texts).map(([status, text]) => [status, jsonResponse(text, ErrorBody)]));
