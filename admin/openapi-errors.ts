/**
 * The admin API's one error body (errors/, `errorBody`), described once as the `Error`
 * component; every error response of every path module refers to it.
 */
export const errorSchema = {
  type: 'object', required: ['error', 'message'],
  properties: {
    error: { type: 'string', description: 'machine-readable code: `bad_request`, `bad_json`, `unauthenticated`, `forbidden`, `not_found`, `stale_revision`, …' },
    message: { type: 'string', description: 'what went wrong, for a person' },
    details: {
      description: 'on a 400, every input problem as `{ path, message }`; on an ownership or console refusal, the conversation\'s state',
      oneOf: [{ type: 'array', items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } } }, { type: 'object' }],
    },
    revision: { type: 'integer', description: 'current revision, on `exists` and `stale_revision`' },
    file: { type: 'string', description: 'on `malformed`' },
    line: { type: 'integer', description: 'on `malformed`' },
    reasons: { type: 'array', items: { type: 'string' }, description: 'on `publish_gate`' },
  },
};

/** A response with the `Error` body. */
export const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
